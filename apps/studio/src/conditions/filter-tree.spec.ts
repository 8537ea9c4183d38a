import { describe, expect, it } from 'vitest';
import type { FieldMeta } from '../api/operations';
import type { FilterOperatorId } from '../fields/filters/operators';
import {
  completePart,
  describeNode,
  fromDraft,
  incompleteParts,
  newDraftCondition,
  newDraftGroup,
  toDraft,
  wordsText,
  type Condition,
  type ConditionFields,
  type ConditionNode,
  type DraftGroup,
  type Wording,
} from './condition-tree';
import { parseFilterPart, sameFilter, splitFilter, toFilterPart, topLevelParts } from './filter-tree';

type RecordFilter = Record<string, unknown>;

const field = (name: string, kind: string, document?: Record<string, unknown>): FieldMeta => ({ name, kind, label: { en: name }, required: false, document });
const fields = [
  field('stage', 'single_select'),
  field('amount', 'currency'),
  field('industry', 'single_select'),
  field('owner', 'user', { 'x-api-key': 'ownerId' }),
  field('tags', 'multi_select'),
];
/** As the editors do: selects take in / notIn, numbers compare, users take in, lists take has any / all. */
const OPS: Record<string, FilterOperatorId[]> = {
  single_select: ['in', 'notIn', 'eq', 'isNull'],
  currency: ['eq', 'gte', 'lte', 'gt', 'lt', 'between', 'isNull', 'notNull'],
  user: ['in', 'notIn'],
  multi_select: ['containsAny', 'containsAll'],
};
const tree: ConditionFields = { fields, operatorsOf: (f) => OPS[f.kind] ?? [] };

const en: Wording = {
  and: 'and',
  or: 'or',
  not: 'not',
  open: '(',
  close: ')',
  condition: (c: Condition) => ({
    field: c.field[0]!.toUpperCase() + c.field.slice(1),
    op: c.op === 'in' ? 'is' : c.op === 'gte' ? '≥' : c.op,
    value: Array.isArray(c.value) ? c.value.join(', ') : String(c.value),
  }),
};
const zh: Wording = { ...en, and: '且', or: '或', not: '非', open: '（', close: '）' };

const stageIs = { stage: { in: ['proposal'] } };
const amountAtLeast = { amount: { gte: 10000 } };
const retail = { industry: { in: ['retail'] } };

describe('filter tree: GraphQL filter ↔ conditions', () => {
  const shapes: [string, RecordFilter][] = [
    ['a condition', stageIs],
    ['or of conditions', { or: [stageIs, amountAtLeast] }],
    ['not of a condition', { not: retail }],
    ['not of an or', { not: { or: [stageIs, retail] } }],
    ['and inside or', { or: [{ and: [stageIs, amountAtLeast] }, retail] }],
    ['not inside and inside or', { or: [{ and: [{ not: stageIs }, amountAtLeast] }, { not: { or: [retail, { ownerId: { in: ['u1'] } }] } }] }],
    [
      'between, empty, none of, has all of',
      { and: [{ amount: { gte: 1, lte: 9 } }, { amount: { isNull: false } }, { industry: { notIn: ['retail'] } }, { tags: { containsAll: ['a', 'b'] } }] },
    ],
  ];
  it.each(shapes)('reads and writes back %s unchanged', (_, part) => {
    const node = parseFilterPart(part, tree);
    expect(node).not.toBeNull();
    expect(toFilterPart(node!, fields)).toEqual(part);
  });

  it('reads conditions as an operator of the field and its value', () => {
    expect(parseFilterPart({ not: { or: [stageIs, amountAtLeast] } }, tree)).toEqual({
      match: 'any',
      not: true,
      items: [
        { field: 'stage', op: 'in', value: ['proposal'] },
        { field: 'amount', op: 'gte', value: 10000 },
      ],
    });
    // The owner is filtered as ownerId but named owner.
    expect(parseFilterPart({ not: { ownerId: { in: ['u1'] } } }, tree)).toEqual({ field: 'owner', op: 'in', value: ['u1'], not: true });
    expect(parseFilterPart({ amount: { gte: 1, lte: 9 } }, tree)).toEqual({ field: 'amount', op: 'between', value: [1, 9] });
    expect(parseFilterPart({ amount: { isNull: true } }, tree)).toEqual({ field: 'amount', op: 'isNull' });
  });

  it('reads keys side by side as all of them', () => {
    const node = parseFilterPart({ or: [{ stage: { in: ['won'] }, amount: { gte: 5 } }, retail] }, tree);
    expect(node).toEqual({
      match: 'any',
      items: [
        {
          match: 'all',
          items: [
            { field: 'stage', op: 'in', value: ['won'] },
            { field: 'amount', op: 'gte', value: 5 },
          ],
        },
        { field: 'industry', op: 'in', value: ['retail'] },
      ],
    });
    // Written with an explicit `and`, it still says the same.
    const written = toFilterPart(node!, fields)!;
    expect(written).toEqual({ or: [{ and: [{ stage: { in: ['won'] } }, { amount: { gte: 5 } }] }, retail] });
    expect(sameFilter({ and: [written] }, { or: [{ stage: { in: ['won'] }, amount: { gte: 5 } }, retail] })).toBe(true);
  });

  it('leaves what it cannot show: unknown fields, operators the editor does not offer, not not, empty groups', () => {
    expect(parseFilterPart({ or: [stageIs, { nope: { eq: 1 } }] }, tree)).toBeNull();
    expect(parseFilterPart({ or: [stageIs, { amount: { in: [1, 2] } }] }, tree)).toBeNull();
    expect(parseFilterPart({ not: { not: stageIs } }, tree)).toBeNull();
    expect(parseFilterPart({ or: [] }, tree)).toBeNull();
    expect(parseFilterPart({ stage: 'proposal' }, tree)).toBeNull();
  });

  it('splits a saved filter into chips and kept parts, in order', () => {
    const kept = { or: [stageIs, { nope: { eq: 1 } }] };
    const { nodes, extra } = splitFilter({ and: [{ not: retail }, kept, amountAtLeast] }, tree);
    expect(nodes).toEqual([
      { field: 'industry', op: 'in', value: ['retail'], not: true },
      { field: 'amount', op: 'gte', value: 10000 },
    ]);
    expect(extra).toEqual([kept]);
    // A filter that is not a top-level `and` splits by its keys.
    expect(topLevelParts({ or: [stageIs, retail], amount: { gte: 1 } })).toEqual([{ or: [stageIs, retail] }, { amount: { gte: 1 } }]);
    expect(splitFilter(null, tree)).toEqual({ nodes: [], extra: [] });
  });

  it('compares filters however they are written', () => {
    expect(sameFilter({ or: [stageIs, retail] }, { and: [{ or: [stageIs, retail] }] })).toBe(true);
    expect(sameFilter({ and: [{ amount: { lte: 9, gte: 1 } }] }, { and: [{ amount: { gte: 1, lte: 9 } }] })).toBe(true);
    expect(sameFilter({ or: [stageIs, retail] }, { or: [retail, stageIs] })).toBe(false);
    expect(sameFilter(null, { and: [] })).toBe(true);
  });
});

