/**
 * SQL of automation: claiming committed events, the run log (runs and their actions) and the jobs that
 * execute actions on graphile-worker (enqueued with `graphile_worker.add_job` inside the same transaction
 * as the rows they execute, so a dispatch either makes its runs, action rows and jobs, or none of them).
 */
import type { Queryable } from './db.js';

/**
 * Notified (at commit) whenever the run log changes: runs made, actions finished or failed, events dispatched.
 * Whoever watches automation (a test, a live run-log view) LISTENs here instead of polling: the payload is the tenant id.
 */
export const AUTOMATION_ACTIVITY_CHANNEL = 'automation_activity';
const NOTIFY = (tenant: string) => `pg_notify('${AUTOMATION_ACTIVITY_CHANNEL}', ${tenant}::text)`;

export interface AutomationEventRow {
  id: string;
  tenantId: string;
  object: string;
  recordId: string;
  kind: string;
  record: Record<string, unknown>;
  previous: Record<string, unknown> | null;
  actorId: string | null;
  depth: number;
  createdAt: string;
}

/** Up to `limit` undispatched events, locked for this transaction; other dispatchers skip them. */
export async function claimAutomationEvents(db: Queryable, limit: number): Promise<AutomationEventRow[]> {
  const { rows } = await db.query<AutomationEventRow>(
    `SELECT id, tenant_id AS "tenantId", object, record_id AS "recordId", kind, record, previous, actor_id AS "actorId", depth, created_at AS "createdAt"
       FROM platform.automation_events WHERE dispatched_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows;
}

export async function markEventsDispatched(db: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length)
    await db.query(`UPDATE platform.automation_events SET dispatched_at = now() WHERE id = ANY($1::uuid[]) RETURNING ${NOTIFY('tenant_id')}`, [ids]);
}

export interface NewRun {
  tenantId: string;
  rule: string;
  ruleVersion: number;
  eventId: string;
  eventKind: string;
  object: string;
  recordId: string | null;
  conditionResult: boolean;
  depth: number;
  runAs: string | null;
  note?: string;
  /** Action types in order; none when the condition did not hold. */
  actions: string[];
}

/**
 * A run with its action rows; the first action's job is enqueued (each action enqueues the next when it
 * is done, which keeps them in order). Returns undefined when this rule already ran for this event.
 */
export async function insertRun(db: Queryable, run: NewRun): Promise<string | undefined> {
  return (await insertRuns(db, [run]))[0];
}

/**
 * Runs with their action rows in one statement (set-based: a dispatch of hundreds of events makes its runs in
 * one round trip), and the first actions' jobs: one job per BATCH_JOB_SIZE first actions. Returns each run's
 * id in the order given, undefined where that rule already ran for that event (keyed by tenant, rule, event).
 */
export async function insertRuns(db: Queryable, runs: readonly NewRun[]): Promise<(string | undefined)[]> {
  if (!runs.length) return [];
  const col = <T>(f: (r: NewRun) => T) => runs.map(f);
  const acts = runs.flatMap((r, i) => r.actions.map((type, index) => ({ ord: i + 1, index, type })));
  const { rows } = await db.query<{ ord: number; id: string; first: string | null }>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::text[], $7::uuid[], $8::bool[], $9::int[], $10::uuid[], $11::text[])
         WITH ORDINALITY AS i(tenant_id, rule, rule_version, event_id, event_kind, object, record_id, condition_result, depth, run_as, note, ord)),
     runs AS (
       INSERT INTO platform.automation_runs (tenant_id, rule, rule_version, event_id, event_kind, object, record_id, condition_result, depth, run_as, note)
       SELECT tenant_id, rule, rule_version, event_id, event_kind, object, record_id, condition_result, depth, run_as, note FROM input ORDER BY ord
       ON CONFLICT (tenant_id, rule, event_id) DO NOTHING RETURNING id, tenant_id, rule, event_id),
     made AS (SELECT i.ord, r.id FROM runs r JOIN input i USING (tenant_id, rule, event_id)),
     actions AS (
       INSERT INTO platform.automation_actions (run_id, action_index, type)
       SELECT m.id, a.idx, a.type FROM unnest($12::int[], $13::int[], $14::text[]) AS a(ord, idx, type) JOIN made m ON m.ord = a.ord ORDER BY a.ord, a.idx
       RETURNING id, run_id, action_index),
     notified AS (SELECT ${NOTIFY('x.tenant_id')} FROM (SELECT DISTINCT tenant_id FROM runs) x)
     SELECT m.ord::int AS ord, m.id, a.id AS first, (SELECT count(*) FROM notified) AS n FROM made m LEFT JOIN actions a ON a.run_id = m.id AND a.action_index = 0`,
    [
      col((r) => r.tenantId),
      col((r) => r.rule),
      col((r) => r.ruleVersion),
      col((r) => r.eventId),
      col((r) => r.eventKind),
      col((r) => r.object),
      col((r) => r.recordId),
      col((r) => r.conditionResult),
      col((r) => r.depth),
      col((r) => r.runAs),
      col((r) => r.note ?? null),
      acts.map((a) => a.ord),
      acts.map((a) => a.index),
      acts.map((a) => a.type),
    ],
  );
  const ids: (string | undefined)[] = runs.map(() => undefined);
  for (const r of rows) ids[r.ord - 1] = r.id;
  await enqueueActionBatches(
    db,
    rows.flatMap((r) => (r.first ? [r.first] : [])),
  );
  return ids;
}

