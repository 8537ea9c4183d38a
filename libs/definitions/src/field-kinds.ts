/**
 * The registry of field kinds: one module per kind in `field-kinds/`, assembled here. Everything that differs
 * between kinds is declared by the kind and looked up; the storage and API libraries keep their own per-kind
 * tables (SQL, GraphQL types) keyed by the same ids, typed so that a kind missing from one does not compile.
 * How to add a kind: field-kinds/README.md.
 */
import type { FieldModel } from './model.js';
import { autoNumber } from './field-kinds/auto-number.js';
import { boolean } from './field-kinds/boolean.js';
import { currency } from './field-kinds/currency.js';
import { date } from './field-kinds/date.js';
import { datetime } from './field-kinds/datetime.js';
import { email } from './field-kinds/email.js';
import { formula } from './field-kinds/formula.js';
import type { FieldKind, FieldKindId, StorageType } from './field-kinds/kind.js';
import { longText } from './field-kinds/long-text.js';
import { lookup } from './field-kinds/lookup.js';
import { multiSelect } from './field-kinds/multi-select.js';
import { number } from './field-kinds/number.js';
import { percent } from './field-kinds/percent.js';
import { phone } from './field-kinds/phone.js';
import { singleSelect } from './field-kinds/single-select.js';
import { text } from './field-kinds/text.js';
import { url } from './field-kinds/url.js';
import { user } from './field-kinds/user.js';

export * from './field-kinds/kind.js';
export { FORMULA_RESULT_KIND } from './field-kinds/formula.js';
export { URL_SCHEME_PATTERN, URL_SCHEMES } from './field-kinds/url.js';

/** Every kind, by id: the `{ [K in FieldKindId]: … }` type makes a kind without its module a compile error. */
export const FIELD_KINDS: Readonly<{ [K in FieldKindId]: FieldKind & { id: K } }> = {
  text,
  long_text: longText,
  email,
  phone,
  url,
  number,
  percent,
  currency,
  date,
  datetime,
  boolean,
  single_select: singleSelect,
  multi_select: multiSelect,
  lookup,
  user,
  auto_number: autoNumber,
  formula,
};

export const FIELD_KIND_IDS = Object.keys(FIELD_KINDS) as FieldKindId[];

/** The kind a field behaves as for API types, filters and expressions (a formula behaves as its result kind). */
export const effectiveKind = (f: FieldModel): FieldKind => (f.kind.storage === null ? FIELD_KINDS[f.formulaResult ?? 'text'] : f.kind);

/** Physical columns of a field, by name: its own, then the kind's extra ones (none for formulas). */
export function columnsOf(f: FieldModel): { column: string; storage: StorageType }[] {
  if (!f.kind.storage) return [];
  return [{ column: f.column, storage: f.kind.storage }, ...f.kind.extraColumns.map((c) => ({ column: `${f.column}${c.suffix}`, storage: c.storage }))];
}
