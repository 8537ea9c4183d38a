/**
 * The in-memory back end: json-logic-js, with the few operators whose JavaScript semantics differ from SQL
 * replaced so that both back ends agree (comparisons and arithmetic with null yield false / null, division
 * by zero yields null, `icontains` and `starts_with` added).
 */
import jsonLogic from 'json-logic-js';

const isNil = (v: unknown) => v === null || v === undefined;
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

type Cmp = (a: unknown, b: unknown) => boolean;
const nullSafeCompare = (cmp: Cmp) =>
  function (this: unknown, ...args: unknown[]): boolean {
    if (args.some(isNil)) return false;
    for (let i = 0; i + 1 < args.length; i++) if (!cmp(args[i], args[i + 1])) return false;
    return true;
  };

const nullSafeArithmetic = (op: (a: number, b: number) => number | null, unary?: (a: number) => number) =>
  (...args: unknown[]): number | null => {
    if (args.length === 0 || args.some(isNil)) return null;
    if (args.length === 1) return unary ? unary(num(args[0])) : num(args[0]);
    let acc: number | null = num(args[0]);
    for (const a of args.slice(1)) acc = acc === null ? null : op(acc, num(a));
    return acc;
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
