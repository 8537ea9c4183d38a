/**
 * SQL pieces for one object, built once per ObjectModel and cached (models are shared by every tenant with
 * the same definitions, so nothing tenant-specific lives here: the schema is added per query).
 * Rows come back keyed by API name; formulas computed in SQL. A value kept in several columns (currency: amount,
 * and its code under `<name>__currency`) is read as plain columns and put together ({amount, currency}) by
 * `shape`, with code generated once per object from the kind's CompositeRead: cheaper on both ends than
 * building JSON in PostgreSQL and parsing it per row in Node.
 */
import { SYSTEM_COLUMNS, formulaResultProblem, formulaValueType, PIPELINE_FIELDS, type FieldModel, type ObjectModel } from '@funnelcraft/definitions';
import { isApiName } from '@funnelcraft/kernel';
import { compileValue, SQL_CAST, SqlParams, type SqlExpr, type SqlVariable, type ValueType } from '@funnelcraft/expressions';
import { fieldColumns } from './column-types.js';
import { kindSql, type CompositeRead } from './kind-sql.js';
import { q, quoteLiteral } from './sql-text.js';

export interface ObjectSql {
  object: ObjectModel;
  /** `t."col" AS "apiName", …` for every system column and field: rows read with it need `shape`. */
  selectList: string;
  /** The value of each system column and field as one SQL expression, by API name (over the row alias `t`). */
  selectExprs: Map<string, string>;
  /** The select items that read each system column and field, by API name (two for a currency field). */
  readItems: Map<string, string[]>;
  /** Fields whose values `shape` assembles from several output columns (currency), with how. */
  composites: Map<string, CompositeRead>;
  /** Puts each composite field of rows read with `selectList` together (currency: {amount, currency}). */
  shape(rows: Record<string, unknown>[]): void;
  /** Expressions by API name, for filters, sorts and groups (currency: its amount). */
  vars: Map<string, SqlVariable>;
  /** Physical column types by column name, for casting written values. */
  columnTypes: Map<string, string>;
}

const SYSTEM_SELECT: [string, string][] = [
  ['id', 't.id'],
  ['createdAt', 't.created_at'],
  ['updatedAt', 't.updated_at'],
  ['createdBy', 't.created_by'],
  ['updatedBy', 't.updated_by'],
  ['ownerId', 't.owner_id'],
  ['version', 't.version'],
  ['deletedAt', 't.deleted_at'],
];

const SYSTEM_TYPES: Record<string, ValueType> = { id: 'id', datetime: 'datetime', number: 'number' };

/** A formula that cannot be read as promised is read as null, said once per model (not per row). */
function warnFormula(o: ObjectModel, f: FieldModel, why: string): void {
  console.warn(`[funnelcraft] formula ${o.name}.${f.name} is read as null: ${why}`);
}

/**
 * Formula SQL with its literals written inline (escaped), so the expression is static and cacheable, and of
 * the type its `x-result` promises: a text result is cast to text (a number as JavaScript writes it). Plan
 * time refuses formulas that cannot fit; one applied before that rule is read as a typed NULL, so that it
 * cannot fail every read and write of its object.
 */
function formulaSql(o: ObjectModel, f: FieldModel, resolve: (name: string) => SqlVariable | undefined): string {
  const want = formulaValueType(f);
  const typedNull = `NULL::${SQL_CAST[want]}`;
  const params = new SqlParams();
  let expr: SqlExpr;
  try {
    expr = compileValue(f.formula, { resolve, params });
  } catch (e) {
    warnFormula(o, f, (e as Error).message);
    return typedNull;
  }
  const problem = formulaResultProblem(f, expr.type);
  if (problem) {
    warnFormula(o, f, problem);
    return typedNull;
  }
  const sql = expr.sql.replace(
    /\$(\d+)(::[a-z[\]]+)?/g,
    (_m, n: string, cast: string | undefined) => `${quoteLiteral(params.values[Number(n) - 1])}${cast ?? ''}`,
  );
  if (expr.type === 'null') return typedNull;
  // numeric has no upper bound, the API's Float has: a product of large amounts beyond it is null, not an error.
  if (want === 'number') return `(CASE WHEN abs(${sql}) < 1e308 THEN ${sql} END)`;
  if (want !== 'text' || expr.type === 'text') return sql;
  return expr.type === 'number' ? `trim_scale(${sql})::text` : `(${sql})::text`;
}

