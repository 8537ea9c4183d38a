import { describe, expect, it } from 'vitest';
import type { FieldMeta } from '../../api/operations';
import type { FieldFilter } from '../../fields/registry';
import {
  describeNode, fromDraft, newDraftCondition, newDraftGroup, parseFilterPart, sameFilter, splitFilter, toDraft, toFilterPart, topLevelParts, wordsText,
  type Condition, type FilterNode, type TreeFields, type Wording,
} from './filter-tree';

const field = (name: string, kind: string, document?: Record<string, unknown>): FieldMeta => ({ name, kind, label: { en: name }, required: false, document });
const fields = [field('stage', 'single_select'), field('amount', 'currency'), field('industry', 'single_select'), field('owner', 'user', { 'x-api-key': 'ownerId' })];
/** As the editors do: selects take in / notIn, numbers compare, users take in. */
const OPS: Record<string, string[]> = { single_select: ['in', 'notIn', 'isNull'], currency: ['eq', 'gte', 'lte', 'gt', 'lt', 'isNull'], user: ['in', 'notIn'] };
const accepts = (f: FieldMeta, filter: FieldFilter) => Object.keys(filter).length === 1 && (OPS[f.kind] ?? []).includes(Object.keys(filter)[0]!);
const tree: TreeFields = { fields, accepts };

const en: Wording = {
  and: 'and', or: 'or', not: 'not', open: '(', close: ')',
  condition: (c: Condition) => {
    const [op, value] = Object.entries(c.filter)[0]!;
    return { field: c.field[0]!.toUpperCase() + c.field.slice(1), op: op === 'in' ? 'is' : op === 'gte' ? '≥' : op, value: Array.isArray(value) ? value.join(', ') : String(value) };
  },
};
const zh: Wording = { ...en, and: '且', or: '或', not: '非', open: '（', close: '）' };

const stageIs = { stage: { in: ['proposal'] } };
const amountAtLeast = { amount: { gte: 10000 } };
const retail = { industry: { in: ['retail'] } };

describe('filter tree: GraphQL filter ↔ nodes', () => {
  const shapes: [string, RecordFilter][] = [
    ['a condition', stageIs],
    ['or of conditions', { or: [stageIs, amountAtLeast] }],
    ['not of a condition', { not: retail }],
    ['not of an or', { not: { or: [stageIs, retail] } }],
    ['and inside or', { or: [{ and: [stageIs, amountAtLeast] }, retail] }],
    ['not inside and inside or', { or: [{ and: [{ not: stageIs }, amountAtLeast] }, { not: { or: [retail, { ownerId: { in: ['u1'] } }] } }] }],
  ];
  it.each(shapes)('reads and writes back %s unchanged', (_, part) => {
    const node = parseFilterPart(part, tree);
    expect(node).not.toBeNull();
    expect(toFilterPart(node!, fields)).toEqual(part);
  });

  it('reads the nodes it should', () => {
    expect(parseFilterPart({ not: { or: [stageIs, amountAtLeast] } }, tree)).toEqual({
      match: 'any', not: true, items: [{ field: 'stage', filter: { in: ['proposal'] } }, { field: 'amount', filter: { gte: 10000 } }],
    });
    // The owner is filtered as ownerId but named owner.
    expect(parseFilterPart({ not: { ownerId: { in: ['u1'] } } }, tree)).toEqual({ field: 'owner', filter: { in: ['u1'] }, not: true });
  });

  it('reads keys side by side as all of them', () => {
    const node = parseFilterPart({ or: [{ stage: { in: ['won'] }, amount: { gte: 5 } }, retail] }, tree);
    expect(node).toEqual({
      match: 'any',
      items: [{ match: 'all', items: [{ field: 'stage', filter: { in: ['won'] } }, { field: 'amount', filter: { gte: 5 } }] }, { field: 'industry', filter: { in: ['retail'] } }],
    });
    // Written with an explicit `and`, it still says the same.
    const written = toFilterPart(node!, fields)!;
    expect(written).toEqual({ or: [{ and: [{ stage: { in: ['won'] } }, { amount: { gte: 5 } }] }, retail] });
    expect(sameFilter({ and: [written] }, { or: [{ stage: { in: ['won'] }, amount: { gte: 5 } }, retail] })).toBe(true);
  });

  it('leaves what it cannot show: unknown fields, filters the editor cannot show, not not, empty groups', () => {
    expect(parseFilterPart({ or: [stageIs, { nope: { eq: 1 } }] }, tree)).toBeNull();
    expect(parseFilterPart({ or: [stageIs, { amount: { in: [1, 2] } }] }, tree)).toBeNull();
    expect(parseFilterPart({ not: { not: stageIs } }, tree)).toBeNull();
    expect(parseFilterPart({ or: [] }, tree)).toBeNull();
    expect(parseFilterPart({ stage: 'proposal' }, tree)).toBeNull();
  });

  it('splits a saved filter into chips and kept parts, in order', () => {
    const kept = { or: [stageIs, { nope: { eq: 1 } }] };
    const { nodes, extra } = splitFilter({ and: [{ not: retail }, kept, amountAtLeast] }, tree);
    expect(nodes).toEqual([{ field: 'industry', filter: { in: ['retail'] }, not: true }, { field: 'amount', filter: { gte: 10000 } }]);
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

describe('filter tree: words', () => {
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
    expect(describeNode({ field: 'stage', filter: { in: ['won'] }, not: true }, en).map((w) => w.role)).toEqual(['not', 'field', 'op', 'value']);
  });
});

describe('filter tree: drafts of the group dialog', () => {
  it('round-trips a node', () => {
    const node: FilterNode = { match: 'any', not: true, items: [{ field: 'stage', filter: { in: ['won'] } }, { match: 'all', items: [{ field: 'amount', filter: { gte: 1 }, not: true }] }] };
    expect(fromDraft(toDraft(node))).toEqual(node);
  });

  it('is incomplete while a condition has no field or value, or a group is empty', () => {
    const group = newDraftGroup('any');
    expect(fromDraft(group)).toBeNull();
    group.items = [{ ...newDraftCondition(), field: 'stage', filter: { in: ['won'] } }];
    expect(fromDraft(group)).toEqual({ match: 'any', items: [{ field: 'stage', filter: { in: ['won'] } }] });
    group.items.push(newDraftGroup('all', []));
    expect(fromDraft(group)).toBeNull();
  });
});

type RecordFilter = Record<string, unknown>;
