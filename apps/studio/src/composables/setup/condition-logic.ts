/**
 * The visual condition builder's model and its json-logic. A condition is a tree of groups (AND / OR) whose
 * leaves are rules "field → operator → value". Operators depend on the field's kind (see `operatorsFor`).
 * Written json-logic is plain enough for both back ends (memory and SQL) and for a person to read:
 *   equals            {"==": [{"var": "status"}, "approved"]}
 *   is empty          {"==": [{"var": "budget"}, null]}
 *   is one of         {"in": [{"var": "status"}, ["a", "b"]]}
 *   has (multi)       {"in": ["a", {"var": "tags"}]}
 * `parseCondition` reads back what `toLogic` writes (and anything of the same shapes); other json-logic is
 * reported as not representable, so the designer can show it as JSON instead of silently dropping it.
 */
import { rowId } from './labels';

export type OperatorId = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'has' | 'icontains' | 'starts_with' | 'empty' | 'not_empty';

/** What a rule's value is edited as. */
export type ValueType = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'option' | 'none';

export interface ConditionRule {
  type: 'rule';
  uid: string;
  field: string;
  operator: OperatorId;
  /** A string, number or boolean; a list of strings for `in`. */
  value: unknown;
}

export interface ConditionGroup {
  type: 'group';
  uid: string;
  combinator: 'and' | 'or';
  children: ConditionNode[];
}

export type ConditionNode = ConditionRule | ConditionGroup;

/** The fields a condition can name: API name, kind, and the option values of selects. */
export interface ConditionField {
  name: string;
  kind: string;
  options?: readonly { value: string }[];
}

interface KindOperators {
  value: ValueType;
  operators: readonly OperatorId[];
}

const ORDERED: readonly OperatorId[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'empty', 'not_empty'];
const TEXT: KindOperators = { value: 'text', operators: ['eq', 'neq', 'icontains', 'starts_with', 'in', 'empty', 'not_empty'] };
const NUMBER: KindOperators = { value: 'number', operators: ORDERED };

/** Operators by field kind: the registry the rule editor reads. Kinds not listed cannot be used in a gate. */
const OPERATORS_BY_KIND: Record<string, KindOperators> = {
  text: TEXT,
  long_text: TEXT,
  email: TEXT,
  phone: TEXT,
  url: TEXT,
  auto_number: TEXT,
  number: NUMBER,
  percent: NUMBER,
  currency: NUMBER,
  date: { value: 'date', operators: ORDERED },
  datetime: { value: 'datetime', operators: ORDERED },
  boolean: { value: 'boolean', operators: ['eq', 'empty', 'not_empty'] },
  single_select: { value: 'option', operators: ['eq', 'neq', 'in', 'empty', 'not_empty'] },
  multi_select: { value: 'option', operators: ['has', 'empty', 'not_empty'] },
  lookup: { value: 'none', operators: ['empty', 'not_empty'] },
  user: { value: 'none', operators: ['empty', 'not_empty'] },
};

export const conditionKinds = (): string[] => Object.keys(OPERATORS_BY_KIND);
export const operatorsFor = (kind: string): readonly OperatorId[] => OPERATORS_BY_KIND[kind]?.operators ?? [];
/** The value editor of a rule: none for the empty checks, else by the field's kind. */
export const valueTypeFor = (kind: string, operator: OperatorId): ValueType =>
  operator === 'empty' || operator === 'not_empty' ? 'none' : (OPERATORS_BY_KIND[kind]?.value ?? 'none');
/** `in` takes a list of values. */
export const takesList = (operator: OperatorId): boolean => operator === 'in';

const SYMBOL: Partial<Record<OperatorId, string>> = { eq: '==', neq: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=', icontains: 'icontains', starts_with: 'starts_with' };
const BY_SYMBOL = new Map(Object.entries(SYMBOL).map(([id, symbol]) => [symbol, id as OperatorId]));
BY_SYMBOL.set('===', 'eq');
BY_SYMBOL.set('!==', 'neq');

export const newRule = (field = '', operator: OperatorId = 'eq'): ConditionRule => ({ type: 'rule', uid: rowId('rule'), field, operator, value: null });
export const newGroup = (combinator: 'and' | 'or' = 'and', children: ConditionNode[] = []): ConditionGroup => ({ type: 'group', uid: rowId('group'), combinator, children });

const isBlank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Whether a rule says enough to be written (a field, and a value unless the operator needs none). */
export function ruleComplete(rule: ConditionRule, fields: ReadonlyMap<string, ConditionField>): boolean {
  const field = fields.get(rule.field);
  if (!field || !operatorsFor(field.kind).includes(rule.operator)) return false;
  return valueTypeFor(field.kind, rule.operator) === 'none' || !isBlank(rule.value);
}

/** The rules that are not complete yet (the builder marks them; the designer will not send them). */
export function incompleteRules(group: ConditionGroup, fields: ReadonlyMap<string, ConditionField>): ConditionRule[] {
  return group.children.flatMap((c) => (c.type === 'group' ? incompleteRules(c, fields) : ruleComplete(c, fields) ? [] : [c]));
}

function ruleLogic(rule: ConditionRule): unknown {
  const subject = { var: rule.field };
  switch (rule.operator) {
    case 'empty':
      return { '==': [subject, null] };
    case 'not_empty':
      return { '!=': [subject, null] };
    case 'in':
      return { in: [subject, Array.isArray(rule.value) ? rule.value : [rule.value]] };
    case 'has':
      return { in: [rule.value, subject] };
    default:
      return { [SYMBOL[rule.operator] ?? '==']: [subject, rule.value] };
  }
}

function nodeLogic(node: ConditionNode): unknown {
  if (node.type === 'rule') return ruleLogic(node);
  const parts = node.children.map(nodeLogic).filter((p) => p !== undefined);
  if (parts.length === 0) return undefined;
  return { [node.combinator]: parts };
}

/**
 * The json-logic of a condition, or undefined when it has no rules. A root group holding one rule is written
 * as that rule alone.
 */
export function toLogic(root: ConditionGroup): unknown {
  const only = root.children.length === 1 ? root.children[0] : undefined;
  if (only?.type === 'rule') return ruleLogic(only);
  return nodeLogic(root);
}

function varName(node: unknown): string | null {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return null;
  const keys = Object.keys(node);
  if (keys.length !== 1 || keys[0] !== 'var') return null;
  const v = (node as { var: unknown }).var;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0];
  return null;
}

