/**
 * What a literal must look like to be cast to a column's type. PostgreSQL refuses a bad cast at run time, for
 * the whole query (a filter, every read of a formula); checked here, it is a coded error when the expression
 * is compiled, which for formulas, gates and saved filters is at plan or save time.
 */
import type { ValueType } from './value-types.js';

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function isDate(s: string): boolean {
  const m = DATE.exec(s.slice(0, 10));
  if (!m || (s.length > 10 && !INSTANT.test(s))) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Why a string cannot stand for a value of `type`, or undefined when it can. */
export function stringLiteralProblem(value: string, type: ValueType): string | undefined {
  switch (type) {
    case 'number':
      return NUMBER.test(value) && Number.isFinite(Number(value)) ? undefined : `"${value}" is not a number`;
    case 'date':
      return isDate(value) ? undefined : `"${value}" is not a date (YYYY-MM-DD)`;
    case 'datetime':
      return isDate(value) && !Number.isNaN(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value))
        ? undefined
        : `"${value}" is not an ISO 8601 date-time`;
    case 'id':
      return UUID.test(value) ? undefined : `"${value}" is not an id (a UUID)`;
    case 'boolean':
      return `"${value}" is text, not true or false`;
    default:
      return undefined;
  }
}

/** A number literal stands for a number, or for text (written as JavaScript writes it). */
export const numberLiteralFits = (type: ValueType): boolean => type === 'number' || type === 'text' || type === 'any' || type === 'null' || type === 'textList';

/** Types two operands may have to be compared, chosen between, or put in one list. */
export function typesMeet(a: ValueType, b: ValueType): boolean {
  if (a === b || a === 'null' || b === 'null' || a === 'any' || b === 'any') return true;
  // PostgreSQL compares a date with an instant (the date as midnight).
  return (a === 'date' && b === 'datetime') || (a === 'datetime' && b === 'date');
}
