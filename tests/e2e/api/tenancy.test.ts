import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, testPool, type TestTenant } from '../../support/db.js';
import { objectDoc } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let a: TestTenant;
let b: TestTenant;
let tokenA: string;
let tokenB: string;

const secretDoc = objectDoc('secretPlan', { codename: { 'x-kind': 'text' } });
const shared = objectDoc('note', { body: { 'x-kind': 'text' } });

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  [a, b] = [await newTenant(pool), await newTenant(pool)];
  await applyDocs(pool, a, [shared, secretDoc]);
  await applyDocs(pool, b, [shared]);
  tokenA = await login(server.url, a.tenant.slug, a.email);
  tokenB = await login(server.url, b.tenant.slug, b.email);
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

describe('tenant isolation', () => {
  it('keeps records apart even for objects of the same name', async () => {
    const { id } = ok(await gql(server.url, 'mutation { createNote(input: {body: "A only"}) { id } }', {}, tokenA)).createNote;
    expect(ok(await gql(server.url, '{ notes { totalCount } }', {}, tokenB)).notes.totalCount).toBe(0);
    expect(ok(await gql(server.url, 'query($id: ID!) { note(id: $id) { body } }', { id }, tokenB)).note).toBeNull();
    const update = await gql(server.url, 'mutation($id: ID!) { updateNote(id: $id, version: 1, input: {body: "B was here"}) { id } }', { id }, tokenB);
    expect(update.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const del = await gql(server.url, 'mutation($id: ID!) { deleteNote(id: $id) { id } }', { id }, tokenB);
    expect(del.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(ok(await gql(server.url, 'query($id: ID!) { note(id: $id) { body version } }', { id }, tokenA)).note).toEqual({ body: 'A only', version: 1 });
  });

  it('hides one tenant’s objects and metadata from the other', async () => {
    const guess = await gql(server.url, '{ secretPlans { totalCount } }', {}, tokenB);
    expect(guess.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const types = ok(await gql(server.url, '{ __schema { types { name } } }', {}, tokenB)).__schema.types.map((t: { name: string }) => t.name);
    expect(types).toContain('Note');
    expect(types).not.toContain('SecretPlan');
    expect(ok(await platformGql(server.url, '{ objects { name } }', {}, tokenB)).objects).toEqual([{ name: 'note' }]);
    expect(ok(await platformGql(server.url, '{ definitionHistory { version } }', {}, tokenB)).definitionHistory).toEqual([{ version: 1 }]);
    const types0 = ok(await gql(server.url, '{ __schema { types { name } } }', {})).__schema.types.map((t: { name: string }) => t.name);
    expect(types0).not.toContain('Note');
  });

  it('refuses missing, forged and tampered tokens', async () => {
    const anonymous = await platformGql(server.url, '{ objects { name } }');
    expect(anonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const forged = await gql(server.url, '{ notes { totalCount } }', {}, `${tokenA.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    // A token of A re-labelled with B's tenant keeps A's signature: refused.
    const [header, body, signature] = tokenA.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const swapped = Buffer.from(JSON.stringify({ ...claims, tid: b.tenant.id, ten: b.tenant.slug })).toString('base64url');
    const tampered = await gql(server.url, '{ notes { totalCount } }', {}, `${header}.${swapped}.${signature}`);
    expect(tampered.status).toBe(401);
    // A header naming another tenant changes nothing: the tenant comes from the token.
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenB}`, 'x-tenant': a.tenant.slug },
      body: JSON.stringify({ query: '{ tenant { slug } notes { totalCount } }' }),
    });
    expect(((await res.json()) as { data: unknown }).data).toEqual({ tenant: { slug: b.tenant.slug }, notes: { totalCount: 0 } });
    const wrongPassword = await gql(server.url, 'mutation { login(tenant: "x", email: "y", password: "z") { token } }');
    expect(wrongPassword.errors?.[0]).toMatchObject({ message: 'Wrong tenant, email or password', extensions: { code: 'UNAUTHENTICATED' } });
    const crossLogin = await gql(server.url, 'mutation($t: String!, $e: String!) { login(tenant: $t, email: $e, password: "password") { token } }', {
      t: b.tenant.slug,
      e: a.email,
    });
    expect(crossLogin.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('lets one tenant change its definitions without touching the other, and shares compiled schemas by content', async () => {
    const c = await newTenant(pool);
    await applyDocs(pool, c, [shared]);
    const [mb, mc] = await Promise.all([server.platform.schemas.modelFor(b.tenant), server.platform.schemas.modelFor(c.tenant)]);
    expect(mb).toBe(mc);
    expect(server.platform.schemas.executorFor(mb)).toBe(server.platform.schemas.executorFor(mc));
    const tokenC = await login(server.url, c.tenant.slug, c.email);
    ok(
      await platformGql(
        server.url,
        'mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { version } }',
        { d: [objectDoc('note', { body: { 'x-kind': 'text' }, pinned: { 'x-kind': 'boolean' } })] },
        tokenC,
      ),
    );
    expect(
      ok(await gql(server.url, '{ createNote: __type(name: "Note") { fields { name } } }', {}, tokenC)).createNote.fields.map((f: { name: string }) => f.name),
    ).toContain('pinned');
    expect(
      ok(await gql(server.url, '{ t: __type(name: "Note") { fields { name } } }', {}, tokenB)).t.fields.map((f: { name: string }) => f.name),
    ).not.toContain('pinned');
  });
});
