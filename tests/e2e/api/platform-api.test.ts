/**
 * The platform API at /graphql/platform, through HTTP on the real database: every operation, the role rule
 * (a member is refused admin operations and nothing changes), sign-in required, tenants isolated.
 */
import { readFileSync } from 'node:fs';
import { buildClientSchema, buildSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, ok, platformGql, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, PASSWORD, testPool, type TestTenant } from '../../support/db.js';
import { objectDoc, salesModel } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let admin: string;
/** `as`: a token, or null for none. */
const call = (query: string, variables: Record<string, unknown> = {}, as: string | null = admin) => platformGql(server.url, query, variables, as ?? undefined);
const codeOf = (res: { errors?: { extensions: { code: string } }[] }) => res.errors?.[0]?.extensions.code;

async function signIn(tenant: string, email: string, password = PASSWORD): Promise<string> {
  return ok(
    await call(
      'mutation($t: String!, $e: String!, $p: String!) { login(tenant: $t, email: $e, password: $p) { token } }',
      { t: tenant, e: email, p: password },
      null,
    ),
  ).login.token;
}

/** What an admin operation could change, to show a refused one changed nothing. */
async function snapshot(tenantId: string) {
  const one = async (sql: string) => (await pool.query(sql, [tenantId])).rows;
  return {
    versions: await one('SELECT version, hash FROM platform.definition_versions WHERE tenant_id = $1 ORDER BY version'),
    users: await one('SELECT email, roles FROM platform.users WHERE tenant_id = $1 ORDER BY email'),
    rates: await one('SELECT currency, rate FROM platform.currency_rates WHERE tenant_id = $1 ORDER BY currency'),
  };
}

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, salesModel());
  admin = await signIn(t.tenant.slug, t.email);
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

