/**
 * Waiting on automation without sleeping: look, then wait for the next sign of activity and look again. Activity
 * is a notification on AUTOMATION_ACTIVITY_CHANNEL (sent at commit by whichever server's worker ran the job:
 * test files share one queue, so it may be another process's) or the server's own `activity` event. Bounded by
 * rounds and, in the end, by the test's timeout.
 */
import { AUTOMATION_ACTIVITY_CHANNEL, listRuns, type Pool, type PoolClient, type RunLogEntry } from '@funnelcraft/storage';
import type { RunningServer } from '../../apps/server/src/server.js';

interface Listener {
  client: Promise<PoolClient>;
  waiters: Set<() => void>;
}
const listeners = new WeakMap<Pool, Listener>();

/** One LISTENing connection per pool, released when the pool ends. */
function listenerOf(pool: Pool): Listener {
  let l = listeners.get(pool);
  if (!l) {
    const waiters = new Set<() => void>();
    const client = (async () => {
      const c = await pool.connect();
      c.on('notification', () => {
        for (const w of [...waiters]) w();
      });
      await c.query(`LISTEN ${AUTOMATION_ACTIVITY_CHANNEL}`);
      const end = pool.end.bind(pool);
      pool.end = (async () => {
        c.release();
        await end();
      }) as Pool['end'];
      return c;
    })();
    l = { client, waiters };
    listeners.set(pool, l);
  }
  return l;
}

/** Calls `look` until it returns a value other than undefined, waiting for automation activity between looks. */
export async function untilActivity<T>(pool: Pool, servers: RunningServer[], look: () => Promise<T | undefined>, rounds = 2000): Promise<T> {
  const l = listenerOf(pool);
  await l.client;
  for (let i = 0; i < rounds; i++) {
    // Listen before looking, so activity between the look and the wait is not missed.
    let wake!: () => void;
    const next = new Promise<void>((resolve) => (wake = resolve));
    l.waiters.add(wake);
    for (const s of servers) s.platform.automation?.events.once('activity', wake);
    try {
      const found = await look();
      if (found !== undefined) return found;
      await next;
    } finally {
      l.waiters.delete(wake);
      for (const s of servers) s.platform.automation?.events.off('activity', wake);
    }
  }
  throw new Error(`automation did not settle after ${rounds} rounds of activity`);
}

export async function untilRuns(
  server: RunningServer,
  pool: Pool,
  tenantId: string,
  done: (runs: RunLogEntry[]) => boolean,
  filter: { rule?: string; object?: string; recordId?: string } = {},
  rounds = 2000,
): Promise<RunLogEntry[]> {
  let runs: RunLogEntry[] = [];
  try {
    return await untilActivity(
      pool,
      [server],
      async () => {
        runs = await listRuns(pool, tenantId, { ...filter, limit: 200 });
        return done(runs) ? runs : undefined;
      },
      rounds,
    );
  } catch {
    throw new Error(`the run log did not settle: ${JSON.stringify(runs, null, 1)}`);
  }
}

export const settled = (runs: RunLogEntry[]) => runs.length > 0 && runs.every((r) => r.actions.every((a) => a.status === 'done' || a.status === 'dead'));
