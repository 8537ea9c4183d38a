/**
 * A list's filter as the builder edits it: conditions (one field's typed filter, possibly negated) and groups
 * of them that match all or any (possibly negated, nested), their round trip to the object's GraphQL filter
 * (`{ <field>: {…}, and: […], or: […], not: {…} }`) and their description in words.
 *
 * Pure: the fields, what their filter editors accept and the words of the current language are passed in, so
 * this runs without Vue, i18n or the widget registry's components.
 */
import type { FieldMeta } from '../../api/operations';
import { apiKeyOf, type FieldFilter } from '../../fields/registry';
import type { RecordFilter } from './queries';

export interface Condition {
  /** The field's name (as the record fields list it, e.g. `owner`). */
  field: string;
  filter: FieldFilter;
  not?: boolean;
}

export interface ConditionGroup {
  /** `any`: GraphQL `or`; `all`: `and`. */
  match: 'any' | 'all';
  items: FilterNode[];
  not?: boolean;
}

export type FilterNode = Condition | ConditionGroup;

export const isGroup = (node: FilterNode): node is ConditionGroup => 'items' in node;

export interface TreeFields {
  fields: readonly FieldMeta[];
  /** Whether the field's filter editor can show this typed filter; a part it cannot is kept as it is. */
  accepts: (field: FieldMeta, filter: FieldFilter) => boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const keysOf = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);

// ---------------------------------------------------------------------------------------------------------
// GraphQL filter → tree

function parse(part: unknown, byKey: Map<string, FieldMeta>, accepts: TreeFields['accepts']): FilterNode | null {
  if (!isObject(part)) return null;
  const keys = keysOf(part);
  if (keys.length === 0) return null;
  if (keys.length > 1) {
    // Keys side by side all have to hold: a group of all of them.
    const items = keys.map((k) => parse({ [k]: part[k] }, byKey, accepts));
    return items.every((n): n is FilterNode => !!n) ? { match: 'all', items } : null;
  }
  const key = keys[0]!;
  const value = part[key];
  if (key === 'and' || key === 'or') {
    if (!Array.isArray(value) || value.length === 0) return null;
    const items = value.map((v) => parse(v, byKey, accepts));
    return items.every((n): n is FilterNode => !!n) ? { match: key === 'or' ? 'any' : 'all', items } : null;
  }
  if (key === 'not') {
    const inner = parse(value, byKey, accepts);
    // "not not" has no toggle to show it: kept as it is.
    return inner && !inner.not ? { ...inner, not: true } : null;
  }
  const field = byKey.get(key);
  if (!field || !isObject(value) || !accepts(field, value)) return null;
  return { field: field.name, filter: value };
}

/** One part of a GraphQL filter as a node, or null when the builder cannot show it. */
export function parseFilterPart(part: unknown, tree: TreeFields): FilterNode | null {
  return parse(part, new Map(tree.fields.map((f) => [apiKeyOf(f), f])), tree.accepts);
}

/** The parts of a filter that must all hold: the items of a top-level `and`, and every other key beside it. */
export function topLevelParts(filter: RecordFilter | null | undefined): RecordFilter[] {
  if (!isObject(filter)) return [];
  return keysOf(filter).flatMap((k) => (k === 'and' && Array.isArray(filter[k]) ? (filter[k] as RecordFilter[]) : [{ [k]: filter[k] }]));
}

/** A saved filter as the chips of the builder (`nodes`) and the parts it cannot show (`extra`), in order. */
export function splitFilter(filter: RecordFilter | null | undefined, tree: TreeFields): { nodes: FilterNode[]; extra: RecordFilter[] } {
  const byKey = new Map(tree.fields.map((f) => [apiKeyOf(f), f]));
  const nodes: FilterNode[] = [];
  const extra: RecordFilter[] = [];
  for (const part of topLevelParts(filter)) {
    const node = parse(part, byKey, tree.accepts);
    if (node) nodes.push(node);
    else extra.push(part);
  }
  return { nodes, extra };
}

// ---------------------------------------------------------------------------------------------------------
// tree → GraphQL filter