describe('sign-in', () => {
  it('signs in, and tells who and where from the token', async () => {
    const res = ok(
      await call(
        'mutation($t: String!, $e: String!, $p: String!) { login(tenant: $t, email: $e, password: $p) { token user { email roles } tenant { slug currency } } }',
        { t: t.tenant.slug, e: t.email, p: PASSWORD },
        'not-a-token',
      ),
    );
    expect(res.login).toMatchObject({ user: { email: t.email, roles: ['admin'] }, tenant: { slug: t.tenant.slug, currency: 'USD' } });
    expect(ok(await call('{ me { id email } tenant { id slug } }'))).toEqual({
      me: { id: t.actor.userId, email: t.email },
      tenant: { id: t.tenant.id, slug: t.tenant.slug },
    });
    const wrong = await call('mutation { login(tenant: "nope", email: "a@b.c", password: "x") { token } }', {}, null);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', details: [] });
  });

  it('refuses every other operation without a valid token', async () => {
    for (const query of ['{ me { id } }', '{ users { id } }', '{ objects { name } }', 'mutation { setCurrencyRates(rates: []) { currency } }']) {
      expect(codeOf(await call(query, {}, null)), query).toBe('UNAUTHENTICATED');
      expect(codeOf(await call(query, {}, 'garbage')), query).toBe('UNAUTHENTICATED');
    }
  });

  it('keeps login, me and tenant on /graphql too, and nothing else of the platform', async () => {
    const res = ok(
      await gql(server.url, 'mutation($t: String!, $e: String!, $p: String!) { login(tenant: $t, email: $e, password: $p) { token } }', {
        t: t.tenant.slug,
        e: t.email,
        p: PASSWORD,
      }),
    );
    expect(ok(await gql(server.url, '{ me { email } tenant { slug } }', {}, res.login.token))).toEqual({
      me: { email: t.email },
      tenant: { slug: t.tenant.slug },
    });
    // The rest of the platform is not part of the generated data API any more.
    for (const query of ['{ users { id } }', '{ objects { name } }', '{ definitions }', 'mutation { setCurrencyRates(rates: []) { currency } }']) {
      expect(codeOf(await gql(server.url, query, {}, res.login.token)), query).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });
});

describe('definitions', () => {
  const project = objectDoc('project', { title: { 'x-kind': 'text' }, budget: { 'x-kind': 'number' } }, { required: ['title'] });

  it('plans without writing, applies, and shows the applied model', async () => {
    const before = await snapshot(t.tenant.id);
    const dry = ok(
      await call('mutation($d: [JSON!]!) { applyDefinitions(documents: $d, dryRun: true) { applied version steps { action object sql } } }', { d: [project] }),
    ).applyDefinitions;
    expect(dry).toMatchObject({ applied: false, version: before.versions.length });
    expect(dry.steps[0]).toMatchObject({ action: 'create_object', object: 'project' });
    expect(await snapshot(t.tenant.id)).toEqual(before);
    const applied = ok(await call('mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { applied version } }', { d: [project] })).applyDefinitions;
    expect(applied).toEqual({ applied: true, version: before.versions.length + 1 });
    // The data API serves the new object at once.
    ok(await gql(server.url, 'mutation { createProject(input: { title: "Alpha" }) { id } }', {}, admin));

    const meta = ok(
      await call('{ object(name: "project") { name plural hasConversion recordSchema fields { name kind required readOnly } } objects { name } }'),
    );
    expect(meta.object).toMatchObject({ name: 'project', plural: 'projects', hasConversion: false, recordSchema: { required: ['title'] } });
    expect(meta.object.fields).toEqual(expect.arrayContaining([{ name: 'title', kind: 'text', required: true, readOnly: false }]));
    expect(meta.objects.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['account', 'opportunity', 'project']));
    expect(ok(await call('{ object(name: "lead") { hasConversion } }')).object.hasConversion).toBe(true);
    expect(ok(await call('{ object(name: "nothing") { name } }')).object).toBeNull();
    const pipelines = ok(await call('{ pipelines(object: "opportunity") { key object stages { key category } } }')).pipelines;
    expect(pipelines[0]).toMatchObject({ object: 'opportunity', stages: expect.arrayContaining([{ key: 'proposal', category: 'open' }]) });
    const documents = ok(await call('{ definitions }')).definitions as { 'x-object'?: string }[];
    expect(documents.find((d) => d['x-object'] === 'project')).toEqual(project);
    const history = ok(await call('{ definitionHistory(first: 1) { version appliedBy plan } }')).definitionHistory;
    expect(history).toEqual([expect.objectContaining({ version: applied.version, appliedBy: t.actor.userId })]);
  });

  it('answers bad input with codes and paths', async () => {
    const invalid = await call('mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { applied } }', {
      d: [objectDoc('broken', { x: { 'x-kind': 'nope' } })],
    });
    expect(invalid.errors?.[0]?.extensions.code).toBe('INVALID_DEFINITION');
    expect(invalid.errors?.[0]?.extensions.details?.length).toBeGreaterThan(0);
    const history = await call('{ definitionHistory(first: 0) { version } }');
    expect(history.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: [{ path: 'first', message: 'between 1 and 500' }] });
    const unknown = await call('mutation { deleteObjects(names: ["ghost"], confirmDataLoss: true) { applied } }');
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', details: [{ path: 'deleteObjects.ghost' }] });
    const typeError = await call('mutation { deleteObjects(names: 3) { applied } }');
    expect(typeError.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', details: [] });
  });

  it('deletes objects only with confirmation when they hold data', async () => {
    ok(await call('mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { applied } }', { d: [objectDoc('scratch', { note: { 'x-kind': 'text' } })] }));
    ok(await gql(server.url, 'mutation { createScratch(input: { note: "keep?" }) { id } }', {}, admin));
    const unconfirmed = await call('mutation { deleteObjects(names: ["scratch"]) { applied } }');
    expect(unconfirmed.errors?.[0]?.extensions).toMatchObject({ code: 'CONFIRMATION_REQUIRED', details: [{ path: 'scratch', valuesLost: 1 }] });
    const dry = ok(await call('mutation { deleteObjects(names: ["scratch"], dryRun: true) { applied steps { action valuesLost } } }')).deleteObjects;
    expect(dry).toEqual({ applied: false, steps: [{ action: 'drop_object', valuesLost: 1 }] });
    expect(ok(await call('mutation { deleteObjects(names: ["scratch"], confirmDataLoss: true) { applied } }')).deleteObjects.applied).toBe(true);
    expect(ok(await call('{ object(name: "scratch") { name } }')).object).toBeNull();
  });
});

