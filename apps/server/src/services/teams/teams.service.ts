/**
 * A tenant's teams and users' places in them (who may call these is the resolver's guard: admins). Each change
 * runs in one platform transaction under the tenant's teams lock, checked against the tree as it is then
 * (team-tree.ts), and announces itself so every server's access directory reloads the tenant.
 */
import type { Session } from '@funnelcraft/auth';
import { conflict, notFound, validationFailed, type ErrorDetail } from '@funnelcraft/kernel';
import {
  deleteTeam,
  findUsersByIds,
  inTeamsTransaction,
  insertTeam,
  listTeams,
  listUsers,
  updateTeam,
  updateUserAccess,
  type PlatformOrm,
  type TeamRow,
  type UserRow,
} from '@funnelcraft/storage';
import type { TenantSchemas } from '../../tenant-schemas.js';
import type { AccessDirectory } from '../access-directory.js';
import { assertUuid } from '../ids.js';
import { roleProblems } from '../users.service.js';
import { nameProblems, parentProblems } from './team-tree.js';

export interface NewTeam {
  name: string;
  parentId: string | null;
  managerId: string | null;
}

const refuse = (problems: ErrorDetail[], message: string) => {
  if (problems.length) throw validationFailed(message, problems);
};

/** CONFLICT (reason lastAdmin) when `userId` is the tenant's only active admin: a workspace keeps one. */
function lastAdminProblem(users: readonly UserRow[], userId: string, path: string, advice: string): void {
  const admins = users.filter((u) => !u.deactivatedAt && u.roles.includes('admin'));
  if (admins.length === 1 && admins[0]!.id === userId)
    throw conflict(`The workspace needs an active admin: ${advice}`, [{ path, message: 'the last active admin keeps admin', reason: 'lastAdmin' }]);
}

export class TeamsService {
  constructor(
    private readonly orm: PlatformOrm,
    private readonly schemas: TenantSchemas,
    private readonly directory: AccessDirectory,
  ) {}

  list(session: Session): Promise<TeamRow[]> {
    return listTeams(this.orm, session.tenant.id);
  }

  /** Runs a change of the tenant's tree with the tree as it is under the lock; the directory forgets it after. */
  private async change<T>(session: Session, fn: (teams: TeamRow[], em: Parameters<Parameters<typeof inTeamsTransaction>[2]>[0]) => Promise<T>): Promise<T> {
    const tenantId = session.tenant.id;
    try {
      return await inTeamsTransaction(this.orm, tenantId, async (em) => fn(await listTeams(em, tenantId), em));
    } finally {
      this.directory.forget(tenantId);
    }
  }

  private async managerProblems(session: Session, managerId: string | null): Promise<ErrorDetail[]> {
    if (managerId === null) return [];
    assertUuid(managerId, 'managerId');
    const [user] = await findUsersByIds(this.orm, session.tenant.id, [managerId]);
    if (!user) return [{ path: 'managerId', message: 'no such user in this workspace' }];
    return user.deactivatedAt ? [{ path: 'managerId', message: 'this user is deactivated' }] : [];
  }

  private existing(teams: TeamRow[], id: string, path = 'id'): TeamRow {
    assertUuid(id, path);
    const team = teams.find((t) => t.id === id);
    if (!team) throw notFound('Team', path);
    return team;
  }

  async create(session: Session, input: NewTeam): Promise<TeamRow> {
    if (input.parentId !== null) assertUuid(input.parentId, 'parentId');
    const managerProblems = await this.managerProblems(session, input.managerId);
    return this.change(session, async (teams, em) => {
      refuse([...nameProblems(teams, input.name), ...parentProblems(teams, input.parentId), ...managerProblems], 'Invalid team');
      const team = insertTeam(em, { tenantId: session.tenant.id, name: input.name.trim(), parentId: input.parentId, managerId: input.managerId });
      await em.flush();
      return { id: team.id, name: team.name, parentId: input.parentId, managerId: input.managerId };
    });
  }

