import { describe, expect, it } from 'vitest';
import type { FieldMeta } from '../api/operations';
import type { FilterOperatorId } from '../fields/filters/operators';
import { formatLogic, parseLogic, renameVars, toLogic, varsOf } from './condition-logic';
import type { Condition, ConditionFields, ConditionGroup, ConditionNode } from './condition-tree';

const field = (name: string, kind: string): FieldMeta => ({ name, kind, label: { en: name }, required: false });
const FIELDS = [
  field('budget', 'currency'),
  field('status', 'single_select'),
  field('name', 'text'),
  field('tags', 'multi_select'),
  field('active', 'boolean'),
  field('start', 'date'),
];
/** The operators of each kind's filter editor, as the widget registry (fields/widgets.ts) lists them. */
const OPS: Record<string, FilterOperatorId[]> = {
  currency: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull', 'notNull'],
  single_select: ['in', 'notIn', 'eq', 'neq', 'isNull', 'notNull'],
  text: ['contains', 'eq', 'neq', 'startsWith', 'in', 'isNull', 'notNull'],
  multi_select: ['containsAny', 'containsAll', 'isNull', 'notNull'],
  boolean: ['isTrue', 'isFalse', 'isNull', 'notNull'],
  date: ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'between', 'isNull', 'notNull'],
};
const fields: ConditionFields = { fields: FIELDS, operatorsOf: (f) => OPS[f.kind] ?? [] };

const all = (...items: ConditionNode[]): ConditionGroup => ({ match: 'all', items });
const c = (name: string, op: FilterOperatorId, value?: unknown, not?: boolean): Condition => ({
  field: name,
  op,
  ...(value === undefined ? {} : { value }),
  ...(not ? { not } : {}),
});

/** One condition per operator of every kind above, with the json-logic it is written as. */
const EVERY_OPERATOR: [Condition, unknown][] = [
  [c('budget', 'eq', 5), { '==': [{ var: 'budget' }, 5] }],
  [c('budget', 'neq', 5), { '!=': [{ var: 'budget' }, 5] }],
  [c('budget', 'gt', 5), { '>': [{ var: 'budget' }, 5] }],
  [c('budget', 'gte', 5), { '>=': [{ var: 'budget' }, 5] }],
  [c('budget', 'lt', 5), { '<': [{ var: 'budget' }, 5] }],
  [c('budget', 'lte', 5), { '<=': [{ var: 'budget' }, 5] }],
  [c('budget', 'between', [1, 9]), { '<=': [1, { var: 'budget' }, 9] }],
  [c('budget', 'isNull'), { '==': [{ var: 'budget' }, null] }],
  [c('budget', 'notNull'), { '!=': [{ var: 'budget' }, null] }],
  [c('status', 'in', ['a', 'b']), { in: [{ var: 'status' }, ['a', 'b']] }],
  [c('status', 'notIn', ['a']), { '!': { in: [{ var: 'status' }, ['a']] } }],
  [c('status', 'eq', 'a'), { '==': [{ var: 'status' }, 'a'] }],
  [c('name', 'contains', 'ac'), { icontains: [{ var: 'name' }, 'ac'] }],
  [c('name', 'startsWith', 'ac'), { starts_with: [{ var: 'name' }, 'ac'] }],
  [c('name', 'in', ['x', 'y']), { in: [{ var: 'name' }, ['x', 'y']] }],
  [c('tags', 'containsAny', ['vip']), { in: ['vip', { var: 'tags' }] }],
  [c('tags', 'containsAny', ['vip', 'new']), { or: [{ in: ['vip', { var: 'tags' }] }, { in: ['new', { var: 'tags' }] }] }],
  [c('tags', 'containsAll', ['vip', 'new']), { and: [{ in: ['vip', { var: 'tags' }] }, { in: ['new', { var: 'tags' }] }] }],
  [c('active', 'isTrue'), { '==': [{ var: 'active' }, true] }],
  [c('active', 'isFalse'), { '==': [{ var: 'active' }, false] }],
  [c('start', 'gte', '2026-01-01'), { '>=': [{ var: 'start' }, '2026-01-01'] }],
  [c('name', 'eq', 'a', true), { '!': { '==': [{ var: 'name' }, 'a'] } }],
];

