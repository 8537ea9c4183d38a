/** The run log, dead-letter retries and notifications of automation, per tenant. */
import type { Session } from '@funnelcraft/auth';
import { badInput, notFound } from '@funnelcraft/kernel';
import {
  countUnreadNotifications,
  listMail,
  listRuleStats,
  markNotificationsRead,
  listNotifications,
  listRuns,
  retryAction,
  withTransaction,
  type MailRow,
  type NotificationRow,
  type PlatformOrm,
  type Pool,
  type RuleStatsRow,
  type RunLogEntry,
} from '@funnelcraft/storage';
import { runRuleManually } from '../automation/manual.js';
import type { TenantSchemas } from '../tenant-schemas.js';
import { recordContextFor } from './record-context.js';

export interface RunFilter {
  rule?: string;
  object?: string;
  recordId?: string;
  status?: string;
  after?: string;
  limit?: number;
}

const STATUSES = ['pending', 'running', 'done', 'failed', 'dead', 'skipped'];
const MAX_PAGE = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class AutomationService {
  constructor(
    private readonly pool: Pool,
    private readonly orm: PlatformOrm,
    private readonly schemas: TenantSchemas,
  ) {}

  /** Runs a manual rule on records the session's user may update; returns the runs made, in the order asked. */
  async runRule(session: Session, rule: string, recordIds: readonly string[]): Promise<RunLogEntry[]> {
    const ctx = await recordContextFor(this.pool, this.orm, this.schemas, session);
    const ids = await runRuleManually(this.pool, ctx, rule, recordIds);
    const runs = await listRuns(this.pool, session.tenant.id, { ids, limit: ids.length });
    const byId = new Map(runs.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)!);
  }

  runs(session: Session, f: RunFilter): Promise<RunLogEntry[]> {
    const limit = f.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
      throw badInput(`limit is 1 to ${MAX_PAGE}`, [{ path: 'limit', message: `1 to ${MAX_PAGE}` }]);
    if (f.status !== undefined && !STATUSES.includes(f.status))
      throw badInput(`status is one of ${STATUSES.join(', ')}`, [{ path: 'status', message: `one of ${STATUSES.join(', ')}` }]);
    return listRuns(this.pool, session.tenant.id, { ...f, limit });
  }

  /** Puts a dead or failed action back on the queue with fresh attempts. */
  async retry(session: Session, actionId: string): Promise<boolean> {
    const done = await withTransaction(this.pool, (tx) => retryAction(tx, session.tenant.id, actionId));
    if (!done) throw notFound(`dead or failed action ${actionId}`, 'id');
    return true;
  }

  mail(session: Session, limit = 50): Promise<MailRow[]> {
    return listMail(this.pool, session.tenant.id, Math.min(Math.max(1, limit), MAX_PAGE));
  }

  notifications(session: Session, limit = 50): Promise<NotificationRow[]> {
    return listNotifications(this.pool, session.tenant.id, session.actor.userId, Math.min(Math.max(1, limit), MAX_PAGE));
  }

  ruleStats(session: Session): Promise<RuleStatsRow[]> {
    return listRuleStats(this.pool, session.tenant.id);
  }

  unreadNotifications(session: Session): Promise<number> {
    return countUnreadNotifications(this.pool, session.tenant.id, session.actor.userId);
  }

  /** Marks the session user's notifications read (those named, or all); returns how many changed. */
  markNotificationsRead(session: Session, ids: readonly string[] | null): Promise<number> {
    const bad = (ids ?? []).findIndex((id) => !UUID.test(id));
    if (bad >= 0) throw badInput('ids are notification ids', [{ path: `ids.${bad}`, message: 'not a notification id' }]);
    return markNotificationsRead(this.pool, session.tenant.id, session.actor.userId, ids);
  }
}
