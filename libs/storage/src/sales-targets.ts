/**
 * Sales targets (platform.sales_targets, 011_sales_targets.sql): what a user or a team is to win in a month or
 * a quarter, in the reporting currency. One row per subject and period: setting a target again replaces its
 * amount (one upsert on the subject's unique index). Who may set which target is the server's targets service.
 */
import type { Queryable } from './db.js';

export type TargetPeriod = 'month' | 'quarter';

export interface SalesTargetRow {
  id: string;
  period: TargetPeriod;
  /** The period's first day (ISO date). */
  periodStart: string;
  ownerId: string | null;
  teamId: string | null;
  amount: number;
  setBy: string | null;
  updatedAt: string;
}

const COLUMNS = `id, period, to_char(period_start, 'YYYY-MM-DD') AS "periodStart", owner_id AS "ownerId", team_id AS "teamId",
  amount::float8 AS amount, set_by AS "setBy", to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "updatedAt"`;

export async function upsertSalesTarget(
  db: Queryable,
  t: { tenantId: string; period: TargetPeriod; periodStart: string; ownerId: string | null; teamId: string | null; amount: number; setBy: string },
): Promise<SalesTargetRow> {
  const { rows } = await db.query<SalesTargetRow>(
    `INSERT INTO platform.sales_targets (tenant_id, period, period_start, owner_id, team_id, amount, set_by)
     VALUES ($1, $2, $3::date, $4, $5, $6::numeric, $7)
     ON CONFLICT (tenant_id, period, period_start, COALESCE(owner_id, team_id))
     DO UPDATE SET amount = EXCLUDED.amount, set_by = EXCLUDED.set_by, updated_at = now()
     RETURNING ${COLUMNS}`,
    [t.tenantId, t.period, t.periodStart, t.ownerId, t.teamId, String(t.amount), t.setBy],
  );
  return rows[0]!;
}

export async function findSalesTarget(db: Queryable, tenantId: string, id: string): Promise<SalesTargetRow | undefined> {
  const { rows } = await db.query<SalesTargetRow>(`SELECT ${COLUMNS} FROM platform.sales_targets WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  return rows[0];
}

export async function deleteSalesTarget(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  return ((await db.query(`DELETE FROM platform.sales_targets WHERE tenant_id = $1 AND id = $2`, [tenantId, id])).rowCount ?? 0) > 0;
}

/** A tenant's targets, optionally of one period kind and with period starts in [from, to), by period then subject. */
export async function listSalesTargets(
  db: Queryable,
  tenantId: string,
  where: { period?: TargetPeriod; from?: string; to?: string } = {},
): Promise<SalesTargetRow[]> {
  const { rows } = await db.query<SalesTargetRow>(
    `SELECT ${COLUMNS} FROM platform.sales_targets
      WHERE tenant_id = $1 AND ($2::text IS NULL OR period = $2) AND ($3::date IS NULL OR period_start >= $3) AND ($4::date IS NULL OR period_start < $4)
      ORDER BY period_start, period, team_id NULLS LAST, owner_id`,
    [tenantId, where.period ?? null, where.from ?? null, where.to ?? null],
  );
  return rows;
}