describe('users and roles', () => {
  let member: string;
  beforeAll(async () => {
    const created = ok(
      await call('mutation { createUser(email: "mia@example.com", name: "Mia", password: "member password", roles: ["member"]) { id email roles } }'),
    ).createUser;
    expect(created).toMatchObject({ email: 'mia@example.com', roles: ['member'] });
    member = await signIn(t.tenant.slug, 'mia@example.com', 'member password');
  });

  it('lists users, validates new ones, and defaults to member', async () => {
    const bad = await call('mutation { createUser(email: "not-an-email", name: "", password: "short", roles: ["owner"]) { id } }');
    expect(bad.errors?.[0]?.extensions.code).toBe('VALIDATION_FAILED');
    expect(bad.errors?.[0]?.extensions.details?.map((d) => d.path).sort()).toEqual(['email', 'name', 'password', 'roles[0]']);
    const plain = ok(await call('mutation { createUser(email: "max@example.com", name: "Max", password: "0123456789") { roles } }')).createUser;
    expect(plain.roles).toEqual(['member']);
    const users = ok(await call('{ users { email roles } }', {}, member)).users;
    expect(users).toEqual(
      expect.arrayContaining([
        { email: 'mia@example.com', roles: ['member'] },
        { email: t.email, roles: ['admin'] },
      ]),
    );
  });

  it('refuses a member every admin operation with FORBIDDEN, and changes nothing', async () => {
    const before = await snapshot(t.tenant.id);
    const refused = [
      ['mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { applied } }', { d: [objectDoc('sneaky', { x: { 'x-kind': 'text' } })] }],
      ['mutation($d: [JSON!]!) { applyDefinitions(documents: $d, dryRun: true) { applied } }', { d: [objectDoc('sneaky', { x: { 'x-kind': 'text' } })] }],
      ['mutation { createUser(email: "eve@example.com", name: "Eve", password: "0123456789", roles: ["admin"]) { id } }', {}],
      ['mutation { setCurrencyRates(rates: [{ currency: "EUR", rate: 9 }]) { currency } }', {}],
      ['mutation { deleteObjects(names: ["project"], confirmDataLoss: true) { applied } }', {}],
      ['{ definitionHistory { version } }', {}],
    ] as const;
    for (const [query, variables] of refused) {
      const res = await call(query, variables, member);
      expect(res.errors?.[0]?.extensions, query).toMatchObject({ code: 'FORBIDDEN' });
      expect(res.data).toBeNull();
    }
    expect(await snapshot(t.tenant.id)).toEqual(before);
    expect((await pool.query(`SELECT to_regclass($1) AS t`, [`${t.tenant.schema}.project`])).rows[0].t).not.toBeNull();
    // A member still reads the workspace and works with records.
    expect(ok(await call('{ objects { name } currencyRates { currency } definitions }', {}, member)).objects.length).toBeGreaterThan(0);
  });
});

