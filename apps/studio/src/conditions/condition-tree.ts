/**
 * The one condition model of the studio: conditions (a field, one of its kind's filter operators and a value,
 * possibly negated) and groups of them that match all or any (possibly negated, nested). List filters, stage
 * gates, and next rules, reports and roles all edit this tree; it is written as json-logic
 * (condition-logic.ts) and, for lists, as the object's typed GraphQL filter (filter-tree.ts), and said in
 * words for chips.
 *
 * Pure: the fields and the operators their kinds offer are passed in, so this runs without Vue, i18n or the
 * widget registry's components.
 */
import type { FieldMeta } from '../api/operations';
import { ARITY, conditionComplete, type FilterOperatorId } from '../fields/filters/operators';

export interface Condition {
  /** The field's name (as the record fields list it, e.g. `owner`). */
  field: string;
  op: FilterOperatorId;
  /** one: the value; two: [from, to]; many: the values; absent for operators that take none. */
  value?: unknown;
  not?: boolean;
}

export interface ConditionGroup {
  /** `any`: json-logic / GraphQL `or`; `all`: `and`. */
  match: 'any' | 'all';
  items: ConditionNode[];
  not?: boolean;
}

export type ConditionNode = Condition | ConditionGroup;

export const isGroup = (node: ConditionNode): node is ConditionGroup => 'items' in node;

/** The fields a condition may name, and the operators each one's filter editor offers. */
export interface ConditionFields {
  fields: readonly FieldMeta[];
  operatorsOf: (field: FieldMeta) => readonly FilterOperatorId[];
}

/** A condition's value as written: none for operators that take none, lists copied. */
export function conditionValue(op: FilterOperatorId, value: unknown): { value?: unknown } {
  if (ARITY[op] === 'none') return {};
  return { value: Array.isArray(value) ? [...value] : value };
}

// ---------------------------------------------------------------------------------------------------------
// drafts: what the editor edits in place (row ids for v-for, conditions that are not complete yet)

export interface DraftCondition {
  uid: number;
  field: string;
  /** null until the field's filter editor has said which operator it shows. */
  op: FilterOperatorId | null;
  value: unknown;
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
export const newDraftCondition = (): DraftCondition => ({ uid: ++uids, field: '', op: null, value: null, not: false });
export const newDraftGroup = (match: 'any' | 'all', items: DraftNode[] = [newDraftCondition(), newDraftCondition()]): DraftGroup => ({
  uid: ++uids,
  match,
  not: false,
  items,
});

export function toDraft(node: ConditionNode): DraftNode {
  if (isGroup(node)) return { uid: ++uids, match: node.match, not: !!node.not, items: node.items.map(toDraft) };
  return { uid: ++uids, field: node.field, op: node.op, value: conditionValue(node.op, node.value).value ?? null, not: !!node.not };
}

const draftConditionComplete = (d: DraftCondition): boolean => !!d.field && !!d.op && conditionComplete({ op: d.op, value: d.value });

const blank = (v: unknown) => v === null || v === undefined || v === '';
/** "Between" with one end left open is "at least" or "at most", as both json-logic and GraphQL write it. */
function oneSided(op: FilterOperatorId, value: unknown): { op: FilterOperatorId; value: unknown } {
  if (op !== 'between' || !Array.isArray(value)) return { op, value };
  const [from, to] = value;
  if (blank(from)) return { op: 'lte', value: to };
  if (blank(to)) return { op: 'gte', value: from };
  return { op, value };
}

/** The node a draft stands for; null while any condition in it is incomplete or any group is empty. */
export function fromDraft(draft: DraftNode): ConditionNode | null {
  const not = draft.not ? { not: true } : {};
  if (!isDraftGroup(draft)) {
    if (!draftConditionComplete(draft)) return null;
    const { op, value } = oneSided(draft.op!, draft.value);
    return { field: draft.field, op, ...conditionValue(op, value), ...not };
  }
  const items = draft.items.map(fromDraft);
  if (!items.length || !items.every((n): n is ConditionNode => !!n)) return null;
  return { match: draft.match, items, ...not };
}

/** What of a draft is complete so far: incomplete conditions and groups left empty are left out; null when nothing is left. */
export function completePart(draft: DraftNode): ConditionNode | null {
  if (!isDraftGroup(draft)) return fromDraft(draft);
  const items = draft.items.map(completePart).filter((n): n is ConditionNode => !!n);
  return items.length ? { match: draft.match, items, ...(draft.not ? { not: true } : {}) } : null;
}

/** Whether this part of a draft keeps it from being written: a condition not complete yet, a group left empty. */
export const draftIncomplete = (d: DraftNode): boolean => (isDraftGroup(d) ? d.items.length === 0 : !draftConditionComplete(d));

/** The parts of a draft that keep it from being written (the editor marks them). A root with nothing in it is complete: no condition. */
export function incompleteParts(root: DraftGroup): DraftNode[] {
  const walk = (d: DraftNode): DraftNode[] => (draftIncomplete(d) ? [d] : []).concat(isDraftGroup(d) ? d.items.flatMap(walk) : []);
  return root.items.flatMap(walk);
}

// ---------------------------------------------------------------------------------------------------------
// words

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
export function describeNode(node: ConditionNode, wording: Wording): Word[] {
  const words = (n: ConditionNode, nested: boolean): Word[] => {
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
export const spaceBefore = (words: readonly Word[], index: number): boolean => index > 0 && words[index]!.role !== 'close' && words[index - 1]!.role !== 'open';

export const wordsText = (words: readonly Word[]): string => words.map((w, i) => (spaceBefore(words, i) ? ' ' : '') + w.text).join('');
