/**
 * Tenant provisioning for operators (issue 8, item 10): `npm run tenant -- create …` (the built command, as
 * `npm run tenant` runs it after building) creates a tenant and its admin; the admin signs in through the API.
 * Bad requests are refused with a coded error and create nothing.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTenantBySlug, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { login, ok, platformGql, startTestServer } from '../../support/api.js';
import { databaseUrl, ormOf, testPool, uniqueSlug } from '../../support/db.js';

const CLI = new URL('../../../apps/server/dist/tenant-cli.js', import.meta.url);
let server: RunningServer;
let pool: Pool;

/** Runs the command; resolves with its exit code and output whatever the code. */
async function tenantCommand(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(CLI)) throw new Error('apps/server/dist is missing: run `npm run build` (npm test does it first)');
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI.pathname, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl() } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

describe('npm run tenant', () => {
  it('creates a tenant whose admin signs in with the password printed once', async () => {
    const slug = uniqueSlug('acme');
    const run = await tenantCommand('create', slug, '--admin-email', `ops@${slug}.test`, '--currency', 'EUR', '--name', 'Acme Ltd');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`tenant "${slug}" created (currency EUR); admin ops@${slug}.test`);
    const password = /password: (\S+)/.exec(run.stdout)?.[1];
    expect(password).toBeDefined();
    const token = await login(server.url, slug, `ops@${slug}.test`, password);
    const me = ok(await platformGql(server.url, '{ me { email roles } tenant { slug currency } objects { name } }', {}, token));
    expect(me).toEqual({ me: { email: `ops@${slug}.test`, roles: ['admin'] }, tenant: { slug, currency: 'EUR' }, objects: [] });
  });

  it('takes a given password (and prints none)', async () => {
    const slug = uniqueSlug('given');
    const run = await tenantCommand('create', slug, '--admin-email', `ops@${slug}.test`, '--password', 'correct horse battery');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('password:');
    expect(await login(server.url, slug, `ops@${slug}.test`, 'correct horse battery')).toEqual(expect.any(String));
  });

  it('refuses a taken slug and invalid input with coded errors, creating nothing', async () => {
    const slug = uniqueSlug('twice');
    expect((await tenantCommand('create', slug, '--admin-email', `a@${slug}.test`)).code).toBe(0);
    const again = await tenantCommand('create', slug, '--admin-email', `b@${slug}.test`);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`CONFLICT: A tenant "${slug}" exists already`);
    await expect(login(server.url, slug, `b@${slug}.test`, 'whatever')).rejects.toThrow(/login failed/);
    const bad = uniqueSlug('bad');
    const invalid = await tenantCommand('create', bad, '--admin-email', 'not-an-email', '--currency', 'euro', '--password', 'short');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('VALIDATION_FAILED: Invalid tenant');
    for (const path of ['adminEmail', 'currency', 'password']) expect(invalid.stderr).toContain(`  ${path}: `);
    expect(await findTenantBySlug(ormOf(pool), bad)).toBeUndefined();
    expect((await tenantCommand('create', bad)).code).toBe(2);
    // The server still answers.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