const isPlain = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

function parseRule(op: string, args: unknown[]): ConditionRule | null {
  const rule = (field: string, operator: OperatorId, value: unknown = null): ConditionRule => ({ ...newRule(field, operator), value });
  if (op === 'in' && args.length === 2) {
    const [a, b] = args;
    const left = varName(a);
    if (left && Array.isArray(b) && b.every(isPlain)) return rule(left, 'in', b);
    const right = varName(b);
    if (right && isPlain(a) && a !== null) return rule(right, 'has', a);
    return null;
  }
  const operator = BY_SYMBOL.get(op);
  if (!operator || args.length !== 2) return null;
  const field = varName(args[0]);
  const value = args[1];
  if (!field || !isPlain(value)) return null;
  if (value === null && operator === 'eq') return rule(field, 'empty');
  if (value === null && operator === 'neq') return rule(field, 'not_empty');
  if (value === null) return null;
  return rule(field, operator, value);
}

function parseNode(logic: unknown): ConditionNode | null {
  if (!logic || typeof logic !== 'object' || Array.isArray(logic)) return null;
  const keys = Object.keys(logic);
  if (keys.length !== 1) return null;
  const op = keys[0]!;
  const raw = (logic as Record<string, unknown>)[op];
  const args = Array.isArray(raw) ? raw : [raw];
  if (op === 'and' || op === 'or') {
    const children = args.map(parseNode);
    return children.every((c): c is ConditionNode => c !== null) ? newGroup(op, children) : null;
  }
  return parseRule(op, args);
}

/** The builder's tree for a condition; an empty root for none; null when the builder cannot show it. */
export function parseCondition(logic: unknown): ConditionGroup | null {
  if (logic === undefined || logic === null) return newGroup('and');
  const node = parseNode(logic);
  if (!node) return null;
  return node.type === 'group' ? node : newGroup('and', [node]);
}

/** Rewrites `{"var": old}` to `{"var": new}` anywhere in a json-logic expression (fields renamed). */
export function renameVars(logic: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(logic)) return logic.map((x) => renameVars(x, renames));
  if (!logic || typeof logic !== 'object') return logic;
  const name = varName(logic);
  if (name !== null) return { var: renames.get(name) ?? name };
  return Object.fromEntries(Object.entries(logic).map(([k, v]) => [k, renameVars(v, renames)]));
}

/** Field names a json-logic expression reads. */
export function varsOf(logic: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(logic)) for (const x of logic) varsOf(x, into);
  else if (logic && typeof logic === 'object') {
    const name = varName(logic);
    if (name !== null) into.add(name);
    else for (const v of Object.values(logic)) varsOf(v, into);
  }
  return into;
}

/** One line, spaced the way people write json-logic: `{"==": [{"var": "status"}, "active"]}`. */
function inlineLogic(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(inlineLogic).join(', ')}]`;
  if (x && typeof x === 'object') return `{${Object.entries(x).map(([k, v]) => `${JSON.stringify(k)}: ${inlineLogic(v)}`).join(', ')}}`;
  return JSON.stringify(x) ?? 'null';
}

/** json-logic for people: a node that fits in `width` characters stays on one line, larger ones are indented. */
export function formatLogic(logic: unknown, width = 72, indent = ''): string {
  if (logic === undefined) return '';
  const inline = inlineLogic(logic);
  if (inline.length + indent.length <= width || logic === null || typeof logic !== 'object') return inline;
  const inner = `${indent}  `;
  if (Array.isArray(logic)) return `[\n${logic.map((x) => inner + formatLogic(x, width, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(logic).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatLogic(v, width, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}
