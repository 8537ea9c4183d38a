/**
 * Execution that loses nothing, with real server processes (the built server, as `npm start` runs it) on a
 * database of their own:
 * - SIGKILL during a burst of 1,000 rule-triggering writes through the API; a new process on the same database
 *   finishes the work (jobs the dead process had locked are freed by its sweep): every committed write has its
 *   actions exactly once, no task twice, none for rolled-back writes.
 * - Two server processes draining one queue: no action runs twice.
 * Waits are for conditions in the database (generous bounds), never for a fixed time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord, type RecordContext } from '@funnelcraft/records';
import { freePort, withTransaction, type Pool } from '@funnelcraft/storage';
import { gql, login } from '../../support/api.js';
import { applyDocs, isolatedDatabaseUrl, newTenant, recordContext, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

const BUILT_SERVER = new URL('../../../apps/server/dist/main.js', import.meta.url);
const RULE = {
  'x-rule': 'welcomeTask',
  'x-object': 'lead',
  trigger: { type: 'created' },
  actions: [
    { type: 'create_task', subject: 'Call {{name}}', assignee: 'owner' },
    { type: 'notify', to: 'owner', message: 'New lead {{name}}' },
  ],
};
const CREATE_LEAD = 'mutation($name: String!) { createLead(input: { name: $name }) { id } }';
const dataDir = mkdtempSync(join(tmpdir(), 'funnelcraft-crash-'));
const children: ChildProcess[] = [];

interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** The built server on `databaseUrl`, resolved once it serves; its sweep runs often so a dead peer's jobs are freed soon. */
async function startProcess(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    AUTOMATION_WORKERS: '4',
    AUTOMATION_SWEEP_MS: '200',
    AUTOMATION_ABANDONED_AFTER_MS: '1000',
    AUTOMATION_BACKOFF_MS: '50',
  };
  const child = spawn(process.execPath, [BUILT_SERVER.pathname], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  const onData = (d: Buffer) => (output += d.toString());
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  await Promise.race([
    new Promise<void>((resolve) => child.stdout!.on('data', () => output.includes('serving on') && resolve())),
    once(child, 'exit').then(([code]) => {
      throw new Error(`server exited with ${code}: ${output}`);
    }),
  ]);
  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
}

/** Looks until `look` holds, every 100 ms, for at most `boundMs` (a bound, not a schedule: done is done). */
async function until(what: string, look: () => Promise<boolean>, boundMs = 180_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await look())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${boundMs / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Tally {
  leads: number;
  tasks: number;
  taskLeads: number;
  runs: number;
  actions: number;
  open: number;
  undispatched: number;
  notifications: number;
}

async function tally(pool: Pool, t: TestTenant): Promise<Tally> {
  const { rows } = await pool.query<Tally>(
    `SELECT (SELECT count(*) FROM ${t.tenant.schema}.lead)::int AS leads,
            (SELECT count(*) FROM ${t.tenant.schema}.activity)::int AS tasks,
            (SELECT count(DISTINCT lead) FROM ${t.tenant.schema}.activity)::int AS "taskLeads",
            (SELECT count(*) FROM platform.automation_runs WHERE tenant_id = $1)::int AS runs,
            (SELECT count(*) FROM platform.automation_actions a JOIN platform.automation_runs r ON r.id = a.run_id WHERE r.tenant_id = $1 AND a.status = 'done')::int AS actions,
            (SELECT count(*) FROM platform.automation_actions a JOIN platform.automation_runs r ON r.id = a.run_id WHERE r.tenant_id = $1 AND a.status <> 'done')::int AS open,
            (SELECT count(*) FROM platform.automation_events WHERE tenant_id = $1 AND dispatched_at IS NULL)::int AS undispatched,
            (SELECT count(*) FROM platform.notifications WHERE tenant_id = $1)::int AS notifications`,
    [t.tenant.id],
  );
  return rows[0]!;
}

/** Every committed lead has its run, one task and one notification; nothing is left to do. */
function exactlyOnce(x: Tally): boolean {
  return x.undispatched === 0 && x.open === 0 && x.runs === x.leads && x.actions === 2 * x.leads && x.tasks === x.leads && x.notifications === x.leads;
}

/** Creates leads through the API, `parallel` at a time, until `stop` says so or `total` were sent; counts the answers. */
async function burst(url: string, token: string, prefix: string, total: number, parallel: number, stop: () => boolean) {
  let next = 0;
  const ok: string[] = [];
  let failed = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < total && !stop()) {
        const name = `${prefix} ${next++}`;
        try {
          const res = await gql<{ createLead: { id: string } }>(url, CREATE_LEAD, { name }, token);
          if (res.data?.createLead?.id) ok.push(res.data.createLead.id);
          else failed++;
        } catch {
          failed++; // the server went away mid-request: this write may or may not have committed
        }
      }
    }),
  );
  return { ok, failed, sent: next };
}

