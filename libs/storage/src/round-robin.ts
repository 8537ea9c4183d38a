/**
 * Round-robin assignment (a rule's assign_round_robin action): one counter row per tenant and pool
 * (platform.automation_round_robin, migration 010). A draw takes the pool's next turn and the active member it
 * falls on in one statement: the counter is bumped by an upsert (`ON CONFLICT … DO UPDATE … RETURNING`), so
 * concurrent draws from any number of servers queue on that row and each gets a turn of its own; the row stays
 * locked until the caller's transaction ends, so a draw whose action rolls back gives its turn back.
 * Deactivated users are never members: turn n falls on member ((n - 1) mod active count) + 1.
 */
import type { Queryable } from './db.js';

/** Who a pool holds: a team's members (users whose team it is), in the order they joined, or users in the order given. */
export type RoundRobinPool = { teamId: string } | { users: readonly string[] };

export interface RoundRobinDraw {
  userId: string;
  /** The pool's turn this draw took (1, 2, …). */
  turn: number;
  /** Active members the turn went round. */
  members: number;
}

/** A team of the tenant by id or by name (case-insensitive); an id wins over a name. */
export async function findTeamRef(db: Queryable, tenantId: string, ref: string): Promise<{ id: string; name: string } | undefined> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM platform.teams WHERE tenant_id = $1 AND (id::text = lower($2) OR lower(name) = lower($2))
      ORDER BY (id::text = lower($2)) DESC LIMIT 1`,
    [tenantId, ref],
  );
  return rows[0];
}

/** The pool's next turn and the member it falls on; undefined (and no turn taken) when the pool has no active member. */
export async function drawRoundRobin(db: Queryable, tenantId: string, poolKey: string, pool: RoundRobinPool): Promise<RoundRobinDraw | undefined> {
  const members =
    'teamId' in pool
      ? `SELECT u.id, row_number() OVER (ORDER BY u.created_at, u.id) AS n, count(*) OVER () AS total
           FROM platform.users u WHERE u.tenant_id = $1 AND u.deactivated_at IS NULL AND u.team_id = $3::uuid`
      : `SELECT u.id, row_number() OVER (ORDER BY array_position($3::uuid[], u.id)) AS n, count(*) OVER () AS total
           FROM platform.users u WHERE u.tenant_id = $1 AND u.deactivated_at IS NULL AND u.id = ANY($3::uuid[])`;
  const { rows } = await db.query<{ userId: string; turn: string; members: string }>(
    `WITH members AS (${members}),
     turn AS (
       INSERT INTO platform.automation_round_robin AS rr (tenant_id, pool_key, position)
       SELECT $1::uuid, $2::text, 1 WHERE EXISTS (SELECT 1 FROM members)
       ON CONFLICT (tenant_id, pool_key) DO UPDATE SET position = rr.position + 1, updated_at = now()
       RETURNING position)
     SELECT m.id AS "userId", t.position AS turn, m.total AS members FROM turn t JOIN members m ON m.n = (t.position - 1) % m.total + 1`,
    [tenantId, poolKey, 'teamId' in pool ? pool.teamId : pool.users],
  );
  const r = rows[0];
  return r && { userId: r.userId, turn: Number(r.turn), members: Number(r.members) };
}
