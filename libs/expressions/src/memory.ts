/**
 * The in-memory back end: json-logic-js, with the few operators whose JavaScript semantics differ from SQL
 * replaced so that both back ends agree: comparisons and arithmetic with null yield false / null, division
 * by zero yields null, min/max skip nulls, decimal results are rounded to 15 significant digits (SQL numeric
 * is exact), instants written as ISO 8601 compare by time rather than as text, text orders by code point,
 * `cat` writes values as the API does; `icontains` and `starts_with` added (see memory-values.ts).
 */
import jsonLogic from 'json-logic-js';

const isNil = (v: unknown) => v === null || v === undefined;
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

import { catText, comparable, compareText, foldCase } from './memory-values.js';

type Cmp = (a: unknown, b: unknown) => boolean;
/** An ordering that compares two texts by code point and anything else as JavaScript does. */
const ordering =
  (op: (a: number, b: number) => boolean): Cmp =>
  (a, b) =>
    typeof a === 'string' && typeof b === 'string' ? op(compareText(a, b), 0) : op(a as number, b as number);
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

const nullSafeArithmetic =
  (op: (a: number, b: number) => number | null, unary?: (a: number) => number) =>
  (...args: unknown[]): number | null => {
    if (args.length === 0 || args.some(isNil)) return null;
    if (args.length === 1) return unary ? unary(num(args[0])) : num(args[0]);
    let acc: number | null = num(args[0]);
    for (const a of args.slice(1)) acc = acc === null ? null : op(acc, num(a));
    return decimal(acc);
  };

/** LEAST / GREATEST: nulls are skipped; null when nothing is left. */
const extreme =
  (pick: (...xs: number[]) => number) =>
  (...args: unknown[]): number | null => {
    const xs = args.filter((a) => !isNil(a)).map(num);
    return xs.length ? pick(...xs) : null;
  };

let installed = false;
function install(): void {
  if (installed) return;
  installed = true;
  jsonLogic.add_operation('<', nullSafeCompare(ordering((a, b) => a < b)));
  jsonLogic.add_operation('<=', nullSafeCompare(ordering((a, b) => a <= b)));
  jsonLogic.add_operation('>', nullSafeCompare(ordering((a, b) => a > b)));
  jsonLogic.add_operation('>=', nullSafeCompare(ordering((a, b) => a >= b)));
  jsonLogic.add_operation(
    '+',
    nullSafeArithmetic((a, b) => a + b),
  );
  jsonLogic.add_operation(
    '-',
    nullSafeArithmetic(
      (a, b) => a - b,
      (a) => -a,
    ),
  );
  jsonLogic.add_operation(
    '*',
    nullSafeArithmetic((a, b) => a * b),
  );
  jsonLogic.add_operation(
    '/',
    nullSafeArithmetic((a, b) => (b === 0 ? null : a / b)),
  );
  jsonLogic.add_operation(
    '%',
    nullSafeArithmetic((a, b) => (b === 0 ? null : a % b)),
  );
  jsonLogic.add_operation('min', extreme(Math.min));
  jsonLogic.add_operation('max', extreme(Math.max));
  jsonLogic.add_operation('==', equality(false));
  jsonLogic.add_operation('===', equality(false));
  jsonLogic.add_operation('!=', equality(true));
  jsonLogic.add_operation('!==', equality(true));
  jsonLogic.add_operation(
    'icontains',
    (haystack: unknown, needle: unknown) => typeof haystack === 'string' && typeof needle === 'string' && foldCase(haystack).includes(foldCase(needle)),
  );
  jsonLogic.add_operation('cat', (...parts: unknown[]) => parts.map(catText).join(''));
  jsonLogic.add_operation('starts_with', (s: unknown, prefix: unknown) => typeof s === 'string' && typeof prefix === 'string' && s.startsWith(prefix));
}

export function evaluate(logic: unknown, data: Record<string, unknown>): unknown {
  install();
  return jsonLogic.apply(logic as jsonLogic.RulesLogic, data);
}

export const isTruthy = (value: unknown): boolean => {
  install();
  return jsonLogic.truthy(value);
};