describe('condition tree → json-logic', () => {
  it.each(EVERY_OPERATOR)('writes %j as %j, and reads it back', (condition, logic) => {
    expect(toLogic(all(condition), FIELDS)).toEqual(logic);
    expect(parseLogic(logic, fields)).toEqual(all(condition));
  });

  it('writes groups, nested and negated; a root of one condition as the condition alone; nothing as undefined', () => {
    expect(toLogic(all(), FIELDS)).toBeUndefined();
    expect(toLogic(null, FIELDS)).toBeUndefined();
    expect(toLogic(c('budget', 'gte', 1), FIELDS)).toEqual({ '>=': [{ var: 'budget' }, 1] });
    const tree = all(
      c('budget', 'gte', 1000),
      { match: 'any', items: [c('status', 'eq', 'approved'), c('name', 'isNull')] },
      { match: 'all', not: true, items: [c('tags', 'containsAny', ['vip'])] },
    );
    const logic = {
      and: [
        { '>=': [{ var: 'budget' }, 1000] },
        { or: [{ '==': [{ var: 'status' }, 'approved'] }, { '==': [{ var: 'name' }, null] }] },
        { '!': { and: [{ in: ['vip', { var: 'tags' }] }] } },
      ],
    };
    expect(toLogic(tree, FIELDS)).toEqual(logic);
    expect(parseLogic(logic, fields)).toEqual(tree);
  });

  // The gates the pipeline designer wrote before the editors were merged read back as they were written.
  it.each([
    { and: [{ '>=': [{ var: 'budget' }, 1000] }, { or: [{ '==': [{ var: 'status' }, 'active'] }, { '!=': [{ var: 'start' }, null] }] }] },
    {
      or: [{ '==': [{ var: 'name' }, 'a'] }, { '!=': [{ var: 'name' }, 'a'] }, { icontains: [{ var: 'name' }, 'x'] }, { starts_with: [{ var: 'name' }, 'x'] }],
    },
    {
      and: [
        { in: [{ var: 'status' }, ['draft', 'approved']] },
        { in: ['vip', { var: 'tags' }] },
        { '==': [{ var: 'active' }, true] },
        { '<=': [{ var: 'start' }, '2026-12-31'] },
      ],
    },
    { '==': [{ var: 'budget' }, null] },
    { and: [{ or: [{ '<': [{ var: 'budget' }, 1] }, { '>': [{ var: 'budget' }, 9] }] }] },
  ])('reads %j and writes it back unchanged', (logic) => {
    const tree = parseLogic(logic, fields);
    expect(tree).not.toBeNull();
    expect(toLogic(tree, FIELDS)).toEqual(logic);
  });

  it('reports json-logic it cannot show, so the designer keeps it verbatim', () => {
    const cannot = [
      { '>': [{ '+': [{ var: 'budget' }, 1] }, 2] }, // arithmetic
      { '!': { var: 'budget' } }, // truthiness
      { '==': [{ var: 'nope' }, 1] }, // not a field
      { icontains: [{ var: 'budget' }, 'x'] }, // an operator the amount's editor does not offer
      { in: ['ac', { var: 'name' }] }, // substring of a text: not "has any of"
      { '===': [{ var: 'name' }, 'a'] }, // would be written back as ==
      { '==': [{ var: ['name'] }, 'a'] }, // would be written back as {"var": "name"}
      { '!': [{ '==': [{ var: 'name' }, 'a'] }] }, // would be written back without the array
      { and: [{ '==': [{ var: 'name' }, 'a'] }] }, // a root of one condition would be written alone
      { '!': { '!': { '==': [{ var: 'name' }, 'a'] } } }, // not not
    ];
    for (const logic of cannot) expect(parseLogic(logic, fields), JSON.stringify(logic)).toBeNull();
    expect(parseLogic(undefined, fields)).toEqual(all());
  });

  it('renames and lists variables', () => {
    const logic = { and: [{ '>=': [{ var: 'budget' }, 1] }, { in: ['x', { var: ['tags'] }] }] };
    expect(renameVars(logic, new Map([['budget', 'amount']]))).toEqual({ and: [{ '>=': [{ var: 'amount' }, 1] }, { in: ['x', { var: 'tags' }] }] });
    expect([...varsOf(logic)]).toEqual(['budget', 'tags']);
  });
});

describe('formatLogic', () => {
  it('keeps small nodes on one line and indents the rest', () => {
    const logic = { and: [{ '>=': [{ var: 'budget' }, 1000] }, { or: [{ '==': [{ var: 'status' }, 'active'] }, { '!=': [{ var: 'startDate' }, null] }] }] };
    expect(formatLogic(logic)).toBe(
      [
        '{',
        '  "and": [',
        '    {">=": [{"var": "budget"}, 1000]},',
        '    {',
        '      "or": [',
        '        {"==": [{"var": "status"}, "active"]},',
        '        {"!=": [{"var": "startDate"}, null]}',
        '      ]',
        '    }',
        '  ]',
        '}',
      ].join('\n'),
    );
    expect(JSON.parse(formatLogic(logic, 10))).toEqual(logic);
    expect(formatLogic(undefined)).toBe('');
  });
});
