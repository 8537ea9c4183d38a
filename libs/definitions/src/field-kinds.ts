/**
 * The registry of field kinds. Everything that differs between kinds (how a value is stored, validated,
 * exposed in GraphQL and filtered) is declared here once and looked up; no other module switches on a kind.
 */
import type { ValueType } from '@funnelcraft/expressions';

export type FieldKindId =
  | 'text' | 'long_text' | 'number' | 'currency' | 'percent' | 'date' | 'datetime' | 'boolean'
  | 'single_select' | 'multi_select' | 'email' | 'phone' | 'url' | 'lookup' | 'user' | 'auto_number' | 'formula';

/** Storage types, named abstractly; the storage library maps them to SQL. */
export type StorageType = 'text' | 'numeric' | 'date' | 'timestamptz' | 'boolean' | 'uuid' | 'text[]';

/** The GraphQL output shape of a value; the API library maps these to scalars and types. */
export type ApiType = 'String' | 'Float' | 'Boolean' | 'Date' | 'DateTime' | 'ID' | 'StringList' | 'Money';

/** Which typed filter input a field gets. */
export type FilterKind = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'id' | 'textList';

type JsonSchema = Record<string, unknown>;

export interface FieldKind {
  id: FieldKindId;
  /** Column type; null for kinds computed at query time (formula). */
  storage: StorageType | null;
  api: ApiType;
  filter: FilterKind;
  /** Value type as seen by expressions (filters, formulas, gates). */
  valueType: ValueType;
  /** False for values the platform computes (auto numbers, formulas). */
  writable: boolean;
  /** JSON Schema for one non-null value of this kind; constraints from the field definition are merged in. */
  valueSchema: (field: Record<string, unknown>) => JsonSchema;
  /** Whether unique / indexed make sense (a btree index over the column). */
  indexable: boolean;
}

const pick = (field: Record<string, unknown>, keys: string[]): JsonSchema =>
  Object.fromEntries(keys.filter((k) => field[k] !== undefined).map((k) => [k, field[k]]));

const text = (format?: string, extra: string[] = ['minLength', 'maxLength', 'pattern']) =>
  (field: Record<string, unknown>): JsonSchema => ({ type: 'string', ...(format ? { format } : {}), ...pick(field, extra) });
const numberSchema = (field: Record<string, unknown>): JsonSchema => ({ type: 'number', ...pick(field, ['minimum', 'maximum']) });
const optionValues = (field: Record<string, unknown>) =>
  ((field['x-options'] as { value: string }[] | undefined) ?? []).map((o) => o.value);

function kind(k: Omit<FieldKind, 'indexable' | 'writable'> & Partial<Pick<FieldKind, 'indexable' | 'writable'>>): FieldKind {
  return { indexable: true, writable: true, ...k };
}

export const FIELD_KINDS: Readonly<Record<FieldKindId, FieldKind>> = {
  text: kind({ id: 'text', storage: 'text', api: 'String', filter: 'text', valueType: 'text', valueSchema: text() }),
  long_text: kind({ id: 'long_text', storage: 'text', api: 'String', filter: 'text', valueType: 'text', valueSchema: text(), indexable: false }),
  email: kind({ id: 'email', storage: 'text', api: 'String', filter: 'text', valueType: 'text', valueSchema: text('email', ['maxLength']) }),
  phone: kind({
    id: 'phone', storage: 'text', api: 'String', filter: 'text', valueType: 'text',
    valueSchema: (f) => ({ type: 'string', pattern: '^[+0-9 ()./-]{3,32}$', ...pick(f, ['maxLength']) }),
  }),
  url: kind({ id: 'url', storage: 'text', api: 'String', filter: 'text', valueType: 'text', valueSchema: text('uri', ['maxLength']) }),
  number: kind({ id: 'number', storage: 'numeric', api: 'Float', filter: 'number', valueType: 'number', valueSchema: numberSchema }),
  percent: kind({ id: 'percent', storage: 'numeric', api: 'Float', filter: 'number', valueType: 'number', valueSchema: numberSchema }),
  currency: kind({
    id: 'currency', storage: 'numeric', api: 'Money', filter: 'number', valueType: 'number',
    valueSchema: (f) => ({
      type: 'object',
      required: ['amount'],
      additionalProperties: false,
      properties: {
        amount: { type: 'number', ...pick(f, ['minimum', 'maximum']) },
        currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      },
    }),
  }),
  date: kind({ id: 'date', storage: 'date', api: 'Date', filter: 'date', valueType: 'date', valueSchema: () => ({ type: 'string', format: 'date' }) }),
  datetime: kind({
    id: 'datetime', storage: 'timestamptz', api: 'DateTime', filter: 'datetime', valueType: 'datetime',
    valueSchema: () => ({ type: 'string', format: 'date-time' }),
  }),
  boolean: kind({ id: 'boolean', storage: 'boolean', api: 'Boolean', filter: 'boolean', valueType: 'boolean', valueSchema: () => ({ type: 'boolean' }) }),
  single_select: kind({
    id: 'single_select', storage: 'text', api: 'String', filter: 'text', valueType: 'text',
    valueSchema: (f) => ({ type: 'string', enum: optionValues(f) }),
  }),
  multi_select: kind({
    id: 'multi_select', storage: 'text[]', api: 'StringList', filter: 'textList', valueType: 'textList', indexable: false,
    valueSchema: (f) => ({ type: 'array', uniqueItems: true, items: { enum: optionValues(f) }, ...pick(f, ['minItems', 'maxItems']) }),
  }),
  lookup: kind({ id: 'lookup', storage: 'uuid', api: 'ID', filter: 'id', valueType: 'id', valueSchema: () => ({ type: 'string', format: 'uuid' }) }),
  user: kind({ id: 'user', storage: 'uuid', api: 'ID', filter: 'id', valueType: 'id', valueSchema: () => ({ type: 'string', format: 'uuid' }) }),
  auto_number: kind({ id: 'auto_number', storage: 'text', api: 'String', filter: 'text', valueType: 'text', writable: false, valueSchema: () => ({}) }),
  formula: kind({ id: 'formula', storage: null, api: 'String', filter: 'text', valueType: 'text', writable: false, indexable: false, valueSchema: () => ({}) }),
};

export const FIELD_KIND_IDS = Object.keys(FIELD_KINDS) as FieldKindId[];

/** The result type of a formula decides its API type and filter, like the kind it resembles. */
export const FORMULA_RESULT_KIND: Record<string, FieldKindId> = { number: 'number', text: 'text', boolean: 'boolean', date: 'date' };
