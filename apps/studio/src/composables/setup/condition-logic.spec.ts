import { describe, expect, it } from 'vitest';
import { formatLogic, incompleteRules, newGroup, newRule, operatorsFor, parseCondition, renameVars, toLogic, varsOf, type ConditionField, type ConditionGroup } from './condition-logic';

const FIELDS = new Map<string, ConditionField>([
  ['budget', { name: 'budget', kind: 'currency' }],
  ['status', { name: 'status', kind: 'single_select', options: [{ value: 'draft' }, { value: 'approved' }] }],
  ['name', { name: 'name', kind: 'text' }],
  ['tags', { name: 'tags', kind: 'multi_select', options: [{ value: 'vip' }] }],
]);

const rule = (field: string, operator: Parameters<typeof newRule>[1], value: unknown = null) => ({ ...newRule(field, operator), value });
/** The tree without row ids, for comparisons. */
const shape = (g: ConditionGroup | null): unknown =>
  g && { combinator: g.combinator, children: g.children.map((c) => (c.type === 'group' ? shape(c) : { field: c.field, operator: c.operator, value: c.value })) };

describe('condition builder ↔ json-logic', () => {
  it('writes groups and rules, one rule alone without a group', () => {
    expect(toLogic(newGroup('and'))).toBeUndefined();
    expect(toLogic(newGroup('and', [rule('budget', 'gte', 1000)]))).toEqual({ '>=': [{ var: 'budget' }, 1000] });
    const tree = newGroup('and', [rule('budget', 'gte', 1000), newGroup('or', [rule('status', 'eq', 'approved'), rule('name', 'empty')]), rule('tags', 'has', 'vip')]);
    const logic = {
      and: [
        { '>=': [{ var: 'budget' }, 1000] },
        { or: [{ '==': [{ var: 'status' }, 'approved'] }, { '==': [{ var: 'name' }, null] }] },
        { in: ['vip', { var: 'tags' }] },
      ],
    };
    expect(toLogic(tree)).toEqual(logic);
    expect(shape(parseCondition(logic))).toEqual(shape(tree));
  });

  it('reads back every operator it writes', () => {
    const rules = [
      rule('name', 'eq', 'a'), rule('name', 'neq', 'a'), rule('budget', 'lt', 1), rule('budget', 'lte', 1), rule('budget', 'gt', 1), rule('budget', 'gte', 1),
      rule('status', 'in', ['draft', 'approved']), rule('tags', 'has', 'vip'), rule('name', 'icontains', 'x'), rule('name', 'starts_with', 'x'),
      rule('name', 'empty'), rule('name', 'not_empty'),
    ];
    const tree = newGroup('or', rules);
    expect(shape(parseCondition(toLogic(tree)))).toEqual(shape(tree));
  });

  it('reports json-logic it cannot show', () => {
    expect(parseCondition({ '>': [{ '+': [{ var: 'a' }, 1] }, 2] })).toBeNull();
    expect(parseCondition({ '!': { var: 'a' } })).toBeNull();
    expect(shape(parseCondition(undefined))).toEqual({ combinator: 'and', children: [] });
  });

  it('offers operators by kind and finds incomplete rules', () => {
    expect(operatorsFor('currency')).toContain('gte');
    expect(operatorsFor('currency')).not.toContain('icontains');
    expect(operatorsFor('multi_select')).toEqual(['has', 'empty', 'not_empty']);
    expect(operatorsFor('formula')).toEqual([]);
    const tree = newGroup('and', [rule('budget', 'gte'), rule('name', 'empty'), rule('', 'eq', 1), rule('budget', 'icontains', 'x')]);
    expect(incompleteRules(tree, FIELDS).map((r) => r.field)).toEqual(['budget', '', 'budget']);
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