/** Most action ids one `automation_actions` job carries (its actions run set-based, in one transaction). */
export const BATCH_JOB_SIZE = 500;

/**
 * Jobs executing these action rows, BATCH_JOB_SIZE per job (`automation_actions`): the worker runs the kinds it
 * can run set-based together and hands the others to one job each. No job key: a batch executed twice finds
 * its rows done, and the action rows (not the jobs) are what makes an action run once.
 */
export async function enqueueActionBatches(db: Queryable, actionIds: readonly string[]): Promise<void> {
  if (!actionIds.length) return;
  await db.query(
    `SELECT graphile_worker.add_job('automation_actions', json_build_object('actionIds', array_agg(id ORDER BY n)), max_attempts => 25)
       FROM unnest($1::text[]) WITH ORDINALITY AS a(id, n) GROUP BY (n - 1) / $2`,
    [actionIds, BATCH_JOB_SIZE],
  );
}

/** The job executing an action row; its key is the row's id, so enqueuing twice makes one job. */
export async function enqueueAction(db: Queryable, actionId: string, runAt?: Date): Promise<void> {
  await enqueueActions(db, [actionId], runAt);
}

/** One keyed job per action row (`automation_action`), in one statement. */
export async function enqueueActions(db: Queryable, actionIds: readonly string[], runAt?: Date): Promise<void> {
  if (!actionIds.length) return;
  await db.query(
    `SELECT graphile_worker.add_job('automation_action', json_build_object('actionId', id), run_at => $2::timestamptz, max_attempts => 25, job_key => 'automation-action:' || id)
       FROM unnest($1::text[]) AS a(id)`,
    [actionIds, runAt ?? null],
  );
}

export interface ActionRow {
  id: string;
  runId: string;
  index: number;
  type: string;
  status: string;
  attempts: number;
  tenantId: string;
  rule: string;
  ruleVersion: number;
  eventId: string;
  object: string;
  recordId: string | null;
  depth: number;
  runAs: string | null;
  /** The id of the next action of the run, if any. */
  nextId: string | null;
}

/** The action row locked for this transaction (a second worker holding the same job waits, then sees it done). */
export async function lockAction(db: Queryable, id: string): Promise<ActionRow | undefined> {
  const { rows } = await db.query<ActionRow>(
    `SELECT a.id, a.run_id AS "runId", a.action_index AS index, a.type, a.status, a.attempts, r.tenant_id AS "tenantId", r.rule, r.rule_version AS "ruleVersion",
            r.event_id AS "eventId", r.object, r.record_id AS "recordId", r.depth, r.run_as AS "runAs",
            (SELECT n.id FROM platform.automation_actions n WHERE n.run_id = a.run_id AND n.action_index = a.action_index + 1) AS "nextId"
       FROM platform.automation_actions a JOIN platform.automation_runs r ON r.id = a.run_id WHERE a.id = $1 FOR UPDATE OF a`,
    [id],
  );
  return rows[0];
}

