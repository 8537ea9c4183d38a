import { describe, expect, it } from 'vitest';
import type { ObjectMeta } from '../../api/operations';
import { complete, groupChoices, inlineDocument, measureChoices, newDraft, savedDocument } from './report-draft';

const META: ObjectMeta = {
  name: 'opportunity',
  plural: 'opportunities',
  label: { en: 'Opportunity' },
  pluralLabel: { en: 'Opportunities' },
  displayField: 'name',
  fields: [
    { name: 'name', kind: 'text', label: { en: 'Name' }, required: true },
    { name: 'amount', kind: 'currency', label: { en: 'Amount' }, required: false },
    { name: 'closeDate', kind: 'date', label: { en: 'Close date' }, required: false },
    { name: 'account', kind: 'lookup', label: { en: 'Account' }, required: false, target: 'account' },
  ],
  pipelines: [
    {
      key: 'p',
      object: 'opportunity',
      label: { en: 'P' },
      isDefault: true,
      amountField: 'amount',
      allowSkip: true,
      allowReopen: false,
      lostReasonRequired: false,
      stages: [{ key: 'open', label: { en: 'Open' }, probability: 10, category: 'open', idleDays: null, index: 0, gate: null }],
    },
  ],
};
const labelOf = () => ({ en: 'x' });

describe('report draft', () => {
  it('groups by choices, users, lookups and dates; the owner as ownerId', () => {
    const names = groupChoices(META).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['closeDate', 'account', 'stage', 'ownerId', 'createdAt']));
    expect(names).not.toContain('name');
    expect(names).not.toContain('owner');
  });

  it('adds up numbers and money only; counts distinct values of any stored field', () => {
    expect(measureChoices(META, 'sum').map((c) => c.name)).toEqual(['amount', 'probability']);
    expect(measureChoices(META, 'count_distinct').map((c) => c.name)).toContain('account');
    expect(measureChoices(META, 'count')).toEqual([]);
  });

  it('starts with records counted by stage, and writes the documents runReport and the pipeline take', () => {
    const d = newDraft(META);
    expect(d).toMatchObject({ groups: [{ field: 'stage' }], measures: [{ fn: 'count' }], chart: 'bar' });
    d.groups.push({ field: 'closeDate', bucket: 'quarter' });
    d.measures.push({ fn: 'sum' });
    expect(complete(d)).toBe(false);
    d.measures[1]!.field = 'amount';
    expect(complete(d)).toBe(true);
    expect(inlineDocument(d, labelOf)).toEqual({
      'x-object': 'opportunity',
      groupBy: [{ field: 'stage' }, { field: 'closeDate', bucket: 'quarter' }],
      measures: [
        { key: 'm1', fn: 'count', label: { en: 'x' } },
        { key: 'm2', fn: 'sum', field: 'amount', label: { en: 'x' } },
      ],
      totals: true,
      subtotals: true,
      chart: 'bar',
    });
    d.title = ' Pipeline ';
    expect(savedDocument(d, 'pipeline', labelOf)).toMatchObject({ 'x-report': 'pipeline', title: 'Pipeline', 'x-object': 'opportunity' });
  });
});
