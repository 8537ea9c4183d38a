/**
 * Condition trees (condition-tree.ts) as json-logic, the expression language of gates, rules and reports.
 * Every filter operator is written the way the server turns the same GraphQL filter into json-logic
 * (libs/graphql-api filter-input.ts), plain enough for both back ends (memory and SQL) and for a person:
 *   is / is not              {"==": [{"var": "status"}, "approved"]}     {"!=": …}
 *   >, ≥, <, ≤               {">=": [{"var": "budget"}, 1000]}
 *   between                  {"<=": [10, {"var": "budget"}, 20]}
 *   contains, starts with    {"icontains": [{"var": "name"}, "acme"]}    {"starts_with": …}
 *   is empty / is not empty  {"==": [{"var": "budget"}, null]}           {"!=": …}
 *   is yes / is no           {"==": [{"var": "active"}, true]}
 *   is any of / none of      {"in": [{"var": "status"}, ["a", "b"]]}     {"!": {"in": …}}
 *   has any / all of         {"in": ["vip", {"var": "tags"}]}, or {"or"/"and": [ those ]} for several
 *   not                      {"!": …}
 * `parseLogic` reads exactly what `toLogic` writes, so whatever it shows is written back unchanged; other
 * json-logic (or an operator the field's editor does not offer) is reported as not representable, and the
 * designer keeps it verbatim instead of dropping it.
 */
import type { FieldMeta } from '../api/operations';
import { ARITY, type FilterOperatorId } from '../fields/filters/operators';
import { apiKeyOf } from '../fields/registry';
import { conditionValue, isGroup, type Condition, type ConditionFields, type ConditionGroup, type ConditionNode } from './condition-tree';

type Logic = Record<string, unknown>;

const COMPARISON: Partial<Record<FilterOperatorId, string>> = {
  eq: '==',
  neq: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  contains: 'icontains',
  startsWith: 'starts_with',
};
const BY_SYMBOL = new Map(Object.entries(COMPARISON).map(([op, symbol]) => [symbol, op as FilterOperatorId]));

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function conditionLogic(c: Condition, fields: ReadonlyMap<string, FieldMeta>): Logic {
  const field = fields.get(c.field);
  const subject = { var: field ? apiKeyOf(field) : c.field };
  const has = (x: unknown) => ({ in: [x, subject] });
  switch (c.op) {
    case 'isNull':
      return { '==': [subject, null] };
    case 'notNull':
      return { '!=': [subject, null] };
    case 'isTrue':
      return { '==': [subject, true] };
    case 'isFalse':
      return { '==': [subject, false] };
    case 'in':
      return { in: [subject, [...list(c.value)]] };
    case 'notIn':
      return { '!': { in: [subject, [...list(c.value)]] } };
    case 'containsAny':
    case 'containsAll': {
      const values = list(c.value);
      return values.length === 1 ? has(values[0]) : { [c.op === 'containsAny' ? 'or' : 'and']: values.map(has) };
    }
    case 'between': {
      const [from, to] = list(c.value);
      const blank = (v: unknown) => v === null || v === undefined || v === '';
      if (blank(from)) return { '<=': [subject, to] };
      if (blank(to)) return { '>=': [subject, from] };
      return { '<=': [from, subject, to] };
    }
    default:
      return { [COMPARISON[c.op] ?? '==']: [subject, c.value] };
  }
}

function nodeLogic(node: ConditionNode, fields: ReadonlyMap<string, FieldMeta>): Logic {
  const inner = isGroup(node) ? { [node.match === 'any' ? 'or' : 'and']: node.items.map((n) => nodeLogic(n, fields)) } : conditionLogic(node, fields);
  return node.not ? { '!': inner } : inner;
}

/**
 * The json-logic of a condition tree, or undefined when there is none (or the root group holds nothing). A
 * root group (not negated) holding one condition is written as that condition alone, as is a lone condition.
 */