/** The action rows of a batch, locked for this transaction in id order (two batches never deadlock). */
export async function lockActions(db: Queryable, ids: readonly string[]): Promise<ActionRow[]> {
  const { rows } = await db.query<ActionRow>(
    `SELECT a.id, a.run_id AS "runId", a.action_index AS index, a.type, a.status, a.attempts, r.tenant_id AS "tenantId", r.rule, r.rule_version AS "ruleVersion",
            r.event_id AS "eventId", r.object, r.record_id AS "recordId", r.depth, r.run_as AS "runAs", n.id AS "nextId"
       FROM platform.automation_actions a JOIN platform.automation_runs r ON r.id = a.run_id
       LEFT JOIN platform.automation_actions n ON n.run_id = a.run_id AND n.action_index = a.action_index + 1
      WHERE a.id = ANY($1::uuid[]) ORDER BY a.id FOR UPDATE OF a`,
    [ids],
  );
  return rows;
}

/** Marks many action rows done or skipped at once, each with its result. */
export async function finishActions(
  db: Queryable,
  done: readonly { id: string; status: 'done' | 'skipped'; result: unknown }[],
  startedAt: Date,
): Promise<void> {
  if (!done.length) return;
  await db.query(
    `WITH f AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) AS f(id, status, result)),
     u AS (UPDATE platform.automation_actions a SET status = f.status, result = f.result, attempts = a.attempts + 1, started_at = $4, finished_at = now(), last_error = NULL
             FROM f WHERE a.id = f.id RETURNING a.run_id)
     SELECT ${NOTIFY('r.tenant_id')} FROM (SELECT DISTINCT r.tenant_id FROM platform.automation_runs r WHERE r.id IN (SELECT run_id FROM u)) r`,
    [done.map((d) => d.id), done.map((d) => d.status), done.map((d) => JSON.stringify(d.result ?? null)), startedAt],
  );
}

export async function finishAction(db: Queryable, id: string, status: 'done' | 'skipped', result: unknown, startedAt: Date): Promise<void> {
  await db.query(
    `UPDATE platform.automation_actions SET status = $2, result = $3, attempts = attempts + 1, started_at = $4, finished_at = now(), last_error = NULL WHERE id = $1
     RETURNING (SELECT ${NOTIFY('r.tenant_id')} FROM platform.automation_runs r WHERE r.id = run_id)`,
    [id, status, JSON.stringify(result ?? null), startedAt],
  );
}

/** Records a failed attempt (outside the rolled-back attempt's transaction); dead after the last one. */
export async function failAction(db: Queryable, id: string, error: string, maxAttempts: number): Promise<{ attempts: number; dead: boolean }> {
  const { rows } = await db.query<{ attempts: number; status: string }>(
    `UPDATE platform.automation_actions SET attempts = attempts + 1, last_error = $2, started_at = coalesce(started_at, now()), finished_at = now(),
            status = CASE WHEN attempts + 1 >= $3 THEN 'dead' ELSE 'failed' END WHERE id = $1
     RETURNING attempts, status, (SELECT ${NOTIFY('r.tenant_id')} FROM platform.automation_runs r WHERE r.id = run_id)`,
    [id, error.slice(0, 4000), maxAttempts],
  );
  return { attempts: rows[0]?.attempts ?? 0, dead: rows[0]?.status === 'dead' };
}

