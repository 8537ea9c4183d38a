import { describe, expect, it } from 'vitest';
import type { FieldMeta, ObjectMeta } from '../../api/operations';
import { isQuickFilterOn, quarterOf, quickFiltersFor, type QuickFilterContext } from './quick-filters';

const field = (name: string, kind: string): FieldMeta => ({ name, kind, label: { en: name }, required: false });
const deal = {
  name: 'opportunity',
  fields: [field('name', 'text'), field('closeDate', 'date')],
  pipelines: [{ key: 'sales', isDefault: true, stages: [] }],
} as unknown as ObjectMeta;
const account = { name: 'account', fields: [field('name', 'text')] } as unknown as ObjectMeta;
const ctx = (meta: ObjectMeta, names: string[], userId: string | null = 'u1'): QuickFilterContext => ({
  meta,
  fields: names.map((n) => field(n, n === 'closeDate' ? 'date' : 'text')),
  userId,
  now: new Date(2026, 11, 4, 18),
});

describe('quick filters', () => {
  it('gives deals "my open" and "closing this quarter", as chips of their own fields', () => {
    const quick = quickFiltersFor(ctx(deal, ['name', 'owner', 'outcome', 'closeDate']));
    expect(quick.map((q) => q.id)).toEqual(['myOpen', 'closingThisQuarter']);
    expect(quick[0]!.conditions).toEqual([
      { field: 'owner', op: 'in', value: ['u1'] },
      { field: 'outcome', op: 'isNull' },
    ]);
    expect(quick[1]!.conditions).toEqual([
      { field: 'closeDate', op: 'between', value: ['2026-10-01', '2026-12-31'] },
      { field: 'outcome', op: 'isNull' },
    ]);
  });

  it('gives other objects "mine", and nothing that needs a field the list lacks', () => {
    expect(quickFiltersFor(ctx(account, ['name', 'owner'])).map((q) => q.id)).toEqual(['mine']);
    expect(quickFiltersFor(ctx(account, ['name']))).toEqual([]);
    // Signed out (no user yet): no "mine".
    expect(quickFiltersFor(ctx(deal, ['name', 'owner', 'outcome', 'closeDate'], null)).map((q) => q.id)).toEqual(['closingThisQuarter']);
  });

  it('finds the calendar quarter of a day', () => {
    expect(quarterOf(new Date(2026, 0, 1))).toEqual(['2026-01-01', '2026-03-31']);
    expect(quarterOf(new Date(2026, 4, 31))).toEqual(['2026-04-01', '2026-06-30']);
    expect(quarterOf(new Date(2026, 11, 31, 23))).toEqual(['2026-10-01', '2026-12-31']);
  });

  it('is on while the chips are exactly its conditions, in any order', () => {
    const [myOpen] = quickFiltersFor(ctx(deal, ['name', 'owner', 'outcome', 'closeDate']));
    expect(
      isQuickFilterOn(myOpen!, [
        { op: 'isNull', field: 'outcome' },
        { field: 'owner', value: ['u1'], op: 'in' },
      ]),
    ).toBe(true);
    expect(isQuickFilterOn(myOpen!, [{ field: 'outcome', op: 'isNull' }])).toBe(false);
    expect(isQuickFilterOn(myOpen!, [...myOpen!.conditions, { field: 'name', op: 'contains', value: 'a' }])).toBe(false);
  });
});