function shaper(composites: Map<string, CompositeRead>): (rows: Record<string, unknown>[]) => void {
  if (!composites.size) return () => undefined;
  const body = [...composites].map(([f, c]) => `row[${JSON.stringify(f)}] = ${c.code(f)};`).join(' ');
  return new Function(`return (rows) => { for (const row of rows) { ${body} } };`)() as (rows: Record<string, unknown>[]) => void;
}

/** Output aliases are API names: validated camelCase, so double quotes are all they need. */
export function alias(name: string): string {
  if (!isApiName(name)) throw new Error(`Invalid API name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

function build(o: ObjectModel): ObjectSql {
  const vars = new Map<string, SqlVariable>();
  const columnTypes = new Map<string, string>([
    ['owner_id', 'uuid'],
    ['created_by', 'uuid'],
    ['updated_by', 'uuid'],
    ['id', 'uuid'],
  ]);
  for (const [name, sys] of Object.entries(SYSTEM_COLUMNS)) vars.set(name, { sql: `t.${q(sys.column)}`, type: SYSTEM_TYPES[sys.filter] ?? 'text' });
  const selectExprs = new Map<string, string>(SYSTEM_SELECT);
  const readItems = new Map<string, string[]>();
  const composites = new Map<string, CompositeRead>();
  for (const f of o.fields.filter((g) => g.kind.storage !== null)) {
    const columns = fieldColumns(f);
    for (const c of columns) columnTypes.set(c.column, c.type);
    const cols = columns.map((c) => `t.${q(c.column)}`);
    vars.set(f.name, { sql: cols[0]!, type: f.kind.valueType });
    const composite = kindSql(f).composite;
    if (composite) {
      const parts = ['', ...composite.suffixes];
      selectExprs.set(
        f.name,
        composite.sql((suffix) => cols[parts.indexOf(suffix)]!),
      );
      readItems.set(
        f.name,
        cols.map((col, i) => (i === 0 ? `${col} AS ${alias(f.name)}` : `${col} AS "${f.name}${parts[i]}"`)),
      );
      composites.set(f.name, composite);
    } else {
      selectExprs.set(f.name, cols[0]!);
    }
  }
  if (o.pipelines.length) {
    for (const [name, f] of Object.entries(PIPELINE_FIELDS)) {
      const col = `t.${q(f.column)}`;
      columnTypes.set(f.column, f.sqlType);
      vars.set(name, { sql: col, type: f.valueType });
      selectExprs.set(name, col);
    }
  }
  const resolveStored = (name: string) => vars.get(name);
  for (const f of o.fields.filter((g) => g.kind.storage === null)) {
    const sql = `(${formulaSql(o, f, resolveStored)})`;
    vars.set(f.name, { sql, type: formulaValueType(f) });
    selectExprs.set(f.name, sql);
  }
  for (const [name, expr] of selectExprs) if (!readItems.has(name)) readItems.set(name, [`${expr} AS ${alias(name)}`]);
  const selectList = [...selectExprs.keys()].flatMap((name) => readItems.get(name)!).join(', ');
  return { object: o, selectList, selectExprs, readItems, composites, shape: shaper(composites), vars, columnTypes };
}

const cache = new WeakMap<ObjectModel, ObjectSql>();
export function objectSql(o: ObjectModel): ObjectSql {
  let s = cache.get(o);
  if (!s) {
    s = build(o);
    cache.set(o, s);
  }
  return s;
}

export const tableOf = (schema: string, o: ObjectModel) => `${q(schema)}.${q(o.table)}`;
