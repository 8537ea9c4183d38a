import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { applyDocs, databaseUrl, newTenant, testPool } from '../../support/db.js';
import { objectDoc } from '../../support/docs.js';

const BUILT_SERVER = new URL('../../../apps/server/dist/main.js', import.meta.url);

/** Starts the built server as a second process on the same database; resolves with its URL once it serves. */
async function startSecondProcess(): Promise<{ url: string; child: ChildProcess }> {
  if (!existsSync(BUILT_SERVER)) throw new Error('apps/server/dist is missing: run `npm run build` (npm test does it first)');
  const port = await freePort();
  const child = spawn(process.execPath, [BUILT_SERVER.pathname], {
    env: { ...process.env, DATABASE_URL: databaseUrl(), PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  await Promise.race([
    new Promise<void>((resolve) => child.stdout!.on('data', () => output.includes('serving on') && resolve())),
    once(child, 'exit').then(([code]) => {
      throw new Error(`second server exited with ${code}: ${output}`);
    }),
  ]);
  return { url: `http://127.0.0.1:${port}`, child };
}

const fieldsOf = async (url: string, token: string, type: string): Promise<string[]> =>
  (ok(await gql(url, 'query($t: String!) { __type(name: $t) { fields { name } } }', { t: type }, token)).__type?.fields ?? []).map(
    (f: { name: string }) => f.name,
  );

describe('definitions change live', () => {
  let server: RunningServer;
  let second: { url: string; child: ChildProcess };
  let pool: Pool;
  beforeAll(async () => {
    pool = await testPool();
    server = await startTestServer();
    second = await startSecondProcess();
  });
  afterAll(async () => {
    second?.child.kill('SIGTERM');
    if (second) await once(second.child, 'exit');
    await server?.close();
    await pool?.end();
  });

  it('shows a change on the next request of the same server, and on a second server process within one second', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, [objectDoc('gadget', { label: { 'x-kind': 'text' } })]);
    const token = await login(server.url, t.tenant.slug, t.email);
    expect(await fieldsOf(second.url, token, 'Gadget')).toContain('label');
    expect(await fieldsOf(second.url, token, 'Gadget')).not.toContain('weight');

    ok(
      await platformGql(
        server.url,
        'mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { version } }',
        { d: [objectDoc('gadget', { label: { 'x-kind': 'text' }, weight: { 'x-kind': 'number' } })] },
        token,
      ),
    );
    const appliedAt = Date.now();
    expect(await fieldsOf(server.url, token, 'Gadget')).toContain('weight');

    let seenAfter = Infinity;
    while (Date.now() - appliedAt < 1000) {
      if ((await fieldsOf(second.url, token, 'Gadget')).includes('weight')) {
        seenAfter = Date.now() - appliedAt;
        break;
      }
    }
    expect(seenAfter).toBeLessThan(1000);
    // The second process serves writes against the new column too.
    const created = ok(await gql(second.url, 'mutation { createGadget(input: {label: "g", weight: 2.5}) { weight } }', {}, token));
    expect(created.createGadget.weight).toBe(2.5);
  });
});
