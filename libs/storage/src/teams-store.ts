/**
 * Teams and users' places in them (platform.teams, users.team_id), through the ORM; the tree checks (cycles,
 * unique names) are the teams service's, made under `lockTeams` so two changes cannot build a cycle between
 * them. Every change ends with `notifyAccessChanged` in its transaction: each server's access directory
 * reloads the tenant's teams on next use.
 */
import { TeamEntity, UserEntity } from './orm/platform-entities.js';
import { emOf, type PlatformDb, type PlatformEm } from './orm/platform-orm.js';
import type { Queryable } from './db.js';

export interface TeamRow {
  id: string;
  name: string;
  parentId: string | null;
  managerId: string | null;
}

/** Channel of access changes (teams, users' teams, roles and deactivation, shares); the payload is the tenant id. */
export const ACCESS_CHANNEL = 'funnelcraft_access';

const toTeam = (t: TeamEntity): TeamRow => ({ id: t.id, name: t.name, parentId: t.parent?.id ?? null, managerId: t.manager?.id ?? null });

export async function listTeams(db: PlatformDb, tenantId: string): Promise<TeamRow[]> {
  return (await emOf(db).find(TeamEntity, { tenant: tenantId }, { orderBy: { name: 'asc' } })).map(toTeam);
}

/** Runs `fn` in one platform transaction holding the tenant's teams lock (changes to a tenant's tree queue up). */
export function inTeamsTransaction<T>(db: PlatformDb, tenantId: string, fn: (em: PlatformEm) => Promise<T>): Promise<T> {
  return emOf(db).transactional(async (em) => {
    await em.execute(`SELECT pg_advisory_xact_lock(hashtextextended('funnelcraft.teams:' || ?, 0))`, [tenantId]);
    const out = await fn(em);
    await em.flush();
    await em.execute(`SELECT pg_notify(?, ?)`, [ACCESS_CHANNEL, tenantId]);
    return out;
  });
}

export function insertTeam(em: PlatformEm, t: { tenantId: string; name: string; parentId: string | null; managerId: string | null }): TeamEntity {
  return em.create(TeamEntity, { tenant: t.tenantId, name: t.name, parent: t.parentId, manager: t.managerId }, { partial: true });
}

export async function updateTeam(em: PlatformEm, tenantId: string, id: string, patch: Partial<Omit<TeamRow, 'id'>>): Promise<TeamRow | undefined> {
  const team = await em.findOne(TeamEntity, { tenant: tenantId, id });
  if (!team) return undefined;
  em.assign(team, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.parentId !== undefined ? { parent: patch.parentId } : {}),
    ...(patch.managerId !== undefined ? { manager: patch.managerId } : {}),
  });
  await em.flush();
  return toTeam(team);
}

/** Deletes a team; its sub-teams and members move to its parent (or to no team, for a top team). */
export async function deleteTeam(em: PlatformEm, tenantId: string, id: string): Promise<boolean> {
  const team = await em.findOne(TeamEntity, { tenant: tenantId, id });
  if (!team) return false;
  const parent = team.parent?.id ?? null;
  await em.nativeUpdate(TeamEntity, { tenant: tenantId, parent: id }, { parent });
  await em.nativeUpdate(UserEntity, { tenant: tenantId, team: id }, { team: parent });
  await em.nativeDelete(TeamEntity, { tenant: tenantId, id });
  return true;
}

/** Sets a user's team, roles and/or deactivation (undefined: unchanged); false when the tenant has no such user. */
export async function updateUserAccess(
  em: PlatformEm,
  tenantId: string,
  userId: string,
  patch: { teamId?: string | null; roles?: string[]; deactivatedAt?: string | null },
): Promise<boolean> {
  const changes = {
    ...(patch.teamId !== undefined ? { team: patch.teamId } : {}),
    ...(patch.roles !== undefined ? { roles: patch.roles } : {}),
    // A deactivated user's pending invite goes with it: the link must not bring it back.
    ...(patch.deactivatedAt !== undefined
      ? { deactivatedAt: patch.deactivatedAt, ...(patch.deactivatedAt ? { inviteHash: null, inviteExpiresAt: null } : {}) }
      : {}),
  };
  if (!Object.keys(changes).length) return (await em.count(UserEntity, { tenant: tenantId, id: userId })) > 0;
  return (await em.nativeUpdate(UserEntity, { tenant: tenantId, id: userId }, changes)) > 0;
}

export interface AccessUserRow {
  id: string;
  roles: string[];
  teamId: string | null;
  active: boolean;
}

/** What an access directory holds for a tenant: its users' roles, teams and state, and its team tree. */
export async function loadAccessDirectory(db: Queryable, tenantId: string): Promise<{ users: AccessUserRow[]; teams: TeamRow[] }> {
  const [users, teams] = await Promise.all([
    db.query<AccessUserRow>(`SELECT id, roles, team_id AS "teamId", deactivated_at IS NULL AS active FROM platform.users WHERE tenant_id = $1`, [tenantId]),
    db.query<TeamRow>(`SELECT id, name, parent_id AS "parentId", manager_id AS "managerId" FROM platform.teams WHERE tenant_id = $1`, [tenantId]),
  ]);
  return { users: users.rows, teams: teams.rows };
}

/**
 * The manager a user reports to: the manager of its primary team, or, when the user manages that team itself
 * (or it has none), the nearest manager up the tree who is someone else; null at the top or without a team.
 * Deactivated managers are passed over. One recursive statement; safe on any pool or transaction.
 */
export async function managerOf(db: Queryable, tenantId: string, userId: string): Promise<string | null> {
  const { rows } = await db.query<{ managerId: string }>(
    `WITH RECURSIVE up(id, parent_id, manager_id, depth) AS (
       SELECT t.id, t.parent_id, t.manager_id, 0 FROM platform.teams t
         JOIN platform.users u ON u.team_id = t.id WHERE u.tenant_id = $1 AND u.id = $2 AND t.tenant_id = $1
       UNION ALL
       SELECT t.id, t.parent_id, t.manager_id, up.depth + 1 FROM platform.teams t JOIN up ON t.id = up.parent_id
        WHERE t.tenant_id = $1 AND up.depth < 1000
     )
     SELECT up.manager_id AS "managerId" FROM up JOIN platform.users m ON m.id = up.manager_id
      WHERE up.manager_id <> $2 AND m.deactivated_at IS NULL ORDER BY up.depth LIMIT 1`,
    [tenantId, userId],
  );
  return rows[0]?.managerId ?? null;
}
