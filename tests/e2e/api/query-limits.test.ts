/**
 * Hostile queries through the public API (issue 8, item 2): too deep, too many fields, pages that multiply,
 * statements that run too long, responses too large, bodies too large. Each is refused with a coded error
 * naming the limit and what was measured, before any SQL runs (proved by holding a lock on the tenant's
 * table: a query that reached SQL would wait on it), and the server answers normally afterwards.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import { DEFAULT_QUERY_LIMITS } from '../../../apps/server/src/query-limits.js';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, startTestServer, type GqlResponse } from '../../support/api.js';
import { applyDocs, databaseUrl, newTenant, testPool, type TestTenant } from '../../support/db.js';
import { objectDoc } from '../../support/docs.js';

let server: RunningServer;
let strict: RunningServer;
let pool: Pool;
let t: TestTenant;
let token: string;
const call = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, token);

// tier1 ← tier2 ← … ← tier7: each tier's records list their children (the reverse relation), six levels.
const TIERS = 7;
const tierDocs = Array.from({ length: TIERS }, (_, i) =>
  objectDoc(
    `tier${i + 1}`,
    { title: { 'x-kind': 'text' }, ...(i ? { parent: { 'x-kind': 'lookup', 'x-target': `tier${i}`, 'x-reverse': 'children' } } : {}) },
    { 'x-plural': `tier${i + 1}List` },
  ),
);
const itemDoc = objectDoc('item', { title: { 'x-kind': 'text' }, note: { 'x-kind': 'text' } });

/** The one error of a refused request, with its code and details. */
function refused(res: GqlResponse, code: string) {
  expect(res.status).toBe(400);
  expect(res.data ?? null).toBeNull();
  expect(res.errors).toHaveLength(1);
  const error = res.errors![0]!;
  expect(error.extensions.code).toBe(code);
  return error.extensions.details![0]!;
}

/** Runs `work` while another session holds an exclusive lock on the item and tier tables: SQL on them would wait. */
async function whileLocked<T>(work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await client.query('BEGIN');
    const tables = ['item', ...tierDocs.map((d) => d['x-object'] as string)].map((n) => `${t.tenant.schema}.${n}`);
    await client.query(`LOCK TABLE ${tables.join(', ')} IN ACCESS EXCLUSIVE MODE`);
    return await work();
  } finally {
    await client.query('ROLLBACK');
    await client.end();
  }
}

async function stillServes(url = server.url): Promise<void> {
  const res = ok(await gql(url, '{ items(first: 5, orderBy: [{field: title}]) { totalCount nodes { title } } }', {}, token));
  expect(res.items.nodes.map((n: { title: string }) => n.title)).toEqual(['item 00', 'item 01', 'item 02', 'item 03', 'item 04']);
  expect(res.items.totalCount).toBe(30);
}

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  strict = await startTestServer({ statementTimeoutMs: 300, queryLimits: { ...DEFAULT_QUERY_LIMITS, maxResponseBytes: 20_000 } });
  t = await newTenant(pool);
  await applyDocs(pool, t, [...tierDocs, itemDoc]);
  token = await login(server.url, t.tenant.slug, t.email);
  ok(
    await call('mutation($i: [ItemInput!]!) { createItems(inputs: $i) { id } }', {
      i: Array.from({ length: 30 }, (_, i) => ({ title: `item ${String(i).padStart(2, '0')}`, note: 'x'.repeat(2000) })),
    }),
  );
  ok(await call('mutation { createTier1(input: {title: "root"}) { id } }'));
});
afterAll(async () => {
  await strict?.close();
  await server?.close();
  await pool?.end();
});

