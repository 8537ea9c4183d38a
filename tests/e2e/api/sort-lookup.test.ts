/**
 * Sorting a list by a field of the record a lookup points at (`orderBy: [{ field: client_name }]`): the order,
 * ties, nulls (no lookup, a binned target) and keyset pages, whether or not the query also selects the lookup;
 * and that a sort reads no more than a filter may (a target the actor reaches in part, a hidden field).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, startTestServer, type GqlResponse } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { objectDoc } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let admin: string;
let seller: string;
let auditor: string;

const docs = [
  objectDoc('client', { name: { 'x-kind': 'text' }, tier: { 'x-kind': 'number' }, secret: { 'x-kind': 'text' } }),
  objectDoc('order', { title: { 'x-kind': 'text' }, rank: { 'x-kind': 'number' }, client: { 'x-kind': 'lookup', 'x-target': 'client' } }),
  // Sees every order but only its own clients: the order of client names would tell it names it may not see.
  { 'x-role': 'seller', defaults: { read: true, create: true, edit: true, visibility: 'all' }, objects: { client: { read: true, visibility: 'own' } } },
  // Sees everything but one field of clients and one of orders.
  {
    'x-role': 'auditor',
    defaults: { read: true, visibility: 'all' },
    objects: { client: { read: true, visibility: 'all', fields: { secret: 'hidden' } }, order: { read: true, visibility: 'all', fields: { rank: 'hidden' } } },
  },
];

const call = (token: string, query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, token);
const LIST = `query($o: [OrderOrderBy!], $a: String, $n: Int) {
  orders(filter: {title: {startsWith: "O-"}}, orderBy: $o, first: $n, after: $a) { edges { cursor node { title } } pageInfo { hasNextPage endCursor } }
}`;
const LIST_WITH_CLIENT = `query($o: [OrderOrderBy!], $a: String, $n: Int) {
  orders(filter: {title: {startsWith: "O-"}}, orderBy: $o, first: $n, after: $a) { edges { cursor node { title client { id name } } } pageInfo { hasNextPage endCursor } }
}`;

async function titles(token: string, orderBy: unknown, query = LIST, first = 100): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const page: any = ok(await call(token, query, { o: orderBy, a: after, n: first })).orders;
    out.push(...page.edges.map((e: { node: { title: string } }) => e.node.title));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
  throw new Error('no last page');
}

const codeOf = (res: GqlResponse) => res.errors?.[0]?.extensions?.['code'];

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, docs);
  admin = await login(server.url, t.tenant.slug, t.email);
  const add = async (name: string, roles: string[]) => {
    const u = await createUser(ormOf(pool), { tenantId: t.tenant.id, email: `${name}@${t.tenant.slug}.test`, name, passwordHash: PASSWORD_HASH, roles });
    return login(server.url, t.tenant.slug, u.email);
  };
  seller = await add('seller', ['seller']);
  auditor = await add('auditor', ['auditor']);
  const clients = ok(
    await call(admin, 'mutation($in: [ClientInput!]!) { createClients(inputs: $in) { id name } }', {
      in: [
        { name: 'Beta', tier: 2, secret: 's1' },
        { name: 'Alpha', tier: null, secret: 's2' },
        { name: 'Gamma', tier: 1, secret: 's3' },
        { name: 'Binned', tier: 0, secret: 's4' },
        { name: null, tier: 3 },
      ],
    }),
  ).createClients as { id: string; name: string | null }[];
  const id = (name: string | null) => clients.find((c) => c.name === name)!.id;
  // Ties: several orders per client, so that pages of two split runs of equal sort values.
  const orders = [
    ['O-a', 'Beta'],
    ['O-b', 'Alpha'],
    ['O-c', 'Beta'],
    ['O-d', null],
    ['O-e', 'Gamma'],
    ['O-f', 'Alpha'],
    ['O-g', 'Binned'],
    ['O-h', 'Beta'],
    ['O-i', 'unnamed'],
    ['O-j', null],
  ].map(([title, client], i) => ({ title, rank: i % 3, client: client === null ? null : id(client === 'unnamed' ? null : client) }));
  ok(await call(admin, 'mutation($in: [OrderInput!]!) { createOrders(inputs: $in) { id } }', { in: orders }));
  const binned = ok(await call(admin, 'query($id: ID!) { client(id: $id) { id version } }', { id: id('Binned') })).client;
  ok(await call(admin, 'mutation($id: ID!, $v: Int) { deleteClient(id: $id, version: $v) { id } }', { id: binned.id, v: binned.version }));
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

/** Orders by client name (a binned client and an unnamed one read as no name), then title. */
const BY_NAME_ASC = ['O-b', 'O-f', 'O-a', 'O-c', 'O-h', 'O-e', 'O-d', 'O-g', 'O-i', 'O-j'];
const thenTitle = { field: 'title', direction: 'ASC' };