export function toLogic(root: ConditionNode | null, fields: readonly FieldMeta[]): unknown {
  if (!root || (isGroup(root) && root.items.length === 0)) return undefined;
  const byName = new Map(fields.map((f) => [f.name, f]));
  const only = isGroup(root) && root.items.length === 1 && !root.not ? root.items[0]! : undefined;
  return nodeLogic(only && !isGroup(only) ? only : root, byName);
}

// ---------------------------------------------------------------------------------------------------------
// json-logic → tree

const isObject = (v: unknown): v is Logic => !!v && typeof v === 'object' && !Array.isArray(v);
/** The one operator of a json-logic node and its argument, or null. */
function single(logic: unknown): [string, unknown] | null {
  if (!isObject(logic)) return null;
  const keys = Object.keys(logic);
  return keys.length === 1 ? [keys[0]!, logic[keys[0]!]] : null;
}

function varName(node: unknown): string | null {
  const s = single(node);
  return s && s[0] === 'var' && typeof s[1] === 'string' ? s[1] : null;
}

const isPlain = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

interface Reader {
  /** Fields by the name json-logic reads them by (`apiKeyOf`). */
  byKey: ReadonlyMap<string, FieldMeta>;
  operatorsOf: ConditionFields['operatorsOf'];
}

/** A condition on a known field (by its json-logic name) with an operator its editor offers; null otherwise. */
function condition(r: Reader, key: string | null, op: FilterOperatorId, value?: unknown): Condition | null {
  const field = key === null ? undefined : r.byKey.get(key);
  return field ? conditionOn(r, field, op, value) : null;
}

function conditionOn(r: Reader, field: FieldMeta, op: FilterOperatorId, value?: unknown): Condition | null {
  if (!r.operatorsOf(field).includes(op)) return null;
  return { field: field.name, op, ...conditionValue(op, value) };
}

/** `{"in": [x, {"var": f}]}`: the field f and the value x, or null. */
function membership(logic: unknown): { key: string; value: unknown } | null {
  const s = single(logic);
  if (!s || s[0] !== 'in' || !Array.isArray(s[1]) || s[1].length !== 2) return null;
  const key = varName(s[1][1]);
  return key !== null && isPlain(s[1][0]) && s[1][0] !== null ? { key, value: s[1][0] } : null;
}

/** "has any / all of" several values: an or / and of memberships of one list field. */
function listMembership(r: Reader, op: 'or' | 'and', args: unknown): Condition | null {
  if (!Array.isArray(args) || args.length < 2) return null;
  const parts = args.map(membership);
  if (!parts.every((p): p is { key: string; value: unknown } => !!p) || parts.some((p) => p.key !== parts[0]!.key)) return null;
  return condition(
    r,
    parts[0]!.key,
    op === 'or' ? 'containsAny' : 'containsAll',
    parts.map((p) => p.value),
  );
}

function parseCondition(r: Reader, op: string, args: unknown): Condition | null {
  if (!Array.isArray(args)) return null;
  if (op === 'in' && args.length === 2) {
    const key = varName(args[0]);
    if (key !== null && Array.isArray(args[1]) && args[1].length > 0 && args[1].every(isPlain)) return condition(r, key, 'in', args[1]);
    const m = membership({ in: args });
    return m ? condition(r, m.key, 'containsAny', [m.value]) : null;
  }
  if (op === '<=' && args.length === 3) {
    const [from, subject, to] = args;
    return isPlain(from) && isPlain(to) && from !== null && to !== null ? condition(r, varName(subject), 'between', [from, to]) : null;
  }
  const operator = BY_SYMBOL.get(op);
  if (!operator || args.length !== 2 || !isPlain(args[1])) return null;
  const key = varName(args[0]);
  const value = args[1];
  if (value === null) return operator === 'eq' ? condition(r, key, 'isNull') : operator === 'neq' ? condition(r, key, 'notNull') : null;
  if (operator === 'eq' && typeof value === 'boolean') {
    const yesNo = condition(r, key, value ? 'isTrue' : 'isFalse');
    if (yesNo) return yesNo;
  }
  if (ARITY[operator] !== 'one') return null;
  return condition(r, key, operator, value);
}

