/**
 * The global search on the data API: one statement over the searchable fields (names, emails, phones) of every
 * object, case-insensitive, display-field matches first, deleted records left out, bad arguments refused with a
 * coded error, and a text that looks like SQL is only text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import { readFileSync } from 'node:fs';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let token: string;
const call = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, token);
const SEARCH = 'query($text: String!, $first: Int) { search(text: $text, first: $first) { object id title field value } }';
const search = async (text: string, first?: number) =>
  ok(await call(SEARCH, { text, first })).search as { object: string; id: string; title: string | null; field: string; value: string }[];
const create = async (object: string, input: Record<string, unknown>) => {
  const type = object.charAt(0).toUpperCase() + object.slice(1);
  return ok(await call(`mutation($in: ${type}Input!) { r: create${type}(input: $in) { id version } }`, { in: input })).r as { id: string; version: number };
};

const ids: Record<string, string> = {};

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, salesModel());
  token = await login(server.url, t.tenant.slug, t.email);
  ids['acme'] = (await create('account', { name: 'Acme Robotics', phone: '+1 555 0100' })).id;
  ids['notAcme'] = (await create('account', { name: 'Northwind', website: 'https://acme-partner.example' })).id;
  ids['grace'] = (
    await create('contact', { firstName: 'Grace', lastName: 'Hopper', email: 'grace@acme.example', phone: '+1 555 0199', account: ids['acme'] })
  ).id;
  ids['deal'] = (await create('opportunity', { name: 'ACME renewal', account: ids['acme'], stage: 'prospecting' })).id;
  ids['lead'] = (await create('lead', { name: 'Ada Lovelace', company: 'Engines Ltd', email: 'ada@engines.example' })).id;
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

describe('search', () => {
  it('finds names, emails and phones across objects, ignoring case, display-field starts first', async () => {
    const hits = await search('acme');
    expect(hits.map((h) => [h.object, h.title, h.field])).toEqual([
      ['account', 'Acme Robotics', 'name'],
      ['opportunity', 'ACME renewal', 'name'],
      ['account', 'Northwind', 'website'],
      ['contact', 'Hopper', 'email'],
    ]);
    expect(hits.find((h) => h.object === 'contact')).toMatchObject({ id: ids['grace'], value: 'grace@acme.example' });
    expect((await search('555 0199')).map((h) => [h.object, h.id, h.field, h.value])).toEqual([['contact', ids['grace'], 'phone', '+1 555 0199']]);
    expect((await search('  LOVELACE ')).map((h) => [h.object, h.id])).toEqual([['lead', ids['lead']]]);
  });

  it('keeps to `first` and leaves deleted records out', async () => {
    expect(await search('acme', 2)).toHaveLength(2);
    const deal = ok(await call('{ opportunity(id: "' + ids['deal'] + '") { version } }')).opportunity.version as number;
    ok(await call('mutation($id: ID!, $v: Int) { deleteOpportunity(id: $id, version: $v) { id } }', { id: ids['deal'], v: deal }));
    expect((await search('acme')).map((h) => h.title)).toEqual(['Acme Robotics', 'Northwind', 'Hopper']);
  });

  it('treats the text as text: quotes, percent signs and SQL are searched for, not run', async () => {
    expect(await search("'; DROP TABLE account; --")).toEqual([]);
    expect(await search('%')).toEqual([]);
    expect(await search('   ')).toEqual([]);
    expect((await search('acme')).length).toBe(3);
  });

  it('refuses a page size out of range and a text too long with coded errors naming the argument', async () => {
    for (const [variables, path] of [
      [{ text: 'a', first: 0 }, 'first'],
      [{ text: 'a', first: 51 }, 'first'],
      [{ text: 'a'.repeat(201) }, 'text'],
    ] as const) {
      const res = await call(SEARCH, variables);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: [{ path }] });
    }
  });

  it('keeps to what the reader’s role may see: a sales rep finds only their own accounts', async () => {
    const role = JSON.parse(readFileSync(new URL('../../../schemas/examples/roles/sales-rep.json', import.meta.url), 'utf8')) as unknown;
    await applyDocs(pool, t, [...salesModel(), role]);
    const rep = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `rep@${t.tenant.slug}.test`,
      name: 'Rep',
      passwordHash: PASSWORD_HASH,
      roles: ['salesRep'],
    });
    const own = await create('account', { name: 'Acme Rep Account', ownerId: rep.id });
    const repToken = await login(server.url, t.tenant.slug, `rep@${t.tenant.slug}.test`);
    const res = ok(await gql(server.url, SEARCH, { text: 'acme' }, repToken)).search as { id: string }[];
    expect(res.map((h) => h.id)).toEqual([own.id]);
    expect((await search('acme')).map((h) => h.id)).toContain(own.id);
  });

  it('needs a session', async () => {
    const res = await gql(server.url, SEARCH, { text: 'acme' });
    expect(res.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});