describe('sorting by a field of a lookup', () => {
  it('orders by the lookup’s field, nulls (no lookup, an unnamed target, one binned: its lookups set to null) where asked', async () => {
    expect(await titles(admin, [{ field: 'client_name', direction: 'ASC' }, thenTitle])).toEqual(BY_NAME_ASC);
    // DESC puts nulls first, as PostgreSQL does.
    expect(await titles(admin, [{ field: 'client_name', direction: 'DESC' }, thenTitle])).toEqual([
      'O-d',
      'O-g',
      'O-i',
      'O-j',
      'O-e',
      'O-a',
      'O-c',
      'O-h',
      'O-b',
      'O-f',
    ]);
    expect(await titles(admin, [{ field: 'client_name', direction: 'ASC', nulls: 'FIRST' }, thenTitle])).toEqual([
      ...BY_NAME_ASC.slice(6),
      ...BY_NAME_ASC.slice(0, 6),
    ]);
    // A number of the target, then an own field: Gamma(1) Beta(2) unnamed(3), then no tier (Alpha, binned, none).
    expect(
      await titles(admin, [
        { field: 'client_tier', direction: 'ASC' },
        { field: 'title', direction: 'DESC' },
      ]),
    ).toEqual(['O-e', 'O-h', 'O-c', 'O-a', 'O-i', 'O-j', 'O-g', 'O-f', 'O-d', 'O-b']);
  });

  it('pages with cursors across ties and nulls give the one-page order, with or without the lookup selected', async () => {
    for (const orderBy of [
      [{ field: 'client_name', direction: 'ASC' }],
      [{ field: 'client_name', direction: 'DESC' }],
      [{ field: 'client_name', direction: 'ASC', nulls: 'FIRST' }],
      [{ field: 'client_name', direction: 'DESC', nulls: 'LAST' }],
      [
        { field: 'rank', direction: 'DESC' },
        { field: 'client_tier', direction: 'ASC', nulls: 'FIRST' },
      ],
      [
        { field: 'client_createdAt', direction: 'DESC' },
        { field: 'client_name', direction: 'ASC' },
      ],
    ]) {
      const all = await titles(admin, orderBy);
      expect(all).toHaveLength(10);
      for (const size of [2, 3]) {
        expect(await titles(admin, orderBy, LIST, size), JSON.stringify({ orderBy, size })).toEqual(all);
        expect(await titles(admin, orderBy, LIST_WITH_CLIENT, size), JSON.stringify({ orderBy, size, selected: true })).toEqual(all);
      }
    }
  });

  it('reads the joined record as usual when the sort goes through it (a binned target resolves to null)', async () => {
    const page = ok(await call(admin, LIST_WITH_CLIENT, { o: [{ field: 'client_name', direction: 'ASC' }, thenTitle], n: 10 })).orders;
    expect(page.edges.map((e: any) => e.node.title)).toEqual(BY_NAME_ASC);
    const byTitle = new Map(page.edges.map((e: any) => [e.node.title, e.node.client?.name ?? null]));
    expect(byTitle.get('O-b')).toBe('Alpha');
    expect(byTitle.get('O-g')).toBeNull();
    expect(byTitle.get('O-d')).toBeNull();
  });

  it('a sort reads what a filter may: refused through a lookup to records the actor sees in part, or to a hidden field', async () => {
    const partial = await call(seller, LIST, { o: [{ field: 'client_name', direction: 'ASC' }], n: 5 });
    expect(codeOf(partial), JSON.stringify(partial)).toBe('FORBIDDEN');
    expect(partial.errors![0]!.extensions!['details']).toEqual([
      { path: 'orderBy[0].field', message: 'client.name reads client records your role may not see' },
    ]);
    // The seller's own fields sort as before.
    expect(await titles(seller, [{ field: 'title', direction: 'ASC' }])).toHaveLength(10);

    const hiddenThrough = await call(auditor, LIST, { o: [{ field: 'client_secret', direction: 'ASC' }], n: 5 });
    expect(codeOf(hiddenThrough)).toBe('FORBIDDEN');
    // A cursor holds the sort values: sorting by a hidden field of the object itself would hand them out.
    const hiddenOwn = await call(auditor, LIST, { o: [{ field: 'rank', direction: 'ASC' }], n: 5 });
    expect(codeOf(hiddenOwn)).toBe('FORBIDDEN');
    expect(hiddenOwn.errors![0]!.extensions!['details']).toEqual([{ path: 'orderBy[0].field', message: 'rank is not visible to your role' }]);
    expect(await titles(auditor, [{ field: 'client_name', direction: 'ASC' }, thenTitle])).toEqual(BY_NAME_ASC);
  });

  it('a related list sorts by its own fields: a sort through a lookup there is refused with its place', async () => {
    const res = await call(admin, '{ clients(first: 1) { nodes { orders(orderBy: [{field: client_name}]) { totalCount } } } }');
    expect(codeOf(res), JSON.stringify(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!['details']).toEqual([{ path: 'orderBy[0].field', message: 'sort through a lookup: lists and boards only' }]);
  });
});
