/**
 * The in-memory back end: json-logic-js, with the few operators whose JavaScript semantics differ from SQL
 * replaced so that both back ends agree: comparisons and arithmetic with null yield false / null, division
 * by zero yields null, min/max skip nulls, decimal results are rounded to 15 significant digits (SQL numeric
 * is exact), instants written as ISO 8601 compare by time rather than as text; `icontains` and `starts_with`
 * added.
 */
import jsonLogic from 'json-logic-js';

const isNil = (v: unknown) => v === null || v === undefined;
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

/** An instant with a time of day (a date alone compares correctly as text). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
/** Instants compare by time value whatever their fraction digits or offset; everything else as is. */
function comparable(a: unknown, b: unknown): [unknown, unknown] {
  if (typeof a === 'string' && typeof b === 'string' && ISO_INSTANT.test(a) && ISO_INSTANT.test(b)) return [Date.parse(a), Date.parse(b)];
  return [a, b];
}

type Cmp = (a: unknown, b: unknown) => boolean;
const nullSafeCompare = (cmp: Cmp) =>
  function (this: unknown, ...args: unknown[]): boolean {
    if (args.some(isNil)) return false;
    for (let i = 0; i + 1 < args.length; i++) if (!cmp(...comparable(args[i], args[i + 1]))) return false;
    return true;
  };

// eslint-disable-next-line eqeqeq -- json-logic's == is JavaScript's loose equality, kept for non-instants
const looseEquals = (a: unknown, b: unknown) => a == b;
const equality = (negate: boolean) => (a: unknown, b: unknown) => looseEquals(...comparable(a, b)) !== negate;

/** SQL numeric is exact; doubles are not: 100 * 1.1 must equal 110 in both back ends. */
const decimal = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? x : Number(x.toPrecision(15)));

const nullSafeArithmetic = (op: (a: number, b: number) => number | null, unary?: (a: number) => number) =>
  (...args: unknown[]): number | null => {
    if (args.length === 0 || args.some(isNil)) return null;
    if (args.length === 1) return unary ? unary(num(args[0])) : num(args[0]);
    let acc: number | null = num(args[0]);
    for (const a of args.slice(1)) acc = acc === null ? null : op(acc, num(a));
    return decimal(acc);
  };

/** LEAST / GREATEST: nulls are skipped; null when nothing is left. */
const extreme = (pick: (...xs: number[]) => number) => (...args: unknown[]): number | null => {
  const xs = args.filter((a) => !isNil(a)).map(num);
  return xs.length ? pick(...xs) : null;
};

let installed = false;
function install(): void {
  if (installed) return;
  installed = true;
  jsonLogic.add_operation('<', nullSafeCompare((a, b) => (a as number) < (b as number)));
  jsonLogic.add_operation('<=', nullSafeCompare((a, b) => (a as number) <= (b as number)));
  jsonLogic.add_operation('>', nullSafeCompare((a, b) => (a as number) > (b as number)));
  jsonLogic.add_operation('>=', nullSafeCompare((a, b) => (a as number) >= (b as number)));
  jsonLogic.add_operation('+', nullSafeArithmetic((a, b) => a + b));
  jsonLogic.add_operation('-', nullSafeArithmetic((a, b) => a - b, (a) => -a));
  jsonLogic.add_operation('*', nullSafeArithmetic((a, b) => a * b));
  jsonLogic.add_operation('/', nullSafeArithmetic((a, b) => (b === 0 ? null : a / b)));
  jsonLogic.add_operation('%', nullSafeArithmetic((a, b) => (b === 0 ? null : a % b)));
  jsonLogic.add_operation('min', extreme(Math.min));
  jsonLogic.add_operation('max', extreme(Math.max));
  jsonLogic.add_operation('==', equality(false));
  jsonLogic.add_operation('===', equality(false));
  jsonLogic.add_operation('!=', equality(true));
  jsonLogic.add_operation('!==', equality(true));
  jsonLogic.add_operation('icontains', (haystack: unknown, needle: unknown) =>
    typeof haystack === 'string' && typeof needle === 'string' && haystack.toLowerCase().includes(needle.toLowerCase()));
  jsonLogic.add_operation('starts_with', (s: unknown, prefix: unknown) =>
    typeof s === 'string' && typeof prefix === 'string' && s.startsWith(prefix));
}

export function evaluate(logic: unknown, data: Record<string, unknown>): unknown {
  install();
  return jsonLogic.apply(logic as jsonLogic.RulesLogic, data);
}

export const isTruthy = (value: unknown): boolean => {
  install();
  return jsonLogic.truthy(value);
};