function parseNode(r: Reader, logic: unknown): ConditionNode | null {
  const s = single(logic);
  if (!s) return null;
  const [op, args] = s;
  if (op === '!') {
    // `!` of `in` is "is none of"; any other negation is the node's "not" ("not not" has no toggle to show it).
    const inner = parseNode(r, args);
    if (!inner || inner.not) return null;
    if (!isGroup(inner) && inner.op === 'in') {
      const field = [...r.byKey.values()].find((f) => f.name === inner.field);
      const noneOf = field && conditionOn(r, field, 'notIn', inner.value);
      if (noneOf) return noneOf;
    }
    return { ...inner, not: true };
  }
  if (op === 'and' || op === 'or') {
    const asList = listMembership(r, op, args);
    if (asList) return asList;
    if (!Array.isArray(args) || args.length === 0) return null;
    const items = args.map((a) => parseNode(r, a));
    return items.every((n): n is ConditionNode => !!n) ? { match: op === 'or' ? 'any' : 'all', items } : null;
  }
  return parseCondition(r, op, args);
}

/**
 * The tree of a json-logic condition: an empty root for none, null when the editor cannot show it. The root is
 * always a group (a lone condition becomes a group of one, which `toLogic` writes alone again).
 */
export function parseLogic(logic: unknown, fields: ConditionFields): ConditionGroup | null {
  if (logic === undefined || logic === null) return { match: 'all', items: [] };
  const r: Reader = { byKey: new Map(fields.fields.map((f) => [apiKeyOf(f), f])), operatorsOf: fields.operatorsOf };
  const node = parseNode(r, logic);
  if (!node) return null;
  if (!isGroup(node)) return { match: 'all', items: [node] };
  // A root group of one condition would be written as the condition alone: not the json-logic read.
  if (!node.not && node.items.length === 1 && !isGroup(node.items[0]!)) return null;
  return node;
}

// ---------------------------------------------------------------------------------------------------------
// json-logic as text, and the fields it names

/** Rewrites `{"var": old}` to `{"var": new}` anywhere in a json-logic expression (fields renamed). */
export function renameVars(logic: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(logic)) return logic.map((x) => renameVars(x, renames));
  if (!logic || typeof logic !== 'object') return logic;
  const name = anyVarName(logic);
  if (name !== null) return { var: renames.get(name) ?? name };
  return Object.fromEntries(Object.entries(logic).map(([k, v]) => [k, renameVars(v, renames)]));
}

/** Field names a json-logic expression reads. */
export function varsOf(logic: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(logic)) for (const x of logic) varsOf(x, into);
  else if (logic && typeof logic === 'object') {
    const name = anyVarName(logic);
    if (name !== null) into.add(name);
    else for (const v of Object.values(logic)) varsOf(v, into);
  }
  return into;
}

/** `{"var": "x"}` or `{"var": ["x"]}` (json-logic allows both; renames and the fields read must see both). */
function anyVarName(node: unknown): string | null {
  const s = single(node);
  if (!s || s[0] !== 'var') return null;
  if (typeof s[1] === 'string') return s[1];
  return Array.isArray(s[1]) && s[1].length === 1 && typeof s[1][0] === 'string' ? s[1][0] : null;
}

/** One line, spaced the way people write json-logic: `{"==": [{"var": "status"}, "active"]}`. */
function inlineLogic(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(inlineLogic).join(', ')}]`;
  if (x && typeof x === 'object')
    return `{${Object.entries(x)
      .map(([k, v]) => `${JSON.stringify(k)}: ${inlineLogic(v)}`)
      .join(', ')}}`;
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
