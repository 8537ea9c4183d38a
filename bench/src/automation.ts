/**
 * Group `automation`: what rules cost the write path, how fast the workers drain action jobs, and how soon an
 * action follows its write.
 *
 * - `automation.write_overhead_ratio`: updates through the API on a tenant with two matching rules ÷ the same
 *   updates on a tenant without rules (interleaved in blocks, client time). Target ≤ 1.3.
 * - `automation.drain_per_s`: create-task actions completed per second for a burst of records created in bulk
 *   (clock from the first bulk create to the last task). Target ≥ 1,000. One job and one transaction per
 *   action (lock the row, insert the task with its own outbox check, mark done, enqueue the next) on the
 *   server's AUTOMATION_WORKERS: PostgreSQL commits and the machine's cores are what limits it.
 * - `automation.trigger_to_action_p50_ms`: a create's response to its task being visible in the database, p50.
 * - `automation.scheduled_scan_ratio`: a scheduled rule's scan ("open, close date within 3 days") over 1,000,000
 *   deals (100,000 with --quick; generated in SQL, not through the API, to keep the run short), the statement
 *   the tick builds from the rule (scheduledMatchSql, as insertScheduledRuns runs it) ÷ the same query written
 *   by hand, paired medians. Target ≤ 1.5.
 */
import { performance } from 'node:perf_hooks';
import { scheduledSelection, validateDefinitions } from '@funnelcraft/definitions';
import { SqlParams } from '@funnelcraft/expressions';
import { latestVersion, scheduledMatchSql } from '@funnelcraft/storage';
import type { BenchContext, BenchTenant } from './context.js';
import { median, pairedP50 } from './measure.js';

const ITEM = {
  type: 'object',
  'x-object': 'item',
  title: 'Item',
  required: ['name'],
  properties: { name: { 'x-kind': 'text', maxLength: 200 }, n: { 'x-kind': 'number' } },
};
const ACTIVITY = {
  type: 'object',
  'x-object': 'activity',
  'x-plural': 'activities',
  title: 'Activity',
  required: ['subject'],
  properties: {
    subject: { 'x-kind': 'text', maxLength: 200 },
    type: { 'x-kind': 'single_select', 'x-options': [{ value: 'task' }] },
    dueAt: { 'x-kind': 'datetime' },
    item: { 'x-kind': 'lookup', 'x-target': 'item', 'x-on-delete': 'cascade' },
  },
};
/** The activity object without its lookup to items, for tenants that have deals only. */
const TASKS = { ...ACTIVITY, properties: { subject: ACTIVITY.properties.subject, type: ACTIVITY.properties.type, dueAt: ACTIVITY.properties.dueAt } };
const notifyOnUpdate = (key: string, order: number) => ({
  'x-rule': key,
  'x-object': 'item',
  order,
  trigger: { type: 'updated' },
  condition: { '>=': [{ var: 'new.n' }, 0] },
  actions: [{ type: 'notify', to: 'owner', message: '{{name}} changed' }],
});
const TASK_ON_CREATE = {
  'x-rule': 'taskOnCreate',
  'x-object': 'item',
  trigger: { type: 'created' },
  actions: [{ type: 'create_task', subject: 'Follow up {{name}}', assignee: 'owner', due: { in: 1, unit: 'days' } }],
};

async function tenantWith(ctx: BenchContext, name: string, rules: unknown[]): Promise<BenchTenant> {
  const t = await ctx.newTenant(`bench_auto_${name}_${Date.now().toString(36)}`);
  await ctx.apply(t, { documents: [ITEM, ACTIVITY, ...rules] });
  return t;
}

const UPDATE = 'mutation($id: ID!, $v: Int!, $n: Float!) { updateItem(id: $id, version: $v, input: { n: $n }) { version } }';

async function writeOverhead(ctx: BenchContext): Promise<void> {
  const plain = await tenantWith(ctx, 'plain', []);
  const ruled = await tenantWith(ctx, 'ruled', [notifyOnUpdate('first', 1), notifyOnUpdate('second', 2)]);
  const state = new Map<BenchTenant, { id: string; version: number; ms: number }>();
  for (const t of [plain, ruled]) {
    const { createItem } = await ctx.gql(t.token, 'mutation { createItem(input: { name: "bench", n: 0 }) { id version } }');
    state.set(t, { id: createItem.id, version: createItem.version, ms: 0 });
  }
  const total = ctx.quick ? 2000 : 10_000;
  const block = 100;
  for (let done = 0; done < total; done += block) {
    for (const t of done % (2 * block) === 0 ? [plain, ruled] : [ruled, plain]) {
      const s = state.get(t)!;
      const start = performance.now();
      for (let i = 0; i < block; i++) {
        const { updateItem } = await ctx.gql(t.token, UPDATE, { id: s.id, v: s.version, n: done + i });
        s.version = updateItem.version;
      }
      s.ms += performance.now() - start;
    }
  }
  const [p, r] = [state.get(plain)!.ms, state.get(ruled)!.ms];
  ctx.report.add('automation.update_no_rules_ms', p / total, 'ms');
  ctx.report.add('automation.update_two_rules_ms', r / total, 'ms');
  ctx.report.add('automation.write_overhead_ratio', r / p, 'ratio', '<= 1.3');
}

async function doneTasks(ctx: BenchContext, t: BenchTenant): Promise<number> {
  const { rows } = await ctx.sql.query(`SELECT count(*)::int AS n FROM "${t.tenant.schema}".activity`);
  return rows[0].n as number;
}

