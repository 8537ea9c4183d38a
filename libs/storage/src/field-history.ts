/**
 * Field history: which fields of a record changed, from what to what, when and by whom. Written by the same
 * statement as the update (a CTE reading the values before it), so a change and its trace cannot part.
 */
import type { ObjectModel } from '@funnelcraft/definitions';
import type { Queryable } from './db.js';
import { objectSql } from './object-sql.js';
import { q, quoteLiteral } from './sql-text.js';

export const FIELD_HISTORY_TABLE = 'field_history';

/** Part of tenant-schema migration 1 (tenant-migrations.ts); IF NOT EXISTS adopts the table earlier layouts made. */
export function fieldHistoryTable(schema: string): string[] {
  const t = `${q(schema)}.${q(FIELD_HISTORY_TABLE)}`;
  return [
    `CREATE TABLE IF NOT EXISTS ${t} (
  id uuid NOT NULL DEFAULT platform.new_id() PRIMARY KEY,
  object text NOT NULL,
  record_id uuid NOT NULL,
  field text NOT NULL,
  old_value jsonb,
  new_value jsonb,
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by uuid
)`,
    `CREATE INDEX IF NOT EXISTS field_history_record_idx ON ${t} (object, record_id, changed_at)`,
  ];
}

/**
 * CTEs `before_write` (the fields' values before, over alias `t`) and `field_changes` (one row per field
 * whose value differs afterwards), to join a `WITH <written> AS (UPDATE … RETURNING …)` statement.
 */
export function fieldHistoryCtes(schema: string, o: ObjectModel, fields: string[], idPlaceholder: string, actorPlaceholder: string, written: string): string {
  const s = objectSql(o);
  const tracked = fields.filter((f) => s.selectExprs.has(f));
  if (!tracked.length) return '';
  const before = tracked.map((f) => `${s.selectExprs.get(f)} AS "${f}"`).join(', ');
  // `written` holds the output columns: a composite (currency) as its parts, `<name>` and `<name>__currency`.
  const after = (f: string) => {
    const composite = s.composites.get(f);
    return composite ? composite.sql((suffix) => `u."${f}${suffix}"`) : `to_jsonb(u."${f}")`;
  };
  const values = tracked.map((f) => `(${quoteLiteral(f)}, to_jsonb(b."${f}"), ${after(f)})`).join(', ');
  return `before_write AS (SELECT ${before} FROM ${q(schema)}.${q(o.table)} t WHERE t.id = ${idPlaceholder}::uuid),
  field_changes AS (INSERT INTO ${q(schema)}.${q(FIELD_HISTORY_TABLE)} (object, record_id, field, old_value, new_value, changed_by)
    SELECT ${quoteLiteral(o.name)}, u.id, v.field, v.old, v.new, ${actorPlaceholder}::uuid
      FROM ${written} u CROSS JOIN before_write b CROSS JOIN LATERAL (VALUES ${values}) AS v(field, old, new)
     WHERE v.old IS DISTINCT FROM v.new)`;
}

export interface FieldChangeRow {
  field: string;
  oldValue: unknown;
  newValue: unknown;
  changedAt: string;
  changedBy: string | null;
}

export async function fieldHistoryOf(db: Queryable, schema: string, object: string, recordId: string, limit: number): Promise<FieldChangeRow[]> {
  const { rows } = await db.query<FieldChangeRow>(
    `SELECT field, old_value AS "oldValue", new_value AS "newValue", changed_at AS "changedAt", changed_by AS "changedBy"
       FROM ${q(schema)}.${q(FIELD_HISTORY_TABLE)} WHERE object = $1 AND record_id = $2::uuid ORDER BY changed_at DESC, field LIMIT $3`,
    [object, recordId, limit],
  );
  return rows;
}