describe('condition tree: words', () => {
  const text = (part: RecordFilter, w = en) => wordsText(describeNode(parseFilterPart(part, tree)!, w));

  it('says a group, a negation and nesting', () => {
    expect(text({ or: [stageIs, amountAtLeast] })).toBe('Stage is proposal or Amount ≥ 10000');
    expect(text({ not: retail })).toBe('not Industry is retail');
    expect(text({ not: { or: [stageIs, retail] } })).toBe('not (Stage is proposal or Industry is retail)');
    expect(text({ or: [{ and: [stageIs, amountAtLeast] }, retail] })).toBe('(Stage is proposal and Amount ≥ 10000) or Industry is retail');
  });

  it('says it in Chinese with 或 / 且 / 非 and full-width brackets', () => {
    expect(text({ not: { or: [stageIs, { and: [retail, amountAtLeast] }] } }, zh)).toBe('非 （Stage is proposal 或 （Industry is retail 且 Amount ≥ 10000））');
  });

  it('marks each word with its role, for the chip to style', () => {
    expect(describeNode({ field: 'stage', op: 'in', value: ['won'], not: true }, en).map((w) => w.role)).toEqual(['not', 'field', 'op', 'value']);
  });
});

describe('condition tree: drafts the editor edits', () => {
  it('round-trips a node', () => {
    const node: ConditionNode = {
      match: 'any',
      not: true,
      items: [
        { field: 'stage', op: 'in', value: ['won'] },
        {
          match: 'all',
          items: [
            { field: 'amount', op: 'gte', value: 1, not: true },
            { field: 'amount', op: 'isNull' },
          ],
        },
      ],
    };
    expect(fromDraft(toDraft(node))).toEqual(node);
  });

  it('is incomplete while a condition has no field, operator or value, or a group is empty', () => {
    const group = newDraftGroup('any');
    expect(fromDraft(group)).toBeNull();
    expect(incompleteParts(group)).toHaveLength(2);
    group.items = [{ ...newDraftCondition(), field: 'stage', op: 'in', value: ['won'] }];
    expect(fromDraft(group)).toEqual({ match: 'any', items: [{ field: 'stage', op: 'in', value: ['won'] }] });
    group.items.push({ ...newDraftCondition(), field: 'amount', op: 'gte', value: null });
    expect(fromDraft(group)).toBeNull();
    group.items.pop();
    const empty = newDraftGroup('all', []);
    group.items.push(empty);
    expect(fromDraft(group)).toBeNull();
    expect(incompleteParts(group)).toEqual([empty]);
    // What is complete so far (the json-logic shown while editing).
    expect(completePart(group)).toEqual({ match: 'any', items: [{ field: 'stage', op: 'in', value: ['won'] }] });
    // A root with nothing in it is no condition, not an incomplete one.
    expect(incompleteParts(newDraftGroup('all', []) as DraftGroup)).toEqual([]);
  });

  it('writes "between" with one end open as at least / at most, as both back ends do', () => {
    const at = (value: unknown) => fromDraft({ ...newDraftCondition(), field: 'amount', op: 'between', value });
    expect(at([5, null])).toEqual({ field: 'amount', op: 'gte', value: 5 });
    expect(at([null, 9])).toEqual({ field: 'amount', op: 'lte', value: 9 });
    expect(at([5, 9])).toEqual({ field: 'amount', op: 'between', value: [5, 9] });
    expect(at([null, null])).toBeNull();
  });
});
