/**
 * The studio's condition editor writes one tree two ways: json-logic (stage gates, and next rules and reports)
 * and the object's typed GraphQL filter (list filters and saved views), which the server turns into
 * json-logic itself (libs/graphql-api filter-input.ts). Both must mean the same: for every operator the
 * field widgets offer, and for nested, negated groups, the two json-logic expressions give the same answer
 * on every sample record, evaluated by the server's own in-memory back end.
 */
import { evaluate, isTruthy } from '@funnelcraft/expressions';
import { describe, expect, it } from 'vitest';
import { filterToLogic } from '../libs/graphql-api/src/filter-input.js';

interface Field {
  name: string;
  kind: string;
  label: Record<string, string>;
  required: boolean;
}
type Condition = { field: string; op: string; value?: unknown; not?: boolean };
type Node = Condition | { match: 'any' | 'all'; items: Node[]; not?: boolean };

/**
 * The studio's modules, loaded at run time: they are written for its bundler (imports without file
 * extensions), which the root tsconfig's Node resolution refuses, so the type checker must not follow them.
 */
const conditionsModule = (name: string) => import(`../apps/studio/src/conditions/${name}.ts`);
const { toLogic } = (await conditionsModule('condition-logic')) as { toLogic: (root: Node | null, fields: Field[]) => unknown };
const { toFilterPart } = (await conditionsModule('filter-tree')) as { toFilterPart: (node: Node, fields: Field[]) => Record<string, unknown> | null };
const filtersModule = (name: string) => import(`../apps/studio/src/fields/filters/${name}.ts`);
const { ARITY } = (await filtersModule('operators')) as { ARITY: Record<string, 'none' | 'one' | 'two' | 'many'> };

const field = (name: string, kind: string): Field => ({ name, kind, label: { en: name }, required: false });
const FIELDS = [
  field('amount', 'number'),
  field('stage', 'single_select'),
  field('name', 'text'),
  field('tags', 'multi_select'),
  field('active', 'boolean'),
  field('closeDate', 'date'),
];
/** Sample values of each field for every operator: what a condition compares with. */
const VALUES: Record<string, { one: unknown; many: unknown[]; two: [unknown, unknown] }> = {
  amount: { one: 10, many: [5, 10], two: [5, 12] },
  stage: { one: 'won', many: ['won', 'lost'], two: ['a', 'z'] },
  name: { one: 'acme', many: ['Acme', 'Beta'], two: ['a', 'c'] },
  tags: { one: 'vip', many: ['vip', 'new'], two: ['a', 'z'] },
  active: { one: true, many: [true], two: [false, true] },
  closeDate: { one: '2026-03-01', many: ['2026-03-01'], two: ['2026-01-01', '2026-06-30'] },
};
/** The operators of each kind's filter editor, as apps/studio/src/fields/widgets.ts registers them (it loads Vue components, so it is not imported here). */
const OPERATORS: Record<string, string[]> = {
  amount: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull', 'notNull'],
  stage: ['in', 'notIn', 'eq', 'neq', 'isNull', 'notNull'],
  name: ['contains', 'eq', 'neq', 'startsWith', 'in', 'isNull', 'notNull'],
  tags: ['containsAny', 'containsAll', 'isNull', 'notNull'],
  active: ['isTrue', 'isFalse', 'isNull', 'notNull'],
  closeDate: ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'between', 'isNull', 'notNull'],
};
const RECORDS = [
  { amount: 10, stage: 'won', name: 'Acme Corp', tags: ['vip'], active: true, closeDate: '2026-03-01' },
  { amount: 5, stage: 'lost', name: 'Beta', tags: ['new', 'vip'], active: false, closeDate: '2025-12-01' },
  { amount: 40, stage: 'open', name: 'acme', tags: [], active: null, closeDate: '2026-07-01' },
  { amount: null, stage: null, name: null, tags: null, active: null, closeDate: null },
];

const conditions: Condition[] = Object.entries(OPERATORS).flatMap(([name, ops]) =>
  ops.map((op) => {
    const arity = ARITY[op]!;
    return arity === 'none' ? { field: name, op } : { field: name, op, value: VALUES[name]![arity] };
  }),
);
const groups: Node[] = [
  {
    match: 'any',
    items: [
      { field: 'amount', op: 'gte', value: 20 },
      { field: 'stage', op: 'in', value: ['won'], not: true },
    ],
  },
  {
    match: 'all',
    not: true,
    items: [
      { field: 'tags', op: 'containsAll', value: ['vip', 'new'] },
      {
        match: 'any',
        items: [
          { field: 'name', op: 'contains', value: 'be' },
          { field: 'active', op: 'isFalse' },
        ],
      },
    ],
  },
];

const holds = (logic: unknown, record: Record<string, unknown>) => isTruthy(evaluate(logic, record));
const listFields = new Set(['tags']);

describe('condition editor: its json-logic and its GraphQL filter say the same', () => {
  it.each([...conditions.map((c): [string, Node] => [`${c.field} ${c.op}`, c]), ...groups.map((g, i): [string, Node] => [`group ${i + 1}`, g])])(
    '%s',
    (_, node) => {
      const root = 'items' in node ? node : { match: 'all' as const, items: [node] };
      const fromTree = toLogic(root, FIELDS);
      const fromFilter = filterToLogic(toFilterPart(node, FIELDS), listFields);
      expect(fromTree).toBeDefined();
      for (const record of RECORDS) expect(holds(fromTree, record), JSON.stringify(record)).toBe(holds(fromFilter, record));
    },
  );
});
