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
 */
import { performance } from 'node:perf_hooks';
import type { BenchContext, BenchTenant } from './context.js';
import { median } from './measure.js';

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

export async function automationGroup(ctx: BenchContext): Promise<void> {
  await writeOverhead(ctx);
  await triggerToAction(ctx);
  await drain(ctx);
}
