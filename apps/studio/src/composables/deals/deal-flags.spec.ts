import { describe, expect, it } from 'vitest';
import type { FieldMeta, ObjectMeta, PipelineMeta } from '../../api/operations';
import { dealFlags, flagFieldNames } from './deal-flags';

const field = (name: string, kind: string): FieldMeta => ({ name, kind, label: { en: name }, required: false });
const deal: ObjectMeta = {
  name: 'opportunity',
  plural: 'opportunities',
  label: {},
  pluralLabel: {},
  displayField: 'name',
  fields: [field('name', 'text'), field('closeDate', 'date')],
  pipelines: [{ key: 'sales' } as PipelineMeta],
};
const TODAY = '2026-12-03';

describe('deal flags', () => {
  it('flags an open deal whose close date has passed; today itself is not overdue', () => {
    expect(dealFlags({ closeDate: '2026-12-02', outcome: null }, deal, TODAY)).toEqual(['overdue']);
    expect(dealFlags({ closeDate: TODAY, outcome: null }, deal, TODAY)).toEqual([]);
    expect(dealFlags({ closeDate: null, outcome: null }, deal, TODAY)).toEqual([]);
  });

  it('flags idle deals as the server says, both flags together, and never a won or lost one', () => {
    expect(dealFlags({ closeDate: '2026-01-01', isIdle: true }, deal, TODAY)).toEqual(['overdue', 'idle']);
    expect(dealFlags({ closeDate: '2026-01-01', isIdle: true, outcome: 'won' }, deal, TODAY)).toEqual([]);
    expect(dealFlags({ closeDate: '2026-01-01', outcome: 'lost' }, deal, TODAY)).toEqual([]);
  });

  it('asks nothing of objects without a pipeline, and only the close date a deal has', () => {
    const account: ObjectMeta = { ...deal, pipelines: [] };
    expect(flagFieldNames(account)).toEqual([]);
    expect(dealFlags({ closeDate: '2020-01-01', isIdle: true }, account, TODAY)).toEqual([]);
    expect(flagFieldNames(deal)).toEqual(['outcome', 'isIdle', 'closeDate']);
    expect(flagFieldNames({ ...deal, fields: [field('name', 'text')] })).toEqual(['outcome', 'isIdle']);
  });
});
