/**
 * Read-side summaries of automation for the studio: each rule's runs, last run and failing actions (Setup's
 * rule list), and a user's unread notifications with marking them read (the header bell).
 */
import type { Queryable } from './db.js';

export interface RuleStatsRow {
  rule: string;
  runs: number;
  lastRunAt: string | null;
  /** Actions of the rule's runs that are failed (waiting for a retry) or dead now. */
  failures: number;
}

/** Per rule with at least one run: how many runs, the newest, and how many of their actions fail now. */
export async function listRuleStats(db: Queryable, tenantId: string): Promise<RuleStatsRow[]> {
  const { rows } = await db.query<RuleStatsRow>(
    `SELECT r.rule, count(*)::int AS runs, max(r.created_at) AS "lastRunAt",
            coalesce(sum((SELECT count(*) FROM platform.automation_actions a WHERE a.run_id = r.id AND a.status IN ('failed', 'dead'))), 0)::int AS failures
       FROM platform.automation_runs r WHERE r.tenant_id = $1 GROUP BY r.rule ORDER BY r.rule`,
    [tenantId],
  );
  return rows;
}

export async function countUnreadNotifications(db: Queryable, tenantId: string, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM platform.notifications WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL',
    [tenantId, userId],
  );
  return rows[0]?.n ?? 0;
}

/** Marks the user's notifications read: those named, or (ids null) all of them; returns how many changed. */
export async function markNotificationsRead(db: Queryable, tenantId: string, userId: string, ids: readonly string[] | null): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE platform.notifications SET read_at = now()
      WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))`,
    [tenantId, userId, ids],
  );
  return rowCount ?? 0;
}
