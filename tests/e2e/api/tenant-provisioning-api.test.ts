/**
 * The operator's createTenant mutation (issue 8 item 10): only a caller sending OPERATOR_TOKEN as its bearer token
 * may provision a tenant; a tenant admin is refused, as is everyone when the setting is unset. Bad requests are
 * coded errors that create nothing; the new tenant's admin signs in and works at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTenantBySlug, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer, type GqlResponse } from '../../support/api.js';
import { newTenant, ormOf, testPool, uniqueSlug } from '../../support/db.js';
import { objectDoc } from '../../support/docs.js';

const OPERATOR_TOKEN = 'op-test-token-0123456789-abcdefghijklmnop';
const CREATE = `mutation($i: CreateTenantInput!) {
  createTenant(input: $i) { tenant { id slug currency } admin { email roles } generatedPassword } }`;

let server: RunningServer;
let closed: RunningServer;
let pool: Pool;
const createTenant = (input: Record<string, unknown>, token?: string, on = server) => platformGql(on.url, CREATE, { i: input }, token);
const exists = async (slug: string) => Boolean(await findTenantBySlug(ormOf(pool), slug));

function expectRefused(res: GqlResponse, code: string, paths: string[]): void {
  expect(res.errors?.[0]?.extensions.code, JSON.stringify(res.errors)).toBe(code);
  expect(res.errors![0]!.extensions.details!.map((d) => d.path).sort()).toEqual([...paths].sort());
  expect(res.data?.['createTenant'] ?? null).toBeNull();
}

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer({ operatorToken: OPERATOR_TOKEN });
  closed = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  await closed?.close();
  await pool?.end();
});

describe('createTenant', () => {
  it('provisions a tenant whose admin signs in with the password answered once, and works at once', async () => {
    const slug = uniqueSlug('corp');
    const made = ok(await createTenant({ slug, adminEmail: `boss@${slug}.test`, currency: 'CNY', name: 'Corp 公司' }, OPERATOR_TOKEN)).createTenant;
    expect(made).toMatchObject({ tenant: { slug, currency: 'CNY' }, admin: { email: `boss@${slug}.test`, roles: ['admin'] } });
    expect(made.generatedPassword).toMatch(/^\S{12,}$/);
    const token = await login(server.url, slug, `boss@${slug}.test`, made.generatedPassword);
    ok(
      await platformGql(
        server.url,
        'mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { version } }',
        { d: [objectDoc('note', { title: { 'x-kind': 'text' } })] },
        token,
      ),
    );
    expect(ok(await gql(server.url, 'mutation { createNote(input: { title: "first" }) { title } }', {}, token)).createNote).toEqual({ title: 'first' });

    const chosen = uniqueSlug('own');
    const withPassword = ok(await createTenant({ slug: chosen, adminEmail: `a@${chosen}.test`, password: 'correct horse battery' }, OPERATOR_TOKEN));
    expect(withPassword.createTenant).toMatchObject({ tenant: { slug: chosen, currency: 'USD' }, generatedPassword: null });
    await login(server.url, chosen, `a@${chosen}.test`, 'correct horse battery');
  });

  it('refuses callers without the operator token, a tenant admin included, and creates nothing', async () => {
    const admin = await newTenant(pool);
    const adminToken = await login(server.url, admin.tenant.slug, admin.email);
    const slug = uniqueSlug('nope');
    const request = { slug, adminEmail: `x@${slug}.test` };
    expect((await createTenant(request)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expectRefused(await createTenant(request, adminToken), 'FORBIDDEN', ['authorization']);
    expectRefused(await createTenant(request, `${OPERATOR_TOKEN}x`), 'FORBIDDEN', ['authorization']);
    expectRefused(await createTenant(request, OPERATOR_TOKEN.slice(0, -1)), 'FORBIDDEN', ['authorization']);
    expect(await exists(slug)).toBe(false);
  });

  it('is off when the server has no OPERATOR_TOKEN, whatever the caller sends', async () => {
    const slug = uniqueSlug('off');
    const res = await createTenant({ slug, adminEmail: `x@${slug}.test` }, OPERATOR_TOKEN, closed);
    expectRefused(res, 'FORBIDDEN', ['authorization']);
    expect(res.errors![0]!.message).toMatch(/OPERATOR_TOKEN/);
    expect(await exists(slug)).toBe(false);
  });

  it('refuses a bad request naming each field, and a taken slug with CONFLICT, creating nothing', async () => {
    const bad = await createTenant({ slug: 'Not A Slug', adminEmail: 'nobody', currency: 'EURO', password: 'short' }, OPERATOR_TOKEN);
    expectRefused(bad, 'VALIDATION_FAILED', ['slug', 'adminEmail', 'currency', 'password']);
    const taken = await newTenant(pool);
    expectRefused(await createTenant({ slug: taken.tenant.slug, adminEmail: 'y@z.test' }, OPERATOR_TOKEN), 'CONFLICT', ['slug']);
    // The server still answers a normal request quickly afterwards.
    const token = await login(server.url, taken.tenant.slug, taken.email);
    expect(ok(await platformGql(server.url, '{ me { email } }', {}, token)).me.email).toBe(taken.email);
  });

  it('gives two racing requests for one slug one tenant and one CONFLICT', async () => {
    const slug = uniqueSlug('race');
    const results = await Promise.all([1, 2].map((n) => createTenant({ slug, adminEmail: `r${n}@${slug}.test` }, OPERATOR_TOKEN)));
    expect(results.map((r) => r.errors?.[0]?.extensions.code ?? 'ok').sort()).toEqual(['CONFLICT', 'ok']);
  });
});
