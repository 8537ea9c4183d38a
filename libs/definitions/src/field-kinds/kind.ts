/**
 * What a field kind is, independent of storage and API: its value (type and JSON Schema), how it is stored
 * (abstractly: the storage library maps it to SQL), how it is filtered, and the flags every layer and the
 * studio read. Its SQL lives in libs/storage (kind-sql.ts), its GraphQL types in libs/graphql-api (kind-types.ts). One module per kind beside this file; `../field-kinds.ts` assembles them into FIELD_KINDS.
 */
import type { ValueType } from '@funnelcraft/expressions';
import type { FieldDocument, FieldModel } from '../model.js';

export type FieldKindId =
  | 'text'
  | 'long_text'
  | 'number'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'single_select'
  | 'multi_select'
  | 'email'
  | 'phone'
  | 'url'
  | 'lookup'
  | 'user'
  | 'auto_number'
  | 'formula';

/** Storage types, named abstractly; the storage library maps them to SQL. */
export type StorageType = 'text' | 'numeric' | 'date' | 'timestamptz' | 'boolean' | 'uuid' | 'text[]';

/** Which typed filter input a field gets. */
export type FilterKind = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'id' | 'textList';

/**
 * How a field may change to another kind. `metadata`: same column, nothing to do; `cast`: the column changes
 * type and existing values are converted (a conversion that can fail is checked first, naming the rows that
 * would not convert). A kind not listed is refused as unsafe.
 */
export type ConversionMethod = 'metadata' | 'cast';

/** Parts of a field that live in the database besides its column type. */
export type StorageAspect = 'unique' | 'indexed' | 'default' | 'on_delete' | 'auto_number';

/** The operators of each filter kind, as GraphQL filter inputs name them (`isNull` is on every one). */
export const FILTER_OPERATORS: Readonly<Record<FilterKind, readonly string[]>> = {
  text: ['eq', 'neq', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'contains', 'startsWith', 'isNull'],
  number: ['eq', 'neq', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'isNull'],
  date: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'isNull'],
  datetime: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'isNull'],
  boolean: ['eq', 'neq', 'isNull'],
  id: ['eq', 'neq', 'in', 'notIn', 'isNull'],
  textList: ['contains', 'containsAny', 'containsAll', 'isNull'],
};

type JsonSchema = Record<string, unknown>;

/** Kind-specific parts of a field model, read from its document (auto number format, formula result…). */
export type FieldModelParts = Partial<Pick<FieldModel, 'autoNumber' | 'formulaResult'>>;

export interface FieldKind {
  id: FieldKindId;
  /** Column type of the field's own column; null for kinds computed at query time (formula). */
  storage: StorageType | null;
  /** Columns beside the field's own, named `<column><suffix>` (currency keeps its ISO code in `_currency`). */
  extraColumns: readonly { suffix: string; storage: StorageType }[];
  filter: FilterKind;
  /** Value type as seen by expressions (filters, formulas, gates). */
  valueType: ValueType;
  /** False for values the platform computes (auto numbers, formulas). */
  writable: boolean;
  /** JSON Schema for one non-null value of this kind; constraints from the field definition are merged in. */
  valueSchema: (field: Record<string, unknown>) => JsonSchema;
  /** Whether unique / indexed make sense (a btree index over the column). */
  indexable: boolean;
  /** A reference: to a record of `x-target` (lookup) or to a platform user; exposed as `<name>Id` + the linked value. */
  link: 'record' | 'user' | null;
  /** Choices from `x-options`: one value or a set of values. */
  choice: 'one' | 'many' | null;
  /** Whether a pipeline can total its values (`x-amount-field`). */
  canBeAmount: boolean;
  /** Free text a quick search looks into (`contains`). */
  searchable: boolean;
  /** Whether lists can be sorted and grouped by it. */
  sortable: boolean;
  /** Whether it can name a record (the default display field is the first such field). */
  canBeTitle: boolean;
  /** How possible duplicates compare (conversion matching): ignoring case, or by the host of a URL. */
  match: 'caseless' | 'host';
  /** The kinds a field of this kind may change to, and how (in the order an error lists them). */
  changesTo: Readonly<Partial<Record<FieldKindId, ConversionMethod>>>;
  /** Kind-specific parts of the field model, read from the field's document. */
  parse?: (doc: FieldDocument) => FieldModelParts;
  /** Storage aspects of this kind that changed between two versions of a field (besides unique/indexed/default). */
  aspects?: (from: FieldModel, to: FieldModel) => StorageAspect[];
}

/** Defaults shared by most kinds; each kind module states what differs. */
type Essentials = Pick<FieldKind, 'storage' | 'filter' | 'valueType' | 'valueSchema'>;
export function defineKind<K extends FieldKindId>(k: { id: K } & Essentials & Partial<Omit<FieldKind, 'id' | keyof Essentials>>): FieldKind & { id: K } {
  return {
    extraColumns: [],
    changesTo: {},
    writable: true,
    indexable: true,
    link: null,
    choice: null,
    canBeAmount: false,
    searchable: false,
    sortable: true,
    canBeTitle: false,
    match: 'caseless',
    ...k,
  };
}

/** Changes between free-text kinds keep the text column as it is. */
const TEXTUAL = ['text', 'long_text', 'email', 'phone', 'url'] as const;
export const textualChanges = (self: FieldKindId): Partial<Record<FieldKindId, ConversionMethod>> =>
  Object.fromEntries(TEXTUAL.filter((k) => k !== self).map((k) => [k, 'metadata']));

export const pick = (field: Record<string, unknown>, keys: string[]): JsonSchema =>
  Object.fromEntries(keys.filter((k) => field[k] !== undefined).map((k) => [k, field[k]]));

/** Text values have a cap even when the definition sets none; `maxLength` replaces it (higher or lower). */
export const DEFAULT_MAX_TEXT_LENGTH = 100_000;

export const textSchema =
  (format?: string, extra: string[] = ['minLength', 'maxLength', 'pattern'], more: JsonSchema = {}) =>
  (field: Record<string, unknown>): JsonSchema => ({
    type: 'string',
    maxLength: DEFAULT_MAX_TEXT_LENGTH,
    ...(format ? { format } : {}),
    ...more,
    ...pick(field, extra),
  });

export const numberSchema = (field: Record<string, unknown>): JsonSchema => ({ type: 'number', ...pick(field, ['minimum', 'maximum']) });

export const optionValues = (field: Record<string, unknown>) => ((field['x-options'] as { value: string }[] | undefined) ?? []).map((o) => o.value);
