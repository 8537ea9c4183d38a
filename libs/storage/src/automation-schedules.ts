/**
 * SQL of scheduled rules: the tenants whose applied definitions hold scheduled rules, a tenant's
 * time zone, the runs one cron tick makes (one set-based statement: the records the filter selects, a run per
 * record keyed by rule + tick + record so a second firing of the tick makes none, the action rows and the first
 * jobs, one per batch of first actions). The round-robin counter is round-robin.ts's.
 */
import type { ObjectModel } from '@funnelcraft/definitions';
import { compileCondition, SqlParams } from '@funnelcraft/expressions';
import type { Queryable } from './db.js';
import { AUTOMATION_ACTIVITY_CHANNEL, BATCH_JOB_SIZE } from './automation-store.js';
import { objectSql, tableOf } from './object-sql.js';

/** Tenants whose latest definitions hold a scheduled rule, with their time zone. */
export async function tenantsWithScheduledRules(db: Queryable): Promise<{ tenantId: string; timeZone: string }[]> {
  const { rows } = await db.query<{ tenantId: string; timeZone: string }>(
    `SELECT v.tenant_id AS "tenantId", t.time_zone AS "timeZone"
       FROM (SELECT DISTINCT ON (tenant_id) tenant_id, documents FROM platform.definition_versions ORDER BY tenant_id, version DESC) v
       JOIN platform.tenants t ON t.id = v.tenant_id
      WHERE v.documents::jsonb @> '[{"trigger": {"type": "scheduled"}}]'::jsonb`,
  );
  return rows;
}

export async function tenantTimeZone(db: Queryable, tenantId: string): Promise<string> {
  const { rows } = await db.query<{ tz: string }>('SELECT time_zone AS tz FROM platform.tenants WHERE id = $1', [tenantId]);
  return rows[0]?.tz ?? 'UTC';
}

export interface ScheduledTick {
  tenantId: string;
  schema: string;
  object: ObjectModel;
  /** json-logic over the object's fields (clock bound); undefined: every live record. */
  selection: unknown;
  rule: string;
  ruleVersion: number;
  /** The tick's minute, ISO: part of each run's idempotency key. */
  tick: string;
  runAs: string | null;
  actions: string[];
}

/** The scan of a tick: the ids of the live records the rule's filter and condition select (one WHERE, on the table's indexes). */
export function scheduledMatchSql(t: Pick<ScheduledTick, 'schema' | 'object' | 'selection'>, params: SqlParams): string {
  const s = objectSql(t.object);
  const where = ['t.deleted_at IS NULL'];
  if (t.selection !== undefined && t.selection !== null) where.push(compileCondition(t.selection, { resolve: (name) => s.vars.get(name), params }));
  return `SELECT t.id FROM ${tableOf(t.schema, t.object)} t WHERE ${where.join(' AND ')}`;
}

/** Makes the tick's runs (none twice for one tick); returns how many it made. */
export async function insertScheduledRuns(db: Queryable, t: ScheduledTick): Promise<number> {
  const params = new SqlParams();
  const matched = scheduledMatchSql(t, params);
  const p = (v: unknown, cast?: string) => params.add(v, cast);
  const key = `${p(t.rule, 'text')} || '|' || ${p(t.tick, 'text')} || '|'`;
  const { rows } = await db.query<{ n: number }>(
    `WITH matched AS (${matched}),
     runs AS (
       INSERT INTO platform.automation_runs (tenant_id, rule, rule_version, event_id, event_kind, object, record_id, condition_result, depth, run_as, note)
       SELECT ${p(t.tenantId, 'uuid')}, ${p(t.rule, 'text')}, ${p(t.ruleVersion, 'int')}, md5(${key} || m.id::text)::uuid, 'scheduled', ${p(t.object.name, 'text')},
              m.id, true, 0, ${p(t.runAs, 'uuid')}, 'scheduled: tick of ' || ${p(t.tick, 'text')}
         FROM matched m
       ON CONFLICT (tenant_id, rule, event_id) DO NOTHING RETURNING id),
     actions AS (
       INSERT INTO platform.automation_actions (run_id, action_index, type)
       SELECT r.id, a.i - 1, a.t FROM runs r, unnest(${p(t.actions, 'text[]')}) WITH ORDINALITY AS a(t, i) RETURNING id, action_index),
     jobs AS (
       SELECT graphile_worker.add_job('automation_actions', json_build_object('actionIds', array_agg(f.id::text)), max_attempts => 25)
         FROM (SELECT a.id, row_number() OVER () AS n FROM actions a WHERE a.action_index = 0) f GROUP BY (f.n - 1) / ${BATCH_JOB_SIZE})
     SELECT (SELECT count(*) FROM runs)::int AS n, (SELECT count(*) FROM jobs) AS jobs,
            CASE WHEN EXISTS (SELECT 1 FROM runs) THEN pg_notify('${AUTOMATION_ACTIVITY_CHANNEL}', ${p(t.tenantId, 'text')}) END AS notified`,
    params.values,
  );
  return rows[0]?.n ?? 0;
}
