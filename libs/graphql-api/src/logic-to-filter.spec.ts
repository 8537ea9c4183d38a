import { describe, expect, it } from 'vitest';
import { evaluate } from '@funnelcraft/expressions';
import { filterToLogic } from './filter-input.js';
import { logicToFilter } from './logic-to-filter.js';

const LIST_FIELDS = new Set(['tags']);
const x = (name: string) => ({ var: name });

// Drill-downs are made of these: a filter, a period, group cells (a value, a null, a bucket's range).
const CASES: unknown[] = [
  true,
  { '==': [x('stage'), 'proposal'] },
  { '==': [x('closedOn'), null] },
  { '!=': [x('lostReason'), null] },
  { '!=': [x('stage'), 'lost'] },
  { and: [{ '>=': [x('closedOn'), '2026-01-01'] }, { '<': [x('closedOn'), '2026-02-01'] }] },
  { or: [{ '>': [x('amount'), 10] }, { '<=': [x('amount'), 2] }] },
  { '<': [5, x('amount')] },
  { '<=': [1, x('amount'), 9] },
  { in: [x('stage'), ['a', 'b']] },
  { in: ['red', x('tags')] },
  { '!': [{ '==': [x('outcome'), 'won'] }] },
  { icontains: [x('name'), 'acme'] },
  { starts_with: [x('name'), 'Ac'] },
];

const RECORDS = [
  { stage: 'proposal', closedOn: '2026-01-15', lostReason: null, amount: 12, tags: ['red'], outcome: 'won', name: 'Acme' },
  { stage: 'a', closedOn: null, lostReason: 'price', amount: 5, tags: [], outcome: null, name: 'Bolt' },
  { stage: 'lost', closedOn: '2026-02-01', lostReason: null, amount: 1, tags: ['blue', 'red'], outcome: 'lost', name: 'the acme co' },
  { stage: 'b', closedOn: '2025-12-31', lostReason: 'timing', amount: 9, tags: null, outcome: 'won', name: 'Ace' },
];

describe('logicToFilter', () => {
  it.each(CASES.map((c) => [JSON.stringify(c), c]))('says %s as a list filter meaning the same', (_name, logic) => {
    const filter = logicToFilter(logic);
    expect(filter).toBeDefined();
    const back = filterToLogic(filter, LIST_FIELDS) ?? true;
    for (const r of RECORDS) expect(Boolean(evaluate(back, r)), JSON.stringify(r)).toBe(Boolean(evaluate(logic, r)));
  });

  it('answers undefined for what a list filter cannot say', () => {
    expect(logicToFilter({ '==': [x('a'), x('b')] })).toBeUndefined();
    expect(logicToFilter({ in_period: [x('closedOn'), 'this_month'] })).toBeUndefined();
    expect(logicToFilter({ and: [{ '==': [x('a'), 1] }, { '+': [1, 2] }] })).toBeUndefined();
    expect(logicToFilter('yes')).toBeUndefined();
  });
});
