/** Waiting on automation without sleeping: poll the run log each time the server reports activity (bounded). */
import { listRuns, type Pool, type RunLogEntry } from '@funnelcraft/storage';
import type { RunningServer } from '../../apps/server/src/server.js';

export async function untilRuns(
  server: RunningServer,
  pool: Pool,
  tenantId: string,
  done: (runs: RunLogEntry[]) => boolean,
  filter: { rule?: string } = {},
  rounds = 200,
): Promise<RunLogEntry[]> {
  let runs: RunLogEntry[] = [];
  for (let i = 0; i < rounds; i++) {
    // Listen before looking, so activity between the look and the wait is not missed. Another test process's
    // server may run the job (one shared queue): then no event comes here, and a round ends after 250 ms.
    let timer: NodeJS.Timeout | undefined;
    const next = new Promise<void>((resolve) => {
      server.platform.automation!.events.once('activity', resolve);
      timer = setTimeout(resolve, 250);
    });
    runs = await listRuns(pool, tenantId, { ...filter, limit: 100 });
    if (done(runs)) {
      clearTimeout(timer);
      return runs;
    }
    await next;
    clearTimeout(timer);
  }
  throw new Error(`the run log did not settle: ${JSON.stringify(runs, null, 1)}`);
}

export const settled = (runs: RunLogEntry[]) => runs.length > 0 && runs.every((r) => r.actions.every((a) => a.status === 'done' || a.status === 'dead'));