/** A node as a GraphQL filter part; null when nothing in it names a known field. */
export function toFilterPart(node: FilterNode, fields: readonly FieldMeta[]): RecordFilter | null {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const write = (n: FilterNode): RecordFilter | null => {
    let inner: RecordFilter | null;
    if (isGroup(n)) {
      const parts = n.items.map(write).filter((p): p is RecordFilter => !!p);
      inner = parts.length ? { [n.match === 'any' ? 'or' : 'and']: parts } : null;
    } else {
      const field = byName.get(n.field);
      inner = field ? { [apiKeyOf(field)]: n.filter } : null;
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

// ---------------------------------------------------------------------------------------------------------
// tree → words

export interface Word {
  text: string;
  role: 'field' | 'op' | 'value' | 'joiner' | 'not' | 'open' | 'close';
}

export interface Wording {
  and: string;
  or: string;
  not: string;
  open: string;
  close: string;
  /** One condition in words (its field, operator and value), without its `not`. */
  condition: (c: Condition) => { field: string; op: string; value: string };
}

/** A node in words: "Stage is any of Proposal or Amount ≥ 10,000", "not (Industry is Retail or …)". */
export function describeNode(node: FilterNode, wording: Wording): Word[] {
  const words = (n: FilterNode, nested: boolean): Word[] => {
    const out: Word[] = n.not ? [{ text: wording.not, role: 'not' }] : [];
    if (!isGroup(n)) {
      const c = wording.condition(n);
      out.push({ text: c.field, role: 'field' });
      if (c.op) out.push({ text: c.op, role: 'op' });
      if (c.value) out.push({ text: c.value, role: 'value' });
      return out;
    }
    const parens = (nested || !!n.not) && n.items.length > 1;
    if (parens) out.push({ text: wording.open, role: 'open' });
    n.items.forEach((item, i) => {
      if (i > 0) out.push({ text: n.match === 'any' ? wording.or : wording.and, role: 'joiner' });
      out.push(...words(item, true));
    });
    if (parens) out.push({ text: wording.close, role: 'close' });
    return out;
  };
  return words(node, false);
}

/** Whether a space goes before the word at `index` (none after an opening or before a closing bracket). */
export const spaceBefore = (words: readonly Word[], index: number): boolean =>
  index > 0 && words[index]!.role !== 'close' && words[index - 1]!.role !== 'open';

export const wordsText = (words: readonly Word[]): string => words.map((w, i) => (spaceBefore(words, i) ? ' ' : '') + w.text).join('');

// ---------------------------------------------------------------------------------------------------------
// drafts: what the group dialog edits

export interface DraftCondition {
  uid: number;
  field: string;
  /** The filter the editor starts from (changes only when the field does); `filter` is what it emits. */
  start: FieldFilter | null;
  filter: FieldFilter | null;
  not: boolean;
}

export interface DraftGroup {
  uid: number;
  match: 'any' | 'all';
  not: boolean;
  items: DraftNode[];
}

export type DraftNode = DraftCondition | DraftGroup;

export const isDraftGroup = (d: DraftNode): d is DraftGroup => 'items' in d;

let uids = 0;
export const newDraftCondition = (): DraftCondition => ({ uid: ++uids, field: '', start: null, filter: null, not: false });
export const newDraftGroup = (match: 'any' | 'all', items: DraftNode[] = [newDraftCondition(), newDraftCondition()]): DraftGroup => ({
  uid: ++uids, match, not: false, items,
});

export function toDraft(node: FilterNode): DraftNode {
  if (isGroup(node)) return { uid: ++uids, match: node.match, not: !!node.not, items: node.items.map(toDraft) };
  return { uid: ++uids, field: node.field, start: node.filter, filter: node.filter, not: !!node.not };
}

/** The node a draft stands for; null while any condition in it is incomplete or any group is empty. */
export function fromDraft(draft: DraftNode): FilterNode | null {
  const not = draft.not ? { not: true } : {};
  if (!isDraftGroup(draft)) return draft.field && draft.filter ? { field: draft.field, filter: draft.filter, ...not } : null;
  const items = draft.items.map(fromDraft);
  if (!items.length || !items.every((n): n is FilterNode => !!n)) return null;
  return { match: draft.match, items, ...not };
}
