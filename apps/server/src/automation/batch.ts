/**
 * Executes a batch of action rows (an `automation_actions` job carries up to BATCH_JOB_SIZE ids) set-based, in
 * one transaction: the rows are locked (in id order) and checked as one action's are, the actions that have a
 * batch performer write together (create_task: one bulk insert of the tasks; notify: one insert), the rows are
 * marked done in one statement and the next actions' batch job is enqueued, all in that transaction. So a
 * retried or duplicated batch finds its rows done and does nothing, as a single job would: a retried "create
 * task" makes one task.
 *
 * Actions without a batch performer (mail, webhooks, waits, updates) get a keyed job of their own, so a slow
 * receiver never holds up others. If the batch fails, each of its open actions gets a job of its own too: the
 * single path retries each with backoff and marks only the one that keeps failing dead.
 */
import type { RuleAction } from '@funnelcraft/definitions';
import { createRecords, getRecordsByIds, MAX_BULK, type RecordContext } from '@funnelcraft/records';
import {
  enqueueActionBatches,
  enqueueActions,
  finishActions,
  insertNotifications,
  lockActions,
  withTransaction,
  type ActionRow,
  type PlatformOrm,
  type Pool,
  type PoolClient,
  type Row,
} from '@funnelcraft/storage';
import { actorFor, notification, PermanentError, taskInput, type ActionDeps, type ActionSettings, type Scope } from './actions.js';
import type { AppliedModel, AutomationModels } from './models.js';

/**
 * Prepares each action on its own (a refusal sends that one to the single path), then writes them together
 * (methods, so a performer of one prepared type stands in the registry of unknown ones).
 */
interface BatchPerformer<P> {
  prepare(s: Scope, action: RuleAction): Promise<P>;
  /** A result per prepared action, in order. */
  write(ctx: RecordContext, tx: PoolClient, prepared: P[]): Promise<unknown[]>;
}

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

const BATCH_PERFORMERS: Partial<Record<RuleAction['type'], BatchPerformer<unknown>>> = {
  create_task: {
    prepare: taskInput,
    write: async (ctx, _tx, inputs: Record<string, unknown>[]) => {
      const results: unknown[] = [];
      // Bulk create returns the records in the order given.
      for (const part of chunks(inputs, MAX_BULK)) for (const task of await createRecords(ctx, 'activity', part)) results.push({ taskId: task['id'] });
      return results;
    },
  } satisfies BatchPerformer<Record<string, unknown>>,
  notify: {
    prepare: notification,
    write: async (_ctx, tx, ns: Awaited<ReturnType<typeof notification>>[]) => {
      await insertNotifications(tx, ns);
      return ns.map((n) => ({ userId: n.userId }));
    },
  } satisfies BatchPerformer<Awaited<ReturnType<typeof notification>>>,
};

const FINAL = new Set(['done', 'skipped', 'dead']);

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

interface Outcome {
  finished: { id: string; status: 'done' | 'skipped'; result: unknown }[];
  single: string[];
  next: string[];
}

/** One tenant's rows of the batch: those acting as one user at one chain depth with one action type write together. */
async function runTenant(
  tx: PoolClient,
  orm: PlatformOrm,
  applied: AppliedModel | undefined,
  rows: ActionRow[],
  base: Omit<Scope, 'tx' | 'row' | 'tenant' | 'model' | 'ctx' | 'record'>,
  out: Outcome,
): Promise<void> {
  const batched: { row: ActionRow; action: RuleAction }[] = [];
  for (const row of rows) {
    const action = applied?.model.rules.get(row.rule)?.actions[row.index];
    if (!applied || !action || action.type !== row.type)
      out.finished.push({ id: row.id, status: 'skipped', result: { reason: 'the rule was changed or removed since this run started' } });
    else if (!BATCH_PERFORMERS[action.type]) out.single.push(row.id);
    else batched.push({ row, action });
  }
  if (!applied) return;
  for (const group of groupBy(batched, ({ row, action }) => `${row.runAs ?? ''}|${row.depth}|${action.type}`).values()) {
    const { row: first, action: firstAction } = group[0]!;
    let ctx: RecordContext;
    try {
      const actor = await actorFor(orm, first.tenantId, first.runAs);
      ctx = { tenant: applied.tenant, actor, db: tx, orm, model: applied.model, inTransaction: true, automationDepth: first.depth + 1 };
    } catch (e) {
      if (!(e instanceof PermanentError)) throw e;
      out.single.push(...group.map((g) => g.row.id));
      continue;
    }
    const records = new Map<string, Row>();
    for (const [object, ofObject] of groupBy(group, (g) => g.row.object)) {
      const ids = [...new Set(ofObject.flatMap((g) => (g.row.recordId ? [g.row.recordId] : [])))];
      for (const r of ids.length ? await getRecordsByIds(ctx, object, ids) : []) records.set(String(r['id']), r);
    }
    const performer = BATCH_PERFORMERS[firstAction.type]!;
    const prepared: { row: ActionRow; p: unknown }[] = [];
    for (const { row, action } of group) {
      const record = row.recordId ? (records.get(row.recordId) ?? null) : null;
      try {
        prepared.push({ row, p: await performer.prepare({ ...base, tx, row, tenant: applied.tenant, model: applied.model, ctx, record }, action) });
      } catch (e) {
        if (!(e instanceof PermanentError)) throw e;
        out.single.push(row.id); // the single path records the refusal and marks it dead
      }
    }
    const results = await performer.write(
      ctx,
      tx,
      prepared.map((x) => x.p),
    );
    prepared.forEach(({ row }, i) => {
      const result = results[i];
      out.finished.push({ id: row.id, status: 'done', result: { ...(result && typeof result === 'object' ? result : {}), runAs: row.runAs ?? 'system' } });
      if (row.nextId) out.next.push(row.nextId);
    });
  }
}

export async function executeActionBatch(
  pool: Pool,
  orm: PlatformOrm,
  models: AutomationModels,
  settings: ActionSettings,
  deps: ActionDeps,
  actionIds: readonly string[],
  log: (m: string) => void,
): Promise<void> {
  const at = new Date();
  let open: readonly string[] = actionIds;
  try {
    await withTransaction(pool, async (tx) => {
      const rows = (await lockActions(tx, actionIds)).filter((r) => !FINAL.has(r.status));
      open = rows.map((r) => r.id);
      const out: Outcome = { finished: [], single: [], next: [] };
      for (const [tenantId, ofTenant] of groupBy(rows, (r) => r.tenantId))
        await runTenant(tx, orm, await models.load(tx, tenantId), ofTenant, { settings, deps, at }, out);
      await finishActions(tx, out.finished, at);
      await enqueueActionBatches(tx, out.next);
      await enqueueActions(tx, out.single);
    });
  } catch (err) {
    log(`automation: a batch of ${open.length} action(s) failed, each is retried on its own: ${err instanceof Error ? err.message : String(err)}`);
    await enqueueActions(pool, open);
  }
}
