import { describe, expect, it } from 'vitest';
import type { FieldMeta, ObjectMeta, PipelineMeta } from '../../api/operations';
import '../../fields/formats';
import { selectionOf } from '../../fields/registry';
import { cardLineFields, cardSelection } from './card-fields';

const field = (name: string, kind: string, extra: Partial<FieldMeta> = {}): FieldMeta => ({ name, kind, label: { en: name }, required: false, ...extra });
const opportunity: ObjectMeta = {
  name: 'opportunity',
  plural: 'opportunities',
  label: {},
  pluralLabel: {},
  displayField: 'name',
  fields: [
    field('name', 'text'),
    field('notes', 'long_text'),
    field('account', 'lookup', { target: 'account' }),
    field('amount', 'currency'),
    field('closeDate', 'date'),
    field('number', 'auto_number'),
    field('source', 'single_select'),
  ],
};
const pipeline = { key: 'p', amountField: 'amount' } as PipelineMeta;
opportunity.pipelines = [pipeline];

describe('card fields', () => {
  it('shows the amount first, then a lookup and a date: three lines at most, never the title again', () => {
    expect(cardLineFields(opportunity, pipeline).map((f) => f.name)).toEqual(['amount', 'account', 'closeDate']);
    expect(cardLineFields(opportunity, { ...pipeline, amountField: null }).map((f) => f.name)).toEqual(['account', 'closeDate', 'source']);
  });

  it('selects what the card shows, with sub-selections for lookups, money and users', () => {
    const lines = cardLineFields(opportunity, pipeline);
    expect(cardSelection(opportunity, lines, () => 'name')).toBe(
      'id version stage probability isIdle stageEnteredAt outcome owner { id name } name amount { amount currency } accountId account { id name } closeDate',
    );
  });

  it('selects each line as the field widget registry does, a user line with its email like everywhere else', () => {
    const withUser: ObjectMeta = {
      ...opportunity,
      fields: [field('name', 'text'), field('manager', 'user'), field('account', 'lookup', { target: 'account' })],
    };
    const lines = cardLineFields(withUser, { ...pipeline, amountField: null });
    expect(lines.map((f) => f.name)).toEqual(['account', 'manager']);
    const selection = cardSelection(withUser, lines, () => 'name');
    for (const f of lines) expect(selection).toContain(selectionOf(f, { displayFieldOf: () => 'name' }));
    expect(selection).toContain('managerId manager { id name email }');
  });
});
