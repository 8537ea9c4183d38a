/**
 * Whether the value a formula computes can be what its `x-result` promises. A number formula that computes
 * text used to be accepted, and then failed every read of its object (the API type is Float) and every filter
 * on it; it is refused at plan time. Applied formulas that still do not fit are read as null (storage).
 */
import type { ValueType } from '@funnelcraft/expressions';
import type { FieldModel } from './model.js';
import { effectiveKind } from './field-kinds.js';

/** Value types a text result takes, written out as text (a date as YYYY-MM-DD, a number as JavaScript writes it). */
const TEXT_FROM: readonly ValueType[] = ['text', 'number', 'boolean', 'date', 'id', 'null'];

/** The value type a formula field is read as (its `x-result`). */
export const formulaValueType = (f: FieldModel): ValueType => effectiveKind(f).valueType;

/** Why an expression of `computed` type cannot be the value of formula `f`, or undefined when it can. */
export function formulaResultProblem(f: FieldModel, computed: ValueType): string | undefined {
  const want = formulaValueType(f);
  const fits = want === 'text' ? TEXT_FROM.includes(computed) : computed === want || computed === 'null';
  return fits ? undefined : `the formula computes a ${computed} value, but x-result is ${String(f.document['x-result'])}`;
}
