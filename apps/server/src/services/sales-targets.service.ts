/**
 * Sales targets of users and teams per month or quarter. Admins set any target; a team's manager sets those of
 * the teams it manages (and every team below them) and of their members, except its own (set by its manager
 * or an admin); anyone else is FORBIDDEN. Reading follows the same lines plus one's own target and one's own
 * team's. The forecast (data API) shows attainment against these.
 */
import type { Session } from '@funnelcraft/auth';
import { DomainError, ErrorCode, notFound, validationFailed, type ErrorDetail } from '@funnelcraft/kernel';
import {
  deleteSalesTarget,
  findSalesTarget,
  findUsersByIds,
  listSalesTargets,
  listTeams,
  upsertSalesTarget,
  type PlatformOrm,
  type Pool,
  type SalesTargetRow,
  type TargetPeriod,
} from '@funnelcraft/storage';
import type { AccessDirectory, TenantAccess } from './access-directory.js';
import { assertUuid } from './ids.js';

export interface SalesTargetInput {
  period: TargetPeriod;
  periodStart: string;
  ownerId?: string | null;
  teamId?: string | null;
  amount: number;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Amounts are numeric in PostgreSQL; a bound beyond any real target keeps float8 reads exact enough. */
const MAX_AMOUNT = 1e15;

/** Problems of a target's period and amount (pure). */
export function targetProblems(input: SalesTargetInput): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const { periodStart: start } = input;
  if (!ISO_DAY.test(start) || Number.isNaN(Date.parse(start)) || new Date(`${start}T00:00:00Z`).toISOString().slice(0, 10) !== start)
    problems.push({ path: 'periodStart', message: 'a date (YYYY-MM-DD)' });
  else if (start.slice(8) !== '01' || (input.period === 'quarter' && (Number(start.slice(5, 7)) - 1) % 3 !== 0))
    problems.push({ path: 'periodStart', message: input.period === 'quarter' ? 'the first day of a quarter' : 'the first day of a month' });
  if (!Number.isFinite(input.amount) || input.amount < 0 || input.amount > MAX_AMOUNT)
    problems.push({ path: 'amount', message: `a number from 0 to ${MAX_AMOUNT}` });
  const owner = input.ownerId ?? null;
  const team = input.teamId ?? null;
  if ((owner === null) === (team === null)) problems.push({ path: owner === null ? 'ownerId' : 'teamId', message: 'give either ownerId or teamId' });
  return problems;
}

const forbidden = (message: string, path: string) => new DomainError(ErrorCode.Forbidden, message, [{ path, message: 'not yours to set' }]);

export class SalesTargetsService {
  constructor(
    private readonly pool: Pool,
    private readonly orm: PlatformOrm,
    private readonly directory: AccessDirectory,
  ) {}

  private isAdmin = (session: Session) => session.actor.roles.includes('admin');

  /** Whether the caller may set (and delete) the target of this subject. */
  private maySet(session: Session, access: TenantAccess, subject: { ownerId: string | null; teamId: string | null }): boolean {
    if (this.isAdmin(session)) return true;
    const managed = access.managedTeams(session.actor.userId);
    if (subject.teamId) return managed.has(subject.teamId);
    if (subject.ownerId === session.actor.userId) return false;
    const team = subject.ownerId ? access.users.get(subject.ownerId)?.teamId : undefined;
    return !!team && managed.has(team);
  }

  private mayRead(session: Session, access: TenantAccess, t: SalesTargetRow): boolean {
    const me = session.actor.userId;
    return this.maySet(session, access, t) || t.ownerId === me || (t.teamId !== null && access.users.get(me)?.teamId === t.teamId);
  }

  async list(session: Session, where: { period?: TargetPeriod; from?: string; to?: string }): Promise<SalesTargetRow[]> {
    for (const [v, path] of [
      [where.from, 'from'],
      [where.to, 'to'],
    ] as const)
      if (v !== undefined && (!ISO_DAY.test(v) || Number.isNaN(Date.parse(v))))
        throw validationFailed(`${path} is a date`, [{ path, message: 'a date (YYYY-MM-DD)' }]);
    const [rows, access] = await Promise.all([listSalesTargets(this.pool, session.tenant.id, where), this.directory.tenant(session.tenant.id)]);
    return rows.filter((t) => this.mayRead(session, access, t));
  }

  /** Sets (or replaces) the target of a user or a team for a period. */
  async set(session: Session, input: SalesTargetInput): Promise<SalesTargetRow> {
    const problems = targetProblems(input);
    const ownerId = input.ownerId ?? null;
    const teamId = input.teamId ?? null;
    if (ownerId !== null) assertUuid(ownerId, 'ownerId');
    if (teamId !== null) assertUuid(teamId, 'teamId');
    const tenantId = session.tenant.id;
    if (ownerId !== null) {
      const [user] = await findUsersByIds(this.orm, tenantId, [ownerId]);
      if (!user) problems.push({ path: 'ownerId', message: 'no such user in this workspace' });
      else if (user.deactivatedAt) problems.push({ path: 'ownerId', message: 'this user is deactivated' });
    }
    if (teamId !== null && !(await listTeams(this.orm, tenantId)).some((t) => t.id === teamId)) problems.push({ path: 'teamId', message: 'no such team' });
    if (problems.length) throw validationFailed('Invalid sales target', problems);
    const access = await this.directory.tenant(tenantId);
    if (!this.maySet(session, access, { ownerId, teamId }))
      throw forbidden(
        ownerId === session.actor.userId
          ? 'Your own target is set by your manager or an admin'
          : 'Only an admin, or the manager of the team (or of a team above it), may set this target',
        ownerId !== null ? 'ownerId' : 'teamId',
      );
    return upsertSalesTarget(this.pool, {
      tenantId,
      period: input.period,
      periodStart: input.periodStart,
      ownerId,
      teamId,
      amount: input.amount,
      setBy: session.actor.userId,
    });
  }

  async remove(session: Session, id: string): Promise<boolean> {
    assertUuid(id, 'id');
    const target = await findSalesTarget(this.pool, session.tenant.id, id);
    if (!target) throw notFound('Sales target', 'id');
    const access = await this.directory.tenant(session.tenant.id);
    if (!this.maySet(session, access, target)) {
      if (!this.mayRead(session, access, target)) throw notFound('Sales target', 'id');
      throw forbidden('Only an admin, or the manager of the team (or of a team above it), may delete this target', 'id');
    }
    return deleteSalesTarget(this.pool, session.tenant.id, id);
  }
}
