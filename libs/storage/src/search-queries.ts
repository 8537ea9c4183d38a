/**
 * The global search: records of several objects whose searchable text fields (names, emails, phones… the kinds
 * the field-kind registry flags `searchable`) contain a text, ignoring case, in one UNION ALL statement with one
 * branch per object. Each branch keeps its best matches (the display field first, then where the text starts),
 * the whole keeps the best overall. The text is bound once; identifiers come from the model, quoted.
 * (Ranking and trigram indexes at scale come later: a branch scans its table.)
 */
import type { FieldModel, ObjectModel } from '@funnelcraft/definitions';
import { compileCondition, SqlParams } from '@funnelcraft/expressions';
import type { Queryable } from './db.js';
import { objectSql, tableOf } from './object-sql.js';
import { queryRead } from './prepared.js';
import { q, quoteLiteral } from './sql-text.js';

export interface SearchHit {
  object: string;
  id: string;
  /** the display field's value */
  title: string | null;
  /** the first searchable field that holds the text, and its value */
  field: string;
  value: string;
}

/** Fields the search looks into: searchable kinds stored as text. */
export const searchFieldsOf = (o: ObjectModel): FieldModel[] => o.fields.filter((f) => f.kind.searchable && f.kind.storage === 'text');

/** @param scope per object, the reader's read scope as json-logic (undefined: every record), ANDed in */
export async function searchRecords(
  db: Queryable,
  schema: string,
  objects: readonly ObjectModel[],
  text: string,
  first: number,
  scope?: (o: ObjectModel) => unknown,
  /** whether the reader may see a field (hidden fields are neither searched nor shown) */
  visible: (o: ObjectModel, f: FieldModel) => boolean = () => true,
): Promise<SearchHit[]> {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  const params = new SqlParams();
  const p = params.add(needle, 'text');
  const limit = params.add(first, 'int');
  const branches: string[] = [];
  objects.forEach((o, index) => {
    const fields = searchFieldsOf(o).filter((f) => visible(o, f));
    if (!fields.length) return;
    const col = (f: FieldModel) => `t.${q(f.column)}`;
    const hit = (f: FieldModel) => `strpos(lower(${col(f)}), ${p}) > 0`;
    const title = o.fieldsByName.get(o.displayField);
    const titleSql = title && title.kind.storage === 'text' && visible(o, title) ? col(title) : 'NULL::text';
    const which = `CASE ${fields.map((f) => `WHEN ${hit(f)} THEN ${quoteLiteral(f.name)}`).join(' ')} END`;
    const value = `CASE ${fields.map((f) => `WHEN ${hit(f)} THEN ${col(f)}`).join(' ')} END`;
    // 0: the title starts with the text, 1: it holds it, 2: another field starts with it, 3: another field holds it.
    const titleRank = title && fields.includes(title) ? `WHEN strpos(lower(${col(title)}), ${p}) = 1 THEN 0 WHEN ${hit(title)} THEN 1` : '';
    const rank = `CASE ${titleRank} WHEN ${fields.map((f) => `strpos(lower(${col(f)}), ${p}) = 1`).join(' OR ')} THEN 2 ELSE 3 END`;
    const where = ['t.deleted_at IS NULL', `(${fields.map(hit).join(' OR ')})`];
    const scoped = scope?.(o);
    if (scoped !== undefined && scoped !== null) {
      const vars = objectSql(o).vars;
      where.push(compileCondition(scoped, { resolve: (n) => vars.get(n), params }));
    }
    branches.push(
      `(SELECT ${quoteLiteral(o.name)} AS object, ${index} AS object_order, t.id::text AS id, ${titleSql} AS title, ${which} AS field, ${value} AS value, ${rank} AS rank
        FROM ${tableOf(schema, o)} t WHERE ${where.join(' AND ')} ORDER BY rank, title, t.id LIMIT ${limit})`,
    );
  });
  if (!branches.length) return [];
  const sql = `SELECT object, id, title, field, value FROM (${branches.join(' UNION ALL ')}) hits ORDER BY rank, object_order, title, id LIMIT ${limit}`;
  const { rows } = await queryRead<SearchHit>(db, sql, params.values);
  return rows;
}
