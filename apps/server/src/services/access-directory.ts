/**
 * Who each user of a tenant is now, for authorizing its requests: its current roles (so a role given or taken
 * away applies on the next request, not when the 12-hour token runs out), whether it is still active, and
 * which owners `team` visibility reaches for it (its team subtree and the subtrees of the teams it manages).
 *
 * One entry per tenant, loaded with two statements and kept until a change to the tenant's teams or users is
 * announced on ACCESS_CHANNEL (every process LISTENs; the writer also forgets locally before answering). The
 * reach of a user is computed from the tree once and kept with the entry, so a request pays two Map lookups.
 * A load that started before an announcement is never kept as current (generations). Dependents (the API
 * token directory) forget with it, on the same LISTEN.
 */
import type { Session } from '@funnelcraft/auth';
import { Lru, unauthenticated, type ActorReach } from '@funnelcraft/kernel';
import { ACCESS_CHANNEL, ChannelListener, loadAccessDirectory, type AccessUserRow, type Pool, type TeamRow } from '@funnelcraft/storage';

export class TenantAccess {
  readonly users: ReadonlyMap<string, AccessUserRow>;
  private readonly childTeams = new Map<string, string[]>();
  private readonly membersOf = new Map<string, string[]>();
  private readonly managed = new Map<string, string[]>();
  private readonly reaches = new Map<string, ActorReach>();

  constructor(users: readonly AccessUserRow[], teams: readonly TeamRow[]) {
    this.users = new Map(users.map((u) => [u.id, u]));
    const push = (m: Map<string, string[]>, k: string, v: string) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
    for (const t of teams) {
      if (t.parentId) push(this.childTeams, t.parentId, t.id);
      if (t.managerId) push(this.managed, t.managerId, t.id);
    }
    for (const u of users) if (u.teamId) push(this.membersOf, u.teamId, u.id);
  }

  /** The teams a user manages and every team below them. */
  managedTeams(userId: string): Set<string> {
    const seen = new Set<string>();
    for (let queue = [...(this.managed.get(userId) ?? [])]; queue.length;) {
      const next: string[] = [];
      for (const team of queue) {
        if (seen.has(team)) continue;
        seen.add(team);
        next.push(...(this.childTeams.get(team) ?? []));
      }
      queue = next;
    }
    return seen;
  }

  /** The owners a user's `team` visibility reaches (itself first). */
  reachOf(userId: string): ActorReach {
    let reach = this.reaches.get(userId);
    if (reach) return reach;
    const start = [...(this.managed.get(userId) ?? [])];
    const own = this.users.get(userId)?.teamId;
    if (own) start.push(own);
    const seen = new Set<string>();
    const owners = new Set<string>([userId]);
    // A walk with a seen set: the service refuses cycles, and a cycle written behind its back still ends here.
    for (let queue = start; queue.length;) {
      const next: string[] = [];
      for (const team of queue) {
        if (seen.has(team)) continue;
        seen.add(team);
        for (const u of this.membersOf.get(team) ?? []) owners.add(u);
        next.push(...(this.childTeams.get(team) ?? []));
      }
      queue = next;
    }
    reach = { teamUserIds: [...owners] };
    this.reaches.set(userId, reach);
    return reach;
  }
}

/** A cache that follows the same announcements (the API token directory). */
export interface AccessDependent {
  forget(tenantId: string): void;
  clear(): void;
}

export class AccessDirectory {
  private readonly tenants = new Lru<string, { generation: number; access: TenantAccess }>(10_000);
  private readonly generations = new Map<string, number>();
  private listener?: ChannelListener;

  constructor(
    private readonly pool: Pool,
    private readonly log: (m: string) => void,
    private readonly dependents: readonly AccessDependent[] = [],
  ) {}

  async listen(): Promise<void> {
    this.listener = new ChannelListener(this.pool, {
      channel: ACCESS_CHANNEL,
      onNotify: (tenantId) => tenantId && this.forget(tenantId),
      onLost: () => {
        this.tenants.clear();
        for (const d of this.dependents) d.clear();
      },
      log: this.log,
    });
    await this.listener.start();
  }

  /** Drops the tenant's entry (its teams or users changed); the next request reloads it. */
  forget(tenantId: string): void {
    this.generations.set(tenantId, (this.generations.get(tenantId) ?? 0) + 1);
    this.tenants.delete(tenantId);
    for (const d of this.dependents) d.forget(tenantId);
  }

  async tenant(tenantId: string): Promise<TenantAccess> {
    const generation = this.generations.get(tenantId) ?? 0;
    const cached = this.tenants.get(tenantId);
    if (cached && cached.generation === generation) return cached.access;
    const { users, teams } = await loadAccessDirectory(this.pool, tenantId);
    const access = new TenantAccess(users, teams);
    if ((this.generations.get(tenantId) ?? 0) === generation) this.tenants.set(tenantId, { generation, access });
    return access;
  }

  /**
   * The session with the user's current roles and reach; UNAUTHENTICATED for a deactivated user. An actor the
   * directory does not know as a user (the system, an integration) is left as it is.
   */
  async sessionFor(session: Session): Promise<Session> {
    const access = await this.tenant(session.tenant.id);
    const user = access.users.get(session.actor.userId);
    if (!user) return session;
    if (!user.active) throw unauthenticated('This user has been deactivated; ask an administrator');
    return { tenant: session.tenant, actor: { ...session.actor, roles: user.roles, reach: access.reachOf(user.id) } };
  }

  async close(): Promise<void> {
    this.listener?.close();
    this.listener = undefined;
  }
}
