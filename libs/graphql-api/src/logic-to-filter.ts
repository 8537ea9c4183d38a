/**
 * json-logic → the typed list filter: the inverse of filterToLogic for the conditions drill-downs are made of
 * (and, or, not, comparisons of a field with a value, in, contains, starts with). A drill-down's logic becomes
 * the `filter` argument of the object's list, so `deals(filter: drill).totalCount` counts what was clicked.
 * Logic it cannot say (an operator of its own, two fields compared) answers undefined: no drill-down.
 */
import type { RecordFilter } from './filter-input.js';

type Logic = Record<string, unknown>;
const COMPARE: Record<string, { op: string; flipped: string }> = {
  '<': { op: 'lt', flipped: 'gt' },
  '<=': { op: 'lte', flipped: 'gte' },
  '>': { op: 'gt', flipped: 'lt' },
  '>=': { op: 'gte', flipped: 'lte' },
};

const varName = (x: unknown): string | undefined => {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return undefined;
  const v = (x as Logic)['var'];
  return typeof v === 'string' ? v : undefined;
};
const isValue = (x: unknown) => x === null || ['string', 'number', 'boolean'].includes(typeof x);
const field = (name: string, condition: Record<string, unknown>): RecordFilter => ({ [name]: condition });

export function logicToFilter(logic: unknown): RecordFilter | undefined {
  if (logic === true) return {};
  if (!logic || typeof logic !== 'object' || Array.isArray(logic)) return undefined;
  const entries = Object.entries(logic as Logic);
  if (entries.length !== 1) return undefined;
  const [op, raw] = entries[0]!;
  const args = Array.isArray(raw) ? raw : [raw];
  if (op === 'and' || op === 'or') {
    const parts = args.map(logicToFilter);
    return parts.every((p): p is RecordFilter => p !== undefined) ? { [op]: parts } : undefined;
  }
  if (op === '!') {
    const inner = args.length === 1 ? logicToFilter(args[0]) : undefined;
    return inner && { not: inner };
  }
  const [a, b, c] = args;
  const name = varName(a);
  if ((op === '==' || op === '!=') && args.length === 2 && name && isValue(b)) {
    if (b === null) return field(name, { isNull: op === '==' });
    return field(name, { [op === '==' ? 'eq' : 'neq']: b });
  }
  const cmp = COMPARE[op];
  if (cmp && args.length === 2) {
    if (name && isValue(b) && b !== null) return field(name, { [cmp.op]: b });
    const other = varName(b);
    if (other && isValue(a) && a !== null) return field(other, { [cmp.flipped]: a });
    return undefined;
  }
  if (cmp && args.length === 3 && varName(b) && isValue(a) && isValue(c) && a !== null && c !== null) {
    // {"<": [lo, x, hi]}: lo < x < hi.
    return field(varName(b)!, { [cmp.flipped]: a, [cmp.op]: c });
  }
  if (op === 'in' && args.length === 2) {
    if (name && Array.isArray(b) && b.every(isValue)) return field(name, { in: b });
    const list = varName(b);
    if (list && isValue(a)) return field(list, { contains: a });
    return undefined;
  }
  if ((op === 'icontains' || op === 'starts_with') && args.length === 2 && name && typeof b === 'string')
    return field(name, { [op === 'icontains' ? 'contains' : 'startsWith']: b });
  return undefined;
}