  rename(session: Session, id: string, name: string): Promise<TeamRow> {
    return this.change(session, async (teams, em) => {
      this.existing(teams, id);
      refuse(nameProblems(teams, name, id), 'Invalid team name');
      return (await updateTeam(em, session.tenant.id, id, { name: name.trim() }))!;
    });
  }

  /** Moves a team (with everything below it) under another, or to the top (parentId null); cycles are refused. */
  move(session: Session, id: string, parentId: string | null): Promise<TeamRow> {
    if (parentId !== null) assertUuid(parentId, 'parentId');
    return this.change(session, async (teams, em) => {
      this.existing(teams, id);
      refuse(parentProblems(teams, parentId, id), 'Invalid move');
      return (await updateTeam(em, session.tenant.id, id, { parentId }))!;
    });
  }

  async setManager(session: Session, id: string, managerId: string | null): Promise<TeamRow> {
    const problems = await this.managerProblems(session, managerId);
    return this.change(session, async (teams, em) => {
      this.existing(teams, id);
      refuse(problems, 'Invalid manager');
      return (await updateTeam(em, session.tenant.id, id, { managerId }))!;
    });
  }

  /** Deletes a team; its sub-teams and members move up to its parent. */
  remove(session: Session, id: string): Promise<boolean> {
    return this.change(session, async (teams, em) => {
      this.existing(teams, id);
      return deleteTeam(em, session.tenant.id, id);
    });
  }

  /** Puts a user in a team (its one primary team), or in none (teamId null). */
  setUserTeam(session: Session, userId: string, teamId: string | null): Promise<UserRow> {
    assertUuid(userId, 'userId');
    return this.change(session, async (teams, em) => {
      if (teamId !== null) this.existing(teams, teamId, 'teamId');
      const user = await this.user(session, userId, em);
      await updateUserAccess(em, session.tenant.id, userId, { teamId });
      return { ...user, teamId };
    });
  }

  /** Gives a user its roles (built-in ones and the tenant's role documents); the last active admin keeps admin. */
  async setUserRoles(session: Session, userId: string, roles: string[]): Promise<UserRow> {
    assertUuid(userId, 'userId');
    refuse(roleProblems(roles, (await this.schemas.modelFor(session.tenant)).roles.keys()), 'Invalid roles');
    const unique = roles.length ? [...new Set(roles)] : ['member'];
    return this.change(session, async (_teams, em) => {
      const users = await listUsers(em, session.tenant.id);
      const user = users.find((u) => u.id === userId);
      if (!user) throw notFound('User', 'userId');
      if (!unique.includes('admin')) lastAdminProblem(users, userId, 'roles', 'give the admin role to someone else first');
      await updateUserAccess(em, session.tenant.id, userId, { roles: unique });
      return { ...user, roles: unique };
    });
  }

  /**
   * Deactivates a user (it may not sign in; its records, history and team stay) or reactivates one. The last
   * active admin cannot be deactivated; a pending invite is dropped with the deactivation.
   */
  setUserActive(session: Session, userId: string, active: boolean): Promise<UserRow> {
    assertUuid(userId, 'userId');
    return this.change(session, async (_teams, em) => {
      const users = await listUsers(em, session.tenant.id);
      const user = users.find((u) => u.id === userId);
      if (!user) throw notFound('User', 'userId');
      if (active === !user.deactivatedAt) return user;
      if (!active && user.roles.includes('admin')) lastAdminProblem(users, userId, 'userId', 'make someone else an admin first');
      // In PostgreSQL's own form (microseconds), as every later read of it answers.
      const deactivatedAt = active ? null : `${new Date().toISOString().slice(0, -1)}000Z`;
      await updateUserAccess(em, session.tenant.id, userId, { deactivatedAt });
      return { ...user, deactivatedAt, ...(active ? {} : { inviteExpiresAt: null }) };
    });
  }

  private async user(session: Session, userId: string, db: Parameters<typeof findUsersByIds>[0] = this.orm): Promise<UserRow> {
    const [user] = await findUsersByIds(db, session.tenant.id, [userId]);
    if (!user) throw notFound('User', 'userId');
    return user;
  }
}
