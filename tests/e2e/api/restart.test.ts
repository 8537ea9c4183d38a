import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@funnelcraft/storage';

const BUILT_SERVER = new URL('../../../apps/server/dist/main.js', import.meta.url);
const dataDir = mkdtempSync(join(tmpdir(), 'funnelcraft-restart-'));
chmodSync(dataDir, 0o755);
const children: ChildProcess[] = [];

/** `npm start`'s server on its own embedded PostgreSQL (no DATABASE_URL), resolved once it serves. */
async function start(): Promise<{ child: ChildProcess; url: string }> {
  if (!existsSync(BUILT_SERVER)) throw new Error('apps/server/dist is missing: run `npm run build` (npm test does it first)');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'false' };
  delete env['DATABASE_URL'];
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
  return { child, url: `http://127.0.0.1:${port}` };
}

afterAll(async () => {
  for (const c of children)
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      await once(c, 'exit');
    }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('restarts on the embedded database', () => {
  it('comes back after being killed outright, taking over the database it left running', async () => {
    const first = await start();
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    first.child.kill('SIGKILL'); // no shutdown hook runs: PostgreSQL is left behind, holding the data folder
    await once(first.child, 'exit');
    const second = await start();
    expect((await fetch(`${second.url}/health`)).status).toBe(200);
  });
});