describe('currency rates', () => {
  it('sets and lists rates, refusing bad ones whole', async () => {
    const rates = ok(
      await call('mutation { setCurrencyRates(rates: [{ currency: "EUR", rate: 1.1 }, { currency: "GBP", rate: 1.3 }]) { currency rate updatedAt } }'),
    ).setCurrencyRates;
    expect(rates.map((r: { currency: string; rate: number }) => [r.currency, r.rate])).toEqual([
      ['EUR', 1.1],
      ['GBP', 1.3],
    ]);
    const bad = await call(
      'mutation { setCurrencyRates(rates: [{ currency: "EUR", rate: 2 }, { currency: "eur", rate: -1 }, { currency: "EUR", rate: 3 }]) { currency } }',
    );
    expect(bad.errors?.[0]?.extensions.details?.map((d) => d.path)).toEqual(['rates[1].currency', 'rates[1].rate', 'rates[2].currency']);
    expect(ok(await call('{ currencyRates { currency rate } }')).currencyRates).toEqual([
      { currency: 'EUR', rate: 1.1 },
      { currency: 'GBP', rate: 1.3 },
    ]);
  });
});

describe('saved views and attachments metadata', () => {
  it('saves, lists and removes views', async () => {
    const view = ok(
      await call('mutation($d: JSON!) { saveView(object: "account", name: "Big ones", definition: $d) { id name shared ownerId } }', {
        d: { columns: ['name'], pageSize: 20 },
      }),
    ).saveView;
    expect(view).toMatchObject({ name: 'Big ones', shared: false, ownerId: t.actor.userId });
    expect(ok(await call('{ savedViews(object: "account") { id } }')).savedViews).toEqual([{ id: view.id }]);
    const bad = await call('mutation { saveView(object: "account", name: "", definition: { pageSize: 0 }) { id } }');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'name' }] });
    const badId = await call('mutation { deleteView(id: "x") }');
    expect(badId.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(ok(await call('mutation($id: ID!) { deleteView(id: $id) }', { id: view.id })).deleteView).toBe(true);
    expect(ok(await call('{ savedViews(object: "account") { id } }')).savedViews).toEqual([]);
  });

  it("lists a record's attachments and deletes none that are not there", async () => {
    const account = ok(await gql(server.url, 'mutation { createAccount(input: { name: "Meta Inc" }) { id } }', {}, admin)).createAccount;
    expect(ok(await call('query($r: ID!) { attachments(object: "account", recordId: $r) { id } }', { r: account.id })).attachments).toEqual([]);
    expect(ok(await call('mutation { deleteAttachment(id: "00000000-0000-7000-8000-000000000000") }')).deleteAttachment).toBe(false);
    const badId = await call('{ attachments(object: "account", recordId: "nope") { id } }');
    expect(badId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: [{ path: 'recordId' }] });
  });
});

describe('tenants', () => {
  it('keeps each tenant to its own users, definitions, rates and views', async () => {
    const other = await newTenant(pool);
    const token = await signIn(other.tenant.slug, other.email);
    const seen = ok(await call('{ tenant { slug } users { email } objects { name } currencyRates { currency } definitions }', {}, token));
    expect(seen).toEqual({ tenant: { slug: other.tenant.slug }, users: [{ email: other.email }], objects: [], currencyRates: [], definitions: [] });
    const mine = ok(await call('mutation { saveView(object: "account", name: "Shared", shared: true, definition: {}) { id } }')).saveView;
    expect(ok(await call('mutation($id: ID!) { deleteView(id: $id) }', { id: mine.id }, token)).deleteView).toBe(false);
    expect(codeOf(await call('{ savedViews(object: "account") { id } }', {}, token))).toBe('NOT_FOUND');
  });
});

describe('the schema served', () => {
  it('is the checked-in apps/server/schema.gql', async () => {
    const served = ok(await call(getIntrospectionQuery(), {}, null)) as unknown as IntrospectionQuery;
    const file = readFileSync(new URL('../../../apps/server/schema.gql', import.meta.url), 'utf8');
    expect(printSchema(lexicographicSortSchema(buildClientSchema(served)))).toBe(printSchema(lexicographicSortSchema(buildSchema(file))));
  });
});

describe('Apollo in production settings', () => {
  it('serves no landing page and no stack traces', async () => {
    const page = await fetch(`${server.url}/graphql/platform`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
    const res = await call('{ nope }');
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', details: [] });
  });
});
