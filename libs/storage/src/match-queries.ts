/** Possible duplicates: records whose text fields equal given values ignoring case, or whose URLs share a host. */
import type { FieldKind, ObjectModel } from '@funnelcraft/definitions';
import { compileCondition, SqlParams } from '@funnelcraft/expressions';
import type { Queryable } from './db.js';
import { objectSql, tableOf } from './object-sql.js';
import type { Row } from './record-queries.js';
import { q } from './sql-text.js';

/** "https://www.Acme.example/about" → "acme.example" (in SQL and in JS alike). */
const HOST_SQL = (expr: string) => `regexp_replace(regexp_replace(lower(${expr}), '^[a-z]+://(www\\.)?', ''), '[/?#:].*$', '')`;
export const hostOf = (url: string) =>
  url
    .toLowerCase()
    .replace(/^[a-z]+:\/\/(www\.)?/, '')
    .replace(/[/?#:].*$/, '');

/** How each match mode of the field-kind registry compares a column with a value. */
const MATCH_SQL: Record<FieldKind['match'], (col: string, value: string, params: SqlParams) => string> = {
  caseless: (col, value, params) => `lower(${col}) = lower(${params.add(value.trim(), 'text')})`,
  host: (col, value, params) => `${HOST_SQL(col)} = ${params.add(hostOf(value), 'text')}`,
};

/** Whether a stored text value matches a wanted one the way the field's kind compares (as the SQL above does). */
export const valuesMatch = (match: FieldKind['match'], stored: string, wanted: string): boolean =>
  match === 'host' ? hostOf(stored) === hostOf(wanted) : stored.toLowerCase() === wanted.trim().toLowerCase();

export async function findMatches(
  db: Queryable,
  schema: string,
  o: ObjectModel,
  criteria: { field: string; value: string }[],
  limit = 10,
  scope?: unknown,
): Promise<Row[]> {
  const usable = criteria.filter((c) => c.value.trim() !== '' && o.fieldsByName.get(c.field)?.kind.storage === 'text');
  if (!usable.length) return [];
  const params = new SqlParams();
  const conditions = usable.map((c) => {
    const f = o.fieldsByName.get(c.field)!;
    const col = `t.${q(f.column)}`;
    return MATCH_SQL[f.kind.match](col, c.value, params);
  });
  const s = objectSql(o);
  const { rows } = await db.query<Row>(
    `SELECT ${s.selectList} FROM ${tableOf(schema, o)} t WHERE t.deleted_at IS NULL AND (${conditions.join(' OR ')})${scope === undefined ? '' : ` AND (${compileCondition(scope, { resolve: (name) => s.vars.get(name), params })})`} ORDER BY t.created_at LIMIT ${params.add(limit, 'int')}`,
    params.values,
  );
  s.shape(rows);
  return rows;
}
