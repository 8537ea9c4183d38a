/** Possible duplicates: records whose text fields equal given values ignoring case, or whose URLs share a host. */
import type { ObjectModel } from '@funnelcraft/definitions';
import { SqlParams } from '@funnelcraft/expressions';
import type { Queryable } from './db.js';
import { objectSql, tableOf } from './object-sql.js';
import type { Row } from './record-queries.js';
import { q } from './sql-text.js';

/** "https://www.Acme.example/about" → "acme.example" (in SQL and in JS alike). */
const HOST_SQL = (expr: string) => `regexp_replace(regexp_replace(lower(${expr}), '^[a-z]+://(www\\.)?', ''), '[/?#:].*$', '')`;
export const hostOf = (url: string) => url.toLowerCase().replace(/^[a-z]+:\/\/(www\.)?/, '').replace(/[/?#:].*$/, '');

export async function findMatches(db: Queryable, schema: string, o: ObjectModel, criteria: { field: string; value: string }[], limit = 10): Promise<Row[]> {
  const usable = criteria.filter((c) => c.value.trim() !== '' && o.fieldsByName.get(c.field)?.kind.storage === 'text');
  if (!usable.length) return [];
  const params = new SqlParams();
  const conditions = usable.map((c) => {
    const f = o.fieldsByName.get(c.field)!;
    const col = `t.${q(f.column)}`;
    return f.kind.id === 'url' ? `${HOST_SQL(col)} = ${params.add(hostOf(c.value), 'text')}` : `lower(${col}) = lower(${params.add(c.value.trim(), 'text')})`;
  });
  const s = objectSql(o);
  const { rows } = await db.query<Row>(
    `SELECT ${s.selectList} FROM ${tableOf(schema, o)} t WHERE t.deleted_at IS NULL AND (${conditions.join(' OR ')}) ORDER BY t.created_at LIMIT ${params.add(limit, 'int')}`,
    params.values,
  );
  s.shape(rows);
  return rows;
}
