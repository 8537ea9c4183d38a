/**
 * The SQL side of each field kind: column defaults, what DDL hangs on the columns (a sequence, a foreign key),
 * how an API value becomes column values, how columns are read back into a value, and how a pipeline amount
 * is totalled. The `{ [K in FieldKindId]: KindSql }` type makes a kind without its entry a compile error.
 * Looked up once per field when plans, object SQL and projections are built, never per row.
 */
import type { FieldKindId, FieldModel, ObjectModel } from '@funnelcraft/definitions';
import { fieldColumns } from './column-types.js';
import { fkName, seqName, table, userKey } from './ddl-names.js';
import { q, quoteLiteral } from './sql-text.js';

/** One field of one object in one tenant schema, as DDL sees it. */
export interface FieldDdl {
  schema: string;
  o: ObjectModel;
  f: FieldModel;
}

/** A value assembled from several output columns (`<key><suffix>`), e.g. {amount, currency}. */
export interface CompositeRead {
  /** Output column suffixes beside the first, in `columnsOf` order. */
  suffixes: readonly string[];
  /** One SQL (jsonb) expression of the value over its parts; `part('')` is the first. */
  sql(part: (suffix: string) => string): string;
  /** Generated JavaScript building the value from `row[key…]` (keys quoted with JSON.stringify). */
  code(key: string): string;
}

export interface KindSql {
  /** DEFAULT expression of each of the field's columns (`columnsOf` order); undefined: none. */
  defaults(d: FieldDdl): (string | undefined)[];
  /** Statements before the columns are added (a sequence they use) and right after (the sequence owned by the column). */
  beforeColumns?(d: FieldDdl): string[];
  afterColumns?(d: FieldDdl): string[];
  /** Constraints added once every table of the plan exists; `target` is the object a lookup points at, when known. */
  constraints?(d: FieldDdl, target: ObjectModel | undefined): string[];
  /** Objects named after the field, renamed with it. */
  derived?: readonly ('SEQUENCE' | 'CONSTRAINT')[];
  /** Statements for the kind's own storage aspects (see FieldKind.aspects) when they changed. */
  alter?(from: FieldDdl, to: FieldDdl, target: ObjectModel | undefined): string[];
  /** The column values of one API value, in `columnsOf` order. */
  write(f: FieldModel, value: unknown, tenantCurrency: string): unknown[];
  /** Present when the value is read from several columns. */
  composite?: CompositeRead;
  /**
   * Columns a metric (sum, avg…) over the field also groups by, keyed `<field>.<key>` in the result: amounts
   * of different currencies are never added up (nor compared).
   */
  metricGroups?(cols: string[]): { key: string; sql: string }[];
  /**
   * The pipeline amount in the reporting currency (param `reporting`), its rates joined under the alias `rates`
   * (a report converting several fields joins the rates once per field) for the tenant `tenant` (a placeholder,
   * `$1` by default); absent: the column itself.
   */
  amount?(cols: string[], reporting: string, rates?: string, tenant?: string): { amount: string; unconverted: string; join: string };
}

const ON_DELETE = { set_null: 'SET NULL', restrict: 'RESTRICT', cascade: 'CASCADE' } as const;

const literalDefault = ({ f }: FieldDdl): string | undefined => {
  if (f.defaultValue === undefined || f.defaultValue === null) return undefined;
  const type = fieldColumns(f)[0]?.type;
  return type ? `${quoteLiteral(f.defaultValue)}::${type}` : undefined;
};

/** Most kinds: one column, the default as a literal of the column's type, the value written as it is. */
const plain: KindSql = { defaults: (d) => [literalDefault(d)], write: (_f, v) => [v] };

function foreignKey({ schema, o, f }: FieldDdl, target: ObjectModel): string {
  return `ALTER TABLE ${table(schema, o)} ADD CONSTRAINT ${q(fkName(o, f))} FOREIGN KEY (${q(f.column)}) REFERENCES ${table(schema, target)} (id) ON DELETE ${ON_DELETE[f.onDelete]}`;
}

const sequence = ({ schema, o, f }: FieldDdl) => `${q(schema)}.${q(seqName(o, f))}`;

const currencyCode = (key: string) => `${key}__currency`;

const money: KindSql = {
  // The amount has no default (the meta-schema allows none); the code defaults to the field's currency.
  defaults: ({ f }) => [undefined, f.currency ? quoteLiteral(f.currency) : undefined],
  write: (f, value, tenantCurrency) => {
    const m = value as { amount: number; currency?: string } | null;
    return [m?.amount ?? null, m ? (m.currency ?? f.currency ?? tenantCurrency) : null];
  },
  composite: {
    suffixes: ['__currency'],
    sql: (part) => `CASE WHEN ${part('')} IS NULL THEN NULL ELSE jsonb_build_object('amount', ${part('')}, 'currency', ${part('__currency')}) END`,
    code: (key) => {
      const amount = `row[${JSON.stringify(key)}]`;
      return `${amount} === null ? null : { amount: ${amount}, currency: row[${JSON.stringify(currencyCode(key))}] }`;
    },
  },
  metricGroups: ([, cur]) => [{ key: 'currency', sql: cur! }],
  amount: ([col, cur], reporting, r = 'r', tenant = '$1::uuid') => ({
    amount: `CASE WHEN ${cur} IS NULL OR ${cur} = ${reporting} THEN ${col} ELSE ${col} * ${r}.rate END`,
    unconverted: `count(*) FILTER (WHERE ${col} IS NOT NULL AND ${cur} <> ${reporting} AND ${r}.rate IS NULL)`,
    join: `LEFT JOIN platform.currency_rates ${r} ON ${r}.tenant_id = ${tenant} AND ${r}.currency = ${cur}`,
  }),
};

const autoNumber: KindSql = {
  defaults: (d) => {
    const n = d.f.autoNumber;
    return [n ? `(${quoteLiteral(n.prefix)} || lpad(nextval('${sequence(d).replace(/'/g, "''")}')::text, ${n.width}, '0'))` : undefined];
  },
  beforeColumns: (d) => [`CREATE SEQUENCE ${sequence(d)}`],
  afterColumns: (d) => [`ALTER SEQUENCE ${sequence(d)} OWNED BY ${table(d.schema, d.o)}.${q(d.f.column)}`],
  derived: ['SEQUENCE'],
  write: (_f, v) => [v],
};

const lookup: KindSql = {
  ...plain,
  constraints: (d, target) => (target ? [foreignKey(d, target)] : []),
  derived: ['CONSTRAINT'],
  alter: (from, to, target) =>
    from.f.onDelete !== to.f.onDelete && target
      ? [`ALTER TABLE ${table(to.schema, to.o)} DROP CONSTRAINT IF EXISTS ${q(fkName(to.o, to.f))}`, foreignKey(to, target)]
      : [],
};

const user: KindSql = { ...plain, constraints: ({ schema, o, f }) => [userKey(schema, o, f.column, fkName(o, f))], derived: ['CONSTRAINT'] };

/** No column: computed by the query that reads it. */
const computed: KindSql = { defaults: () => [], write: () => [] };

export const KIND_SQL: Readonly<{ [K in FieldKindId]: KindSql }> = {
  text: plain,
  long_text: plain,
  email: plain,
  phone: plain,
  url: plain,
  number: plain,
  percent: plain,
  currency: money,
  date: plain,
  datetime: plain,
  boolean: plain,
  single_select: plain,
  multi_select: plain,
  lookup,
  user,
  auto_number: autoNumber,
  formula: computed,
};

export const kindSql = (f: FieldModel): KindSql => KIND_SQL[f.kind.id];