async function drain(ctx: BenchContext): Promise<void> {
  const t = await tenantWith(ctx, 'drain', [TASK_ON_CREATE]);
  const total = ctx.quick ? 4000 : 20_000;
  const start = performance.now();
  for (let b = 0; b < total / 1000; b++) {
    const inputs = Array.from({ length: 1000 }, (_, i) => ({ name: `Item ${b * 1000 + i}`, n: i }));
    await ctx.gql(t.token, 'mutation($in: [ItemInput!]!) { createItems(inputs: $in) { id } }', { in: inputs });
  }
  const deadline = start + 30 * 60_000;
  let seen: number;
  while ((seen = await doneTasks(ctx, t)) < total && performance.now() < deadline) await ctx.sql.query('SELECT pg_sleep(0.05)');
  if (seen < total) throw new Error(`automation.drain: ${seen} of ${total} tasks after 30 minutes`);
  ctx.report.add('automation.drain_per_s', total / ((performance.now() - start) / 1000), 'actions/s', '>= 1000');
}

async function triggerToAction(ctx: BenchContext): Promise<void> {
  const t = await tenantWith(ctx, 'latency', [TASK_ON_CREATE]);
  const samples: number[] = [];
  const n = ctx.quick ? 30 : 100;
  for (let i = 0; i < n; i++) {
    const { createItem } = await ctx.gql(t.token, 'mutation($name: String!) { createItem(input: { name: $name }) { id } }', { name: `Latency ${i}` });
    const start = performance.now();
    for (;;) {
      const { rows } = await ctx.sql.query(`SELECT 1 FROM "${t.tenant.schema}".activity WHERE item = $1`, [createItem.id]);
      if (rows.length) break;
      if (performance.now() - start > 60_000) throw new Error('automation.trigger_to_action: no task after a minute');
    }
    samples.push(performance.now() - start);
  }
  ctx.report.add('automation.trigger_to_action_p50_ms', median(samples), 'ms', '<= 50');
}

const STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'];
const OPEN = STAGES.slice(0, 4);
const DEAL = {
  type: 'object',
  'x-object': 'deal',
  title: 'Deal',
  required: ['name'],
  properties: {
    name: { 'x-kind': 'text', maxLength: 200 },
    stage: { 'x-kind': 'single_select', 'x-indexed': true, 'x-options': STAGES.map((value) => ({ value })) },
    closeDate: { 'x-kind': 'date', 'x-indexed': true },
  },
};
const CLOSING_SOON = {
  'x-rule': 'closingSoon',
  'x-object': 'deal',
  trigger: {
    type: 'scheduled',
    cron: '0 9 * * *',
    filter: { and: [{ '>=': [{ var: 'closeDate' }, { var: 'today' }] }, { '<=': [{ var: 'closeDate' }, { var: 'today+3' }] }] },
  },
  condition: { in: [{ var: 'new.stage' }, OPEN] },
  actions: [{ type: 'create_task', subject: '{{name}} closes on {{closeDate}}', assignee: 'owner' }],
};

async function scheduledScan(ctx: BenchContext): Promise<void> {
  const t = await ctx.newTenant(`bench_auto_scan_${Date.now().toString(36)}`);
  await ctx.apply(t, { documents: [DEAL, TASKS, CLOSING_SOON] });
  const total = ctx.quick ? 100_000 : 1_000_000;
  const schema = t.tenant.schema;
  // Close dates over two years around today, stages evenly: about 0.4 % of the deals close within 3 days.
  await ctx.sql.query(
    `INSERT INTO "${schema}".deal (name, stage, close_date, owner_id)
     SELECT 'Deal ' || i, ($1::text[])[1 + i % 6], current_date - 365 + ((i::bigint * 7919) % 730)::int, $2::uuid FROM generate_series(1, $3::int) AS i`,
    [STAGES, t.userId, total],
  );
  await ctx.sql.query(`ANALYZE "${schema}".deal`);
  const applied = await latestVersion(ctx.sql, t.tenant.id);
  const model = validateDefinitions(applied.documents, { stored: true });
  const rule = model.rules.get('closingSoon')!;
  const tick = new Date();
  const params = new SqlParams();
  const product = scheduledMatchSql({ schema, object: model.byName.get('deal')!, selection: scheduledSelection(rule, tick, 'UTC') }, params);
  const today = tick.toISOString().slice(0, 10);
  const plus3 = new Date(tick.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
  const byHand = `SELECT id FROM "${schema}".deal WHERE deleted_at IS NULL AND close_date >= $1::date AND close_date <= $2::date AND stage = ANY($3::text[])`;
  const [a, b] = [await ctx.sql.query(product, params.values), await ctx.sql.query(byHand, [today, plus3, OPEN])];
  if (a.rowCount !== b.rowCount || !a.rowCount) throw new Error(`automation.scheduled_scan: the rule selects ${a.rowCount} deals, the SQL ${b.rowCount}`);
  const [p, h] = await pairedP50(
    () => ctx.sql.query(product, params.values),
    () => ctx.sql.query(byHand, [today, plus3, OPEN]),
    ctx.quick ? 10 : 30,
  );
  ctx.report.add('automation.scheduled_scan_rows', a.rowCount, 'rows');
  ctx.report.add('automation.scheduled_scan_ms', p, 'ms');
  ctx.report.add('automation.scheduled_scan_sql_ms', h, 'ms');
  ctx.report.add('automation.scheduled_scan_ratio', p / h, 'ratio', '<= 1.5');
}

export async function automationGroup(ctx: BenchContext): Promise<void> {
  await writeOverhead(ctx);
  await triggerToAction(ctx);
  await drain(ctx);
  await scheduledScan(ctx);
}
