/**
 * Handover storage: moving a user's records of one object to another user in one statement, with a field
 * history row per record (the record's timeline shows the owner change, by whom and when), and the audit row of
 * the whole handover (platform.ownership_transfers, migration 014). Every call takes the caller's transaction:
 * a handover is all its statements or none of them.
 */
import type { ObjectModel } from '@funnelcraft/definitions';
import { compileCondition, SqlParams } from '@funnelcraft/expressions';
import type { Queryable } from './db.js';
import { FIELD_HISTORY_TABLE } from './field-history.js';
import { objectSql, tableOf } from './object-sql.js';
import { q, quoteLiteral } from './sql-text.js';

export interface OwnerMove {
  from: string;
  to: string;
  /** Who hands over: the author of each record's update and history row. */
  actor: string;
  /** json-logic over the object's fields: only the matching records move; undefined: all of them. */
  filter?: unknown;
}

/** Moves the live records of `o` owned by `move.from` (and matching its filter) to `move.to`; returns how many moved. */
export async function moveOwnedRecords(tx: Queryable, schema: string, o: ObjectModel, move: OwnerMove): Promise<number> {
  const s = objectSql(o);
  const params = new SqlParams();
  const [from, to, actor] = [params.add(move.from), params.add(move.to), params.add(move.actor)];
  const where = [`t.owner_id = ${from}::uuid`, 't.deleted_at IS NULL'];
  if (move.filter !== undefined && move.filter !== null) where.push(compileCondition(move.filter, { resolve: (name) => s.vars.get(name), params }));
  const { rows } = await tx.query<{ n: number }>(
    `WITH moved AS (
       UPDATE ${tableOf(schema, o)} AS t SET owner_id = ${to}::uuid, updated_by = ${actor}::uuid, updated_at = now(), version = t.version + 1
        WHERE ${where.join(' AND ')} RETURNING t.id),
     traced AS (
       INSERT INTO ${q(schema)}.${q(FIELD_HISTORY_TABLE)} (object, record_id, field, old_value, new_value, changed_by)
       SELECT ${quoteLiteral(o.name)}, m.id, 'ownerId', to_jsonb(${from}::uuid), to_jsonb(${to}::uuid), ${actor}::uuid FROM moved m)
     SELECT count(*)::int AS n FROM moved`,
    params.values,
  );
  return rows[0]?.n ?? 0;
}

/** The users of a handover, locked against deactivation until the transaction ends (FOR SHARE). */
export async function lockTransferUsers(
  tx: Queryable,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, { id: string; name: string; active: boolean }>> {
  const { rows } = await tx.query<{ id: string; name: string; active: boolean }>(
    `SELECT id, name, deactivated_at IS NULL AS active FROM platform.users WHERE tenant_id = $1 AND id = ANY($2::uuid[]) FOR SHARE`,
    [tenantId, ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

export interface OwnershipTransferRow {
  id: string;
  at: string;
  actorId: string | null;
  fromUserId: string | null;
  toUserId: string | null;
  scope: { object: string | null; filter: unknown; openActivities: boolean };
  /** Records moved, per object, in the order they moved. */
  counts: { object: string; count: number }[];
  total: number;
  ruleReferences: unknown[];
}

const COLUMNS = `id, at, actor_id AS "actorId", from_user_id AS "fromUserId", to_user_id AS "toUserId", scope, counts, total, rule_references AS "ruleReferences"`;

export async function insertOwnershipTransfer(tx: Queryable, tenantId: string, row: Omit<OwnershipTransferRow, 'id' | 'at'>): Promise<OwnershipTransferRow> {
  const { rows } = await tx.query<OwnershipTransferRow>(
    `INSERT INTO platform.ownership_transfers (tenant_id, actor_id, from_user_id, to_user_id, scope, counts, total, rule_references)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8::jsonb) RETURNING ${COLUMNS}`,
    [tenantId, row.actorId, row.fromUserId, row.toUserId, JSON.stringify(row.scope), JSON.stringify(row.counts), row.total, JSON.stringify(row.ruleReferences)],
  );
  return rows[0]!;
}

/** The tenant's handovers, newest first; `userId` keeps those from or to that user. */
export async function listOwnershipTransfers(db: Queryable, tenantId: string, query: { userId?: string; first: number }): Promise<OwnershipTransferRow[]> {
  const { rows } = await db.query<OwnershipTransferRow>(
    `SELECT ${COLUMNS} FROM platform.ownership_transfers
      WHERE tenant_id = $1 AND ($2::uuid IS NULL OR from_user_id = $2::uuid OR to_user_id = $2::uuid)
      ORDER BY at DESC, id DESC LIMIT $3`,
    [tenantId, query.userId ?? null, query.first],
  );
  return rows;
}
