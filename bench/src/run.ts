/**
 * `npm run bench [-- --quick] [group …]`: starts a fresh embedded PostgreSQL and the server, runs the groups,
 * prints `group.figure value unit` lines and writes bench/results/latest.json.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSetting, openPlatformOrm, startEmbeddedPostgres } from '@funnelcraft/storage';
import { benchContext, type BenchContext } from './context.js';
import { Report } from './report.js';
import { startServerProcess } from './server-process.js';
import { listsGroup } from './lists.js';
import { automationGroup } from './automation.js';
import { pipelineGroup } from './pipeline.js';
import { spine } from './spine.js';
import { analyticsGroup } from './analytics.js';
import { usersGroup } from './users.js';

const GROUPS: Record<string, (ctx: BenchContext) => Promise<void>> = {
  spine,
  pipeline: pipelineGroup,
  lists: listsGroup,
  analytics: analyticsGroup,
  automation: automationGroup,
  users: usersGroup,
  studio: (ctx) => import('./studio.js').then((m) => m.studioGroup(ctx)),
};

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => !a.startsWith('--'));
const unknown = wanted.filter((g) => !GROUPS[g]);
if (unknown.length) {
  console.error(`unknown group(s): ${unknown.join(', ')}; known: ${Object.keys(GROUPS).join(', ')}`);
  process.exit(2);
}
const groups = wanted.length ? wanted : Object.keys(GROUPS);

const dir = mkdtempSync(join(tmpdir(), 'funnelcraft-bench-'));
chmodSync(dir, 0o755);
const db = await startEmbeddedPostgres(dir);
const server = await startServerProcess(db.connectionString);
const settings = await openPlatformOrm(db.connectionString, 1);
const secret = await getSetting(settings, 'auth.secret');
await settings.close();
if (!secret) throw new Error('the server did not create its signing secret');
const report = new Report();
const ctx = benchContext(server.url, secret, db.connectionString, quick, report);
try {
  for (const g of groups) {
    const t0 = Date.now();
    await GROUPS[g]!(ctx);
    console.log(`# ${g} took ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  console.log(`# wrote ${report.write(quick)}`);
} finally {
  await ctx.close();
  await server.stop();
  await db.stop();
  rmSync(dir, { recursive: true, force: true });
}
