/**
 * A list's filter as condition trees (condition-tree.ts): their round trip to the object's typed GraphQL
 * filter (`{ <field>: {…}, and: […], or: […], not: {…} }`), which saved views keep. The server turns that
 * filter into json-logic the same way condition-logic.ts writes the tree, so both say the same.
 */
import type { FieldMeta } from '../api/operations';
import { fromFieldFilter, toFieldFilter } from '../fields/filters/operators';
import { apiKeyOf } from '../fields/registry';
import type { RecordFilter } from '../composables/records/queries';
import { conditionValue, isGroup, type ConditionFields, type ConditionNode } from './condition-tree';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const keysOf = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);

// ---------------------------------------------------------------------------------------------------------
// GraphQL filter → tree

function parse(part: unknown, byKey: Map<string, FieldMeta>, operatorsOf: ConditionFields['operatorsOf']): ConditionNode | null {
  if (!isObject(part)) return null;
  const keys = keysOf(part);
  if (keys.length === 0) return null;
  if (keys.length > 1) {
    // Keys side by side all have to hold: a group of all of them.
    const items = keys.map((k) => parse({ [k]: part[k] }, byKey, operatorsOf));
    return items.every((n): n is ConditionNode => !!n) ? { match: 'all', items } : null;
  }
  const key = keys[0]!;
  const value = part[key];
  if (key === 'and' || key === 'or') {
    if (!Array.isArray(value) || value.length === 0) return null;
    const items = value.map((v) => parse(v, byKey, operatorsOf));
    return items.every((n): n is ConditionNode => !!n) ? { match: key === 'or' ? 'any' : 'all', items } : null;
  }
  if (key === 'not') {
    const inner = parse(value, byKey, operatorsOf);
    // "not not" has no toggle to show it: kept as it is.
    return inner && !inner.not ? { ...inner, not: true } : null;
  }
  const field = byKey.get(key);
  if (!field || !isObject(value)) return null;
  const c = fromFieldFilter(value, operatorsOf(field));
  return c ? { field: field.name, op: c.op, ...conditionValue(c.op, c.value) } : null;
}

/** One part of a GraphQL filter as a node, or null when the editor cannot show it. */
export function parseFilterPart(part: unknown, fields: ConditionFields): ConditionNode | null {
  return parse(part, new Map(fields.fields.map((f) => [apiKeyOf(f), f])), fields.operatorsOf);
}

/** The parts of a filter that must all hold: the items of a top-level `and`, and every other key beside it. */
export function topLevelParts(filter: RecordFilter | null | undefined): RecordFilter[] {
  if (!isObject(filter)) return [];
  return keysOf(filter).flatMap((k) => (k === 'and' && Array.isArray(filter[k]) ? (filter[k] as RecordFilter[]) : [{ [k]: filter[k] }]));
}

/** A saved filter as the chips of the builder (`nodes`) and the parts it cannot show (`extra`), in order. */
export function splitFilter(filter: RecordFilter | null | undefined, fields: ConditionFields): { nodes: ConditionNode[]; extra: RecordFilter[] } {
  const nodes: ConditionNode[] = [];
  const extra: RecordFilter[] = [];
  for (const part of topLevelParts(filter)) {
    const node = parseFilterPart(part, fields);
    if (node) nodes.push(node);
    else extra.push(part);
  }
  return { nodes, extra };
}

// ---------------------------------------------------------------------------------------------------------
// tree → GraphQL filter

/** A node as a GraphQL filter part; null when nothing in it names a known field. */
export function toFilterPart(node: ConditionNode, fields: readonly FieldMeta[]): RecordFilter | null {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const write = (n: ConditionNode): RecordFilter | null => {
    let inner: RecordFilter | null;
    if (isGroup(n)) {
      const parts = n.items.map(write).filter((p): p is RecordFilter => !!p);
      inner = parts.length ? { [n.match === 'any' ? 'or' : 'and']: parts } : null;
    } else {
      const field = byName.get(n.field);
      const filter = field ? toFieldFilter({ op: n.op, value: n.value }) : null;
      inner = field && filter ? { [apiKeyOf(field)]: filter } : null;
    }
    return inner && n.not ? { not: inner } : inner;
  };
  return write(node);
}

/** The same filter written one way: side-by-side keys as `and`, a field's operators in name order. */
function canonical(part: unknown): unknown {
  if (!isObject(part)) return part;
  const keys = keysOf(part);
  if (keys.length !== 1) return { and: keys.map((k) => canonical({ [k]: part[k] })) };
  const key = keys[0]!;
  const value = part[key];
  if ((key === 'and' || key === 'or') && Array.isArray(value)) return { [key]: value.map(canonical) };
  if (key === 'not') return { not: canonical(value) };
  return { [key]: isObject(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value };
}

/** Whether two filters say the same, however each is written (a view loaded and not touched is not modified). */
export const sameFilter = (a: RecordFilter | null | undefined, b: RecordFilter | null | undefined): boolean =>
  JSON.stringify(topLevelParts(a).map(canonical)) === JSON.stringify(topLevelParts(b).map(canonical));
