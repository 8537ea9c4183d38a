/** Starts one real PostgreSQL (embedded) for the whole run, in a fresh temporary folder. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../libs/storage/src/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'funnelcraft-test-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as its own user when we are root
  const db = await startEmbeddedPostgres(dir);
  project.provide('databaseUrl', db.connectionString);
  return async () => {
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
