/**
 * Flags on for at most one live record per value of a lookup (`x-exclusive-per`: one primary contact role per
 * opportunity). Before a write turns such a flag on, the records service calls this in the write's transaction:
 * it takes a transaction-scoped advisory lock on the group, then turns the flag off on the group's other live
 * records. Two concurrent writes for one group take turns on the lock, and the second, reading after the first
 * committed, clears the first's flag: the group never ends with two.
 */
import type { FieldModel, ObjectModel } from '@funnelcraft/definitions';
import type { Queryable } from './db.js';
import { tableOf } from './object-sql.js';
import { q } from './sql-text.js';

export interface ExclusiveFlag {
  flag: FieldModel;
  /** The lookup whose value makes the group. */
  group: FieldModel;
  groupId: string;
}

/** Clears the flag on the group's other records (all of them when `exceptId` is null); returns their ids. */
export async function clearExclusiveFlag(
  db: Queryable,
  schema: string,
  o: ObjectModel,
  { flag, group, groupId }: ExclusiveFlag,
  exceptId: string | null,
  actor: string,
): Promise<string[]> {
  await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`exclusive:${schema}.${o.table}.${flag.column}:${groupId}`]);
  const { rows } = await db.query<{ id: string }>(
    `UPDATE ${tableOf(schema, o)} AS t SET ${q(flag.column)} = false, version = t.version + 1, updated_at = now(), updated_by = $3::uuid
      WHERE t.${q(group.column)} = $1::uuid AND t.${q(flag.column)} AND t.deleted_at IS NULL AND t.id IS DISTINCT FROM $2::uuid RETURNING t.id`,
    [groupId, exceptId, actor],
  );
  return rows.map((r) => r.id);
}