async function setUp(prefix: string): Promise<{ pool: Pool; url: string; t: TestTenant; ctx: RecordContext }> {
  const url = await isolatedDatabaseUrl(prefix);
  const pool = await testPool(url);
  const t = await newTenant(pool);
  const ctx = recordContext(pool, t, (await applyDocs(pool, t, [...salesModel(), RULE])).model);
  return { pool, url, t, ctx };
}

const pools: Pool[] = [];
afterAll(async () => {
  for (const c of children)
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      await once(c, 'exit');
    }
  for (const p of pools) await p.end();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a server killed during a burst of triggering writes', () => {
  let env: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    env = await setUp('crash');
    pools.push(env.pool);
  });

  it('comes back and runs every committed write’s actions exactly once, none for rolled-back writes', async () => {
    const { pool, t, ctx } = env;
    const first = await startProcess(env.url);
    const token = await login(first.url, t.tenant.slug, t.email);
    const TOTAL = 1000;
    const KILL_AFTER = 300;
    let killed = false;
    const writes = burst(first.url, token, 'Lead', TOTAL, 8, () => killed);
    // Writes that roll back (in the test's own transaction) trigger nothing.
    await withTransaction(pool, async (tx) => {
      for (let i = 0; i < 5; i++) await createRecord({ ...ctx, db: tx, inTransaction: true }, 'lead', { name: `Rolled back ${i}` });
      throw new Error('roll back');
    }).catch(() => undefined);
    // Kill outright once a good part of the burst is in and automation has work in hand.
    await until('300 leads written, automation under way with work left', async () => {
      const x = await tally(pool, t);
      return x.leads >= KILL_AFTER && x.runs > 0 && (x.open > 0 || x.undispatched > 0);
    });
    first.child.kill('SIGKILL');
    killed = true;
    await once(first.child, 'exit');
    const result = await writes;
    expect(result.sent).toBeLessThan(TOTAL); // the kill came during the burst

    const second = await startProcess(env.url);
    await until('every committed lead has its actions, once', async () => exactlyOnce(await tally(pool, t)));
    const end = await tally(pool, t);
    expect(end.leads).toBeGreaterThanOrEqual(result.ok.length); // every answered write committed
    expect(end).toMatchObject({ tasks: end.leads, taskLeads: end.leads, runs: end.leads, notifications: end.leads, open: 0 });
    const { rows: stray } = await pool.query(
      `SELECT (SELECT count(*) FROM ${t.tenant.schema}.lead WHERE name LIKE 'Rolled back%')::int AS leads,
              (SELECT count(*) FROM ${t.tenant.schema}.activity WHERE subject LIKE 'Call Rolled back%')::int AS tasks`,
    );
    expect(stray[0]).toEqual({ leads: 0, tasks: 0 });
    const { rows: answeredLeads } = await pool.query(`SELECT count(*)::int AS n FROM ${t.tenant.schema}.activity WHERE lead = ANY($1::uuid[])`, [result.ok]);
    expect(answeredLeads[0].n).toBe(result.ok.length);
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
  });
});

describe('two server processes on one queue', () => {
  let env: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    env = await setUp('twoproc');
    pools.push(env.pool);
  });

  it('runs no action twice', async () => {
    const { pool, t } = env;
    const servers = [await startProcess(env.url), await startProcess(env.url)];
    const tokens = await Promise.all(servers.map((s) => login(s.url, t.tenant.slug, t.email)));
    const results = await Promise.all(servers.map((s, i) => burst(s.url, tokens[i]!, `Server ${i}`, 300, 4, () => false)));
    expect(results.map((r) => [r.ok.length, r.failed])).toEqual([
      [300, 0],
      [300, 0],
    ]);
    await until('every lead has its actions, once', async () => exactlyOnce(await tally(pool, t)));
    expect(await tally(pool, t)).toMatchObject({ leads: 600, tasks: 600, taskLeads: 600, runs: 600, actions: 1200, notifications: 600 });
    const { rows } = await pool.query<{ attempts: number; n: number }>(
      `SELECT a.attempts, count(*)::int AS n FROM platform.automation_actions a JOIN platform.automation_runs r ON r.id = a.run_id WHERE r.tenant_id = $1 GROUP BY a.attempts`,
      [t.tenant.id],
    );
    expect(rows).toEqual([{ attempts: 1, n: 1200 }]);
    for (const s of servers) {
      s.child.kill('SIGTERM');
      await once(s.child, 'exit');
    }
  });
});
