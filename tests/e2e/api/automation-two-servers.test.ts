/**
 * Two server processes' worth of automation (two servers, each with its dispatcher and graphile-worker
 * runner) draining one queue on a database of their own: a burst of writes from both sides makes exactly one
 * run per write and one task per run, each action done in one attempt, none run twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord, createRecords, type RecordContext } from '@funnelcraft/records';
import { listRuns, type Pool, type RunLogEntry } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { startTestServer } from '../../support/api.js';
import { settled, untilActivity } from '../../support/automation.js';
import { applyDocs, isolatedDatabaseUrl, newTenant, recordContext, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

const RULE = {
  'x-rule': 'welcomeTask',
  'x-object': 'lead',
  trigger: { type: 'created' },
  actions: [
    { type: 'create_task', subject: 'Call {{name}}', assignee: 'owner' },
    { type: 'notify', to: 'owner', message: '{{name}}' },
  ],
};
const BURST = 300;
let servers: RunningServer[] = [];
let pool: Pool;
let t: TestTenant;
let ctx: RecordContext;

beforeAll(async () => {
  const url = await isolatedDatabaseUrl('two');
  pool = await testPool(url);
  servers = [await startTestServer({ databaseUrl: url }), await startTestServer({ databaseUrl: url })];
  t = await newTenant(pool);
  ctx = recordContext(pool, t, (await applyDocs(pool, t, [...salesModel(), RULE])).model);
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await pool?.end();
});

describe('two servers on one queue', () => {
  it('runs every action of a burst exactly once', async () => {
    const singles = Array.from({ length: BURST / 3 }, (_, i) => createRecord(ctx, 'lead', { name: `Single ${i}` }));
    const bulk = createRecords(
      ctx,
      'lead',
      Array.from({ length: (2 * BURST) / 3 }, (_, i) => ({ name: `Bulk ${i}` })),
    );
    await Promise.all([...singles, bulk]);
    await untilActivity(pool, servers, async () => {
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM platform.automation_actions a JOIN platform.automation_runs r ON r.id = a.run_id WHERE r.tenant_id = $1 AND a.status = 'done'`,
        [t.tenant.id],
      );
      return rows[0]!.n === 2 * BURST ? true : undefined;
    });
    const runs: RunLogEntry[] = [];
    for (let after: string | undefined; ;) {
      const page = await listRuns(pool, t.tenant.id, { rule: 'welcomeTask', after, limit: 200 });
      runs.push(...page);
      if (page.length < 200) break;
      after = page.at(-1)!.id;
    }
    expect(runs).toHaveLength(BURST);
    expect(settled(runs)).toBe(true);
    expect(runs.flatMap((r) => r.actions).every((a) => a.status === 'done' && a.attempts === 1)).toBe(true);
    const { rows: tasks } = await pool.query<{ n: number; leads: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT lead)::int AS leads FROM ${t.tenant.schema}.activity`,
    );
    expect(tasks[0]).toEqual({ n: BURST, leads: BURST });
    const { rows: notes } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM platform.notifications WHERE tenant_id = $1', [t.tenant.id]);
    expect(notes[0]!.n).toBe(BURST);
  });
});
