/**
 * SQL pieces for one object, built once per ObjectModel and cached (models are shared by every tenant with
 * the same definitions, so nothing tenant-specific lives here: the schema is added per query).
 * Rows come back keyed by API name; currency fields as {amount, currency}; formulas computed in SQL.
 */
import { SYSTEM_COLUMNS, effectiveKind, FIELD_KINDS, PIPELINE_FIELDS, type FieldModel, type ObjectModel } from '@funnelcraft/definitions';
import { isApiName } from '@funnelcraft/kernel';
import { compileValue, SqlParams, type SqlVariable, type ValueType } from '@funnelcraft/expressions';
import { fieldColumns } from './column-types.js';
import { q, quoteLiteral } from './sql-text.js';

export interface ObjectSql {
  object: ObjectModel;
  /** `t."col" AS "apiName", …` for every system column and field. */
  selectList: string;
  /** The select expression of each system column and field, by API name (over the row alias `t`). */
  selectExprs: Map<string, string>;
  /** Expressions by API name, for filters, sorts and groups (currency: its amount). */
  vars: Map<string, SqlVariable>;
  /** Physical column types by column name, for casting written values. */
  columnTypes: Map<string, string>;
}

const SYSTEM_SELECT: [string, string][] = [
  ['id', 't.id'], ['createdAt', 't.created_at'], ['updatedAt', 't.updated_at'], ['createdBy', 't.created_by'],
  ['updatedBy', 't.updated_by'], ['ownerId', 't.owner_id'], ['version', 't.version'], ['deletedAt', 't.deleted_at'],
];

const SYSTEM_TYPES: Record<string, ValueType> = { id: 'id', datetime: 'datetime', number: 'number' };

/** Formula SQL with its literals written inline (escaped), so the expression is static and cacheable. */
function inlineFormula(f: FieldModel, resolve: (name: string) => SqlVariable | undefined): string {
  const params = new SqlParams();
  const expr = compileValue(f.formula, { resolve, params });
  return expr.sql.replace(/\$(\d+)(::[a-z\[\]]+)?/g, (_m, n: string, cast: string | undefined) => `${quoteLiteral(params.values[Number(n) - 1])}${cast ?? ''}`);
}

/** Output aliases are API names: validated camelCase, so double quotes are all they need. */
export function alias(name: string): string {
  if (!isApiName(name)) throw new Error(`Invalid API name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

function build(o: ObjectModel): ObjectSql {
  const vars = new Map<string, SqlVariable>();
  const columnTypes = new Map<string, string>([['owner_id', 'uuid'], ['created_by', 'uuid'], ['updated_by', 'uuid'], ['id', 'uuid']]);
  for (const [name, sys] of Object.entries(SYSTEM_COLUMNS)) vars.set(name, { sql: `t.${q(sys.column)}`, type: SYSTEM_TYPES[sys.filter] ?? 'text' });
  const selectExprs = new Map<string, string>(SYSTEM_SELECT);
  for (const f of o.fields.filter((g) => g.kind.storage !== null)) {
    for (const c of fieldColumns(f)) columnTypes.set(c.column, c.type);
    const col = `t.${q(f.column)}`;
    vars.set(f.name, { sql: col, type: f.kind.valueType });
    const value = f.kind.id === 'currency'
      ? `CASE WHEN ${col} IS NULL THEN NULL ELSE json_build_object('amount', ${col}, 'currency', t.${q(`${f.column}_currency`)}) END`
      : col;
    selectExprs.set(f.name, value);
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
  for (const f of o.fields.filter((g) => g.kind.id === 'formula')) {
    const sql = `(${inlineFormula(f, resolveStored)})`;
    vars.set(f.name, { sql, type: FIELD_KINDS[effectiveKind(f)].valueType });
    selectExprs.set(f.name, sql);
  }
  const selectList = [...selectExprs].map(([name, expr]) => `${expr} AS ${alias(name)}`).join(', ');
  return { object: o, selectList, selectExprs, vars, columnTypes };
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