/** Puts a dead (or failed) action back to pending with fresh attempts and enqueues it; false if it is neither. */
export async function retryAction(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE platform.automation_actions a SET status = 'pending', attempts = 0, last_error = NULL FROM platform.automation_runs r
      WHERE a.id = $1 AND r.id = a.run_id AND r.tenant_id = $2 AND a.status IN ('dead', 'failed') RETURNING a.id, ${NOTIFY('r.tenant_id')}`,
    [id, tenantId],
  );
  if (!rows.length) return false;
  await enqueueAction(db, id);
  return true;
}

export async function insertNotification(
  db: Queryable,
  n: { tenantId: string; userId: string; message: string; object: string; recordId: string | null; actionId: string },
): Promise<void> {
  await db.query(
    `INSERT INTO platform.notifications (tenant_id, user_id, message, object, record_id, action_id) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (action_id) DO NOTHING`,
    [n.tenantId, n.userId, n.message, n.object, n.recordId, n.actionId],
  );
}

/** Many notifications in one statement (one per action row: a repeated action writes none twice). */
export async function insertNotifications(
  db: Queryable,
  ns: readonly { tenantId: string; userId: string; message: string; object: string; recordId: string | null; actionId: string }[],
): Promise<void> {
  if (!ns.length) return;
  await db.query(
    `INSERT INTO platform.notifications (tenant_id, user_id, message, object, record_id, action_id)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[]) ON CONFLICT (action_id) DO NOTHING`,
    [
      ns.map((n) => n.tenantId),
      ns.map((n) => n.userId),
      ns.map((n) => n.message),
      ns.map((n) => n.object),
      ns.map((n) => n.recordId),
      ns.map((n) => n.actionId),
    ],
  );
}

export interface RunLogEntry {
  id: string;
  rule: string;
  ruleVersion: number;
  eventId: string;
  eventKind: string;
  object: string;
  recordId: string | null;
  conditionResult: boolean;
  depth: number;
  runAs: string | null;
  note: string | null;
  createdAt: string;
  actions: {
    id: string;
    index: number;
    type: string;
    status: string;
    attempts: number;
    lastError: string | null;
    startedAt: string | null;
    finishedAt: string | null;
  }[];
}

/**
 * The run log, newest first, filtered by rule, record or action status; `after` (the last run of the previous
 * page) pages by (created_at, id): runs made by one dispatch share their transaction's timestamp.
 */
export async function listRuns(
  db: Queryable,
  tenantId: string,
  f: { rule?: string; object?: string; recordId?: string; status?: string; after?: string; limit: number; ids?: readonly string[] },
): Promise<RunLogEntry[]> {
  const { rows } = await db.query<RunLogEntry>(
    `SELECT r.id, r.rule, r.rule_version AS "ruleVersion", r.event_id AS "eventId", r.event_kind AS "eventKind", r.object, r.record_id AS "recordId",
            r.condition_result AS "conditionResult", r.depth, r.run_as AS "runAs", r.note, r.created_at AS "createdAt",
            coalesce((SELECT json_agg(json_build_object('id', a.id, 'index', a.action_index, 'type', a.type, 'status', a.status, 'attempts', a.attempts,
                     'lastError', a.last_error, 'startedAt', a.started_at, 'finishedAt', a.finished_at) ORDER BY a.action_index)
                FROM platform.automation_actions a WHERE a.run_id = r.id), '[]') AS actions
       FROM platform.automation_runs r
      WHERE r.tenant_id = $1 AND ($2::text IS NULL OR r.rule = $2) AND ($3::text IS NULL OR r.object = $3) AND ($4::uuid IS NULL OR r.record_id = $4)
        AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM platform.automation_actions a WHERE a.run_id = r.id AND a.status = $5))
        AND ($6::uuid IS NULL OR (r.created_at, r.id) < (SELECT p.created_at, p.id FROM platform.automation_runs p WHERE p.id = $6))
        AND ($8::uuid[] IS NULL OR r.id = ANY($8::uuid[]))
      ORDER BY r.created_at DESC, r.id DESC LIMIT $7`,
    [tenantId, f.rule ?? null, f.object ?? null, f.recordId ?? null, f.status ?? null, f.after ?? null, f.limit, f.ids ?? null],
  );
  return rows;
}

/** Deletes runs (and their actions) older than `days`, and dispatched events as old; returns the runs deleted. */
export async function pruneAutomationLog(db: Queryable, days: number): Promise<number> {
  await db.query(`DELETE FROM platform.automation_events WHERE dispatched_at IS NOT NULL AND created_at < now() - make_interval(days => $1)`, [days]);
  const { rowCount } = await db.query(`DELETE FROM platform.automation_runs WHERE created_at < now() - make_interval(days => $1)`, [days]);
  return rowCount ?? 0;
}

export interface NotificationRow {
  id: string;
  message: string;
  object: string | null;
  recordId: string | null;
  readAt: string | null;
  createdAt: string;
}

/** A user's notifications, newest first. */
export async function listNotifications(db: Queryable, tenantId: string, userId: string, limit: number): Promise<NotificationRow[]> {
  const { rows } = await db.query<NotificationRow>(
    `SELECT id, message, object, record_id AS "recordId", read_at AS "readAt", created_at AS "createdAt" FROM platform.notifications
      WHERE tenant_id = $1 AND user_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3`,
    [tenantId, userId, limit],
  );
  return rows;
}

/** A user's address and language, for mail. */
export async function mailRecipient(db: Queryable, tenantId: string, userId: string): Promise<{ email: string; language: string | null } | undefined> {
  const { rows } = await db.query<{ email: string; language: string | null }>('SELECT email, language FROM platform.users WHERE tenant_id = $1 AND id = $2', [
    tenantId,
    userId,
  ]);
  return rows[0];
}

export interface MailRow {
  id: string;
  to: string;
  subject: string;
  body: string;
  language: string;
  status: 'stored' | 'sent';
  messageId: string | null;
  createdAt: string;
}

export async function insertMail(
  db: Queryable,
  m: { tenantId: string; actionId: string; to: string; subject: string; body: string; language: string; status: 'stored' | 'sent'; messageId?: string },
): Promise<void> {
  await db.query(
    `INSERT INTO platform.mail_outbox (tenant_id, action_id, to_address, subject, body, language, status, message_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (action_id) DO NOTHING`,
    [m.tenantId, m.actionId, m.to, m.subject, m.body, m.language, m.status, m.messageId ?? null],
  );
}

/** The tenant's mail, newest first. */
export async function listMail(db: Queryable, tenantId: string, limit: number): Promise<MailRow[]> {
  const { rows } = await db.query<MailRow>(
    `SELECT id, to_address AS "to", subject, body, language, status, message_id AS "messageId", created_at AS "createdAt" FROM platform.mail_outbox
      WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
    [tenantId, limit],
  );
  return rows;
}