describe('query cost limits', () => {
  it('refuses a 60-level query before any SQL runs, and keeps serving', async () => {
    let selection = 'totalCount';
    for (let i = 0; i < 20; i++) selection = `nodes { parent { children { ${selection} } } }`;
    const query = `{ tier2List { ${selection} } }`;
    const detail = await whileLocked(async () => refused(await call(query), 'QUERY_TOO_COMPLEX'));
    expect(detail).toMatchObject({ limit: 'maxDepth', max: DEFAULT_QUERY_LIMITS.maxDepth, measured: 62 });
    await stillServes();
  });

  it('refuses 1,000 aliased lists, and the same fields reached through fragments', async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: items { nodes { id title } }`).join(' ');
    const detail = await whileLocked(async () => refused(await call(`{ ${aliases} }`), 'QUERY_TOO_COMPLEX'));
    expect(detail).toMatchObject({ limit: 'maxFields', max: DEFAULT_QUERY_LIMITS.maxFields, measured: 4000 });
    // Fragments spread fragments: 2^12 copies of one field, counted without expanding them.
    const fragments = Array.from({ length: 12 }, (_, i) => `fragment F${i} on Item { ...F${i + 1} ...F${i + 1} }`).join(' ');
    const bomb = `{ items { nodes { ...F0 } } } ${fragments} fragment F12 on Item { id }`;
    const viaFragments = await whileLocked(async () => refused(await call(bomb), 'QUERY_TOO_COMPLEX'));
    expect(viaFragments).toMatchObject({ limit: 'maxFields', measured: 2 + 4096 });
    await stillServes();
  });

  it('refuses a 6-level reverse-relation fan-out by its estimated cost (pages multiply, defaults count)', async () => {
    let selection = 'id';
    for (let level = TIERS; level >= 2; level--) selection = `children { nodes { ${selection} } }`;
    const query = `{ tier1List { nodes { ${selection} } } }`;
    const detail = await whileLocked(async () => refused(await call(query), 'QUERY_TOO_COMPLEX'));
    // 1 list + 50 tier1 + 50 connections + 50·20 tier2 + … : the default page sizes (50, then 20 per relation).
    const expected = 1 + 50 + [1, 20, 400, 8000, 160000, 3200000].reduce((sum, n) => sum + 50 * n + 50 * n * 20, 0);
    expect(detail).toMatchObject({ limit: 'maxCost', max: DEFAULT_QUERY_LIMITS.maxCost, measured: expected });
    await stillServes();
  });

  it('evaluates page sizes given as variables per request', async () => {
    const query = 'query($n: Int) { tier1List(first: $n) { nodes { title children(first: $n) { nodes { title } } } } }';
    const small = ok(await call(query, { n: 10 }));
    expect(small.tier1List.nodes).toEqual([{ title: 'root', children: { nodes: [] } }]);
    const detail = await whileLocked(async () => refused(await call(query, { n: 500 }), 'QUERY_TOO_COMPLEX'));
    expect(detail).toMatchObject({ limit: 'maxCost', measured: 1 + 500 + 500 + 500 * 500 });
    // Without the variable the argument's default applies (50 records, 20 children each).
    ok(await call(query));
    await stillServes();
  });

  it('refuses a deep mutation and writes nothing', async () => {
    let selection = 'id';
    for (let i = 0; i < 10; i++) selection = `parent { children { nodes { ${selection} } } }`;
    const res = await call(`mutation { createTier2(input: {title: "deep"}) { ${selection} } }`);
    expect(refused(res, 'QUERY_TOO_COMPLEX')).toMatchObject({ limit: 'maxDepth' });
    expect(ok(await call('{ tier2List { totalCount } }')).tier2List.totalCount).toBe(0);
    await stillServes();
  });

  it('cancels a statement that runs longer than the statement timeout, keeps nothing of it, and keeps serving', async () => {
    const strictToken = await login(strict.url, t.tenant.slug, t.email);
    const [read, write] = await whileLocked(() =>
      Promise.all([
        gql(strict.url, '{ items(first: 1) { nodes { title } } }', {}, strictToken),
        gql(strict.url, 'mutation { createItem(input: {title: "late"}) { id } }', {}, strictToken),
      ]),
    );
    for (const res of [read, write]) {
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', details: [expect.objectContaining({ limit: 'statementTimeout' })] });
    }
    expect(ok(await call('{ items(filter: {title: {eq: "late"}}) { totalCount } }')).items.totalCount).toBe(0);
    await stillServes(strict.url);
  });

  it('refuses a response larger than the cap with a coded error', async () => {
    const strictToken = await login(strict.url, t.tenant.slug, t.email);
    const res = await gql(strict.url, '{ items(first: 30) { nodes { title note } } }', {}, strictToken);
    expect(refused(res, 'LIMIT_EXCEEDED')).toMatchObject({ limit: 'maxResponseBytes', max: 20_000, measured: expect.any(Number) });
    await stillServes(strict.url);
  });

  it('answers a body over the limit with 413 and a coded error, not a reset connection', async () => {
    const before = ok(await call('{ items { totalCount } }')).items.totalCount;
    const huge = JSON.stringify({ query: 'mutation($t: String) { createItem(input: {title: $t}) { id } }', variables: { t: 'y'.repeat(21 * 1024 * 1024) } });
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: huge,
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { errors: { extensions: { code: string; details: unknown[] } }[] };
    expect(body.errors[0]!.extensions).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: [expect.objectContaining({ limit: 'maxBodyBytes', max: 20 * 1024 * 1024 })],
    });
    expect(ok(await call('{ items { totalCount } }')).items.totalCount).toBe(before);
    await stillServes();
  });
});