/**
 * The job firing a time-relative rule for one record, at `runAt`; keyed by rule and record, so a changed date
 * replaces the pending job (the rule fires once, at the new time) and several servers schedule one job.
 */
export async function scheduleRuleTimer(db: Queryable, t: { tenantId: string; rule: string; recordId: string; at: string }): Promise<void> {
  await db.query(
    `SELECT graphile_worker.add_job('automation_timer', json_build_object('tenantId', $1::text, 'rule', $2::text, 'recordId', $3::text, 'at', $4::text),
      run_at => $4::timestamptz, max_attempts => 25, job_key => 'automation-timer:' || $1 || ':' || $2 || ':' || $3)`,
    [t.tenantId, t.rule, t.recordId, t.at],
  );
}

export async function cancelRuleTimer(db: Queryable, t: { tenantId: string; rule: string; recordId: string }): Promise<void> {
  await db.query(`SELECT graphile_worker.remove_job('automation-timer:' || $1 || ':' || $2 || ':' || $3)`, [t.tenantId, t.rule, t.recordId]);
}

/**
 * The application_name prefix of a server's automation LISTEN connection, followed by its graphile-worker pool id:
 * while that connection is up the pool's process is alive.
 */
export const AUTOMATION_PRESENCE_PREFIX = 'funnelcraft-automation ';

/**
 * Unlocks the jobs of worker pools whose process is gone (killed, crashed, cut off): graphile-worker 0.17 leaves
 * a dead pool's jobs locked for four hours. A pool counts as gone when no connection carries its presence name
 * and its lock is older than `graceMs` (a pool may lock a job a moment before its presence connection is up).
 * Should a live pool's job be unlocked after all, running it twice is harmless: the action rows make each action
 * run once. Returns the pools unlocked.
 */
export async function unlockAbandonedJobs(db: Queryable, graceMs: number): Promise<string[]> {
  const { rows } = await db.query<{ pools: string[] | null }>(
    `WITH gone AS (
       SELECT DISTINCT j.locked_by FROM graphile_worker.jobs j
        WHERE j.locked_by IS NOT NULL AND j.locked_at < now() - make_interval(secs => $1::float8 / 1000)
          AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = $2 || j.locked_by)),
     pools AS (SELECT array_agg(locked_by) AS pools FROM gone)
     SELECT pools, graphile_worker.force_unlock_workers(pools) FROM pools WHERE pools IS NOT NULL`,
    [graceMs, AUTOMATION_PRESENCE_PREFIX],
  );
  return rows[0]?.pools ?? [];
}
