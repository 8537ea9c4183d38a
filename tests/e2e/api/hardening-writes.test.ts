/**
 * Writes and answers that were wrong or uncoded (issue 8, items 6 and 11): unique violations on hashed
 * constraint names, objects too wide for a PostgreSQL row, sums mixing currencies, and field history of a
 * field named `stage` on an object without a pipeline. Through GraphQL on the real database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import { MAX_ROW_BYTES } from '../../../libs/storage/src/row-width.js';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, testPool, type TestTenant } from '../../support/db.js';
import { objectDoc } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let token: string;
const call = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, token);
const platform = (query: string, variables: Record<string, unknown> = {}) => platformGql(server.url, query, variables, token);
const apply = (documents: unknown[], dryRun = false) =>
  platform('mutation($d: [JSON!]!, $dry: Boolean) { applyDefinitions(documents: $d, dryRun: $dry) { applied version } }', { d: documents, dry: dryRun });

// customer_relationship_management_record_external_reference_identifier_key: longer than 63, so hashed.
const longDoc = objectDoc(
  'customerRelationshipManagementRecord',
  { externalReferenceIdentifier: { 'x-kind': 'text', 'x-unique': true } },
  { 'x-plural': 'crmRecords' },
);
const orderDoc = objectDoc('order', {
  amount: { 'x-kind': 'currency' },
  status: { 'x-kind': 'single_select', 'x-options': [{ value: 'open' }, { value: 'paid' }] },
});
const ticketDoc = objectDoc('ticket', { title: { 'x-kind': 'text' }, stage: { 'x-kind': 'text' } });
const wideDoc = (name: string, fields: number) =>
  objectDoc(name, Object.fromEntries(Array.from({ length: fields }, (_, i) => [`f${i}`, { 'x-kind': 'text' }])));

async function stillServes(): Promise<void> {
  expect(ok(await call('{ tickets { totalCount } }')).tickets.totalCount).toBeGreaterThanOrEqual(0);
}

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, [longDoc, orderDoc, ticketDoc]);
  token = await login(server.url, t.tenant.slug, t.email);
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

describe('unique violations on long names', () => {
  it('name the field although the constraint name is hashed, and write nothing', async () => {
    ok(await call('mutation { createCustomerRelationshipManagementRecord(input: {externalReferenceIdentifier: "X-1"}) { id } }'));
    const again = await call('mutation { createCustomerRelationshipManagementRecord(input: {externalReferenceIdentifier: "X-1"}) { id } }');
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'externalReferenceIdentifier', keyword: 'unique', message: 'must be unique' }],
    });
    const batch = await call('mutation { createCrmRecords(inputs: [{externalReferenceIdentifier: "X-2"}, {externalReferenceIdentifier: "X-2"}]) { id } }');
    expect(batch.errors?.[0]?.extensions.details?.[0]).toMatchObject({ path: expect.stringMatching(/externalReferenceIdentifier$/), keyword: 'unique' });
    expect(ok(await call('{ crmRecords { totalCount } }')).crmRecords.totalCount).toBe(1);
    await stillServes();
  });
});

describe('objects wider than a PostgreSQL row', () => {
  it('are refused at plan time with the byte budget (dry run too), and nothing is applied', async () => {
    const before = ok(await platform('{ definitionHistory(first: 1) { version } }')).definitionHistory[0].version;
    for (const dryRun of [true, false]) {
      const res = await apply([wideDoc('wide', 400)], dryRun);
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID_DEFINITION',
        details: [{ path: 'wide', limit: 'rowBytes', max: MAX_ROW_BYTES, measured: expect.any(Number) }],
      });
      expect(res.errors![0]!.extensions.details![0]!['measured']).toBeGreaterThan(MAX_ROW_BYTES);
    }
    expect(ok(await platform('{ definitionHistory(first: 1) { version } }')).definitionHistory[0].version).toBe(before);
    expect(ok(await platform('{ object(name: "wide") { name } }')).object).toBeNull();
    await stillServes();
  });

  it('accept an object within the budget, whose long texts are stored out of line', async () => {
    ok(await apply([wideDoc('broad', 300)]));
    const input = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, `${i}:${'z'.repeat(2000)}`]));
    const created = ok(await call('mutation($i: BroadInput!) { createBroad(input: $i) { id f0 f299 } }', { i: input })).createBroad;
    expect(created.f299).toBe(input['f299']);
    // Growing it past the budget is refused; the object keeps its 300 fields.
    const grown = await apply([wideDoc('broad', 400)]);
    expect(grown.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_DEFINITION',
      details: [expect.objectContaining({ path: 'broad', limit: 'rowBytes' })],
    });
    expect(ok(await platform('{ object(name: "broad") { fields { name } } }')).object.fields).toHaveLength(300);
  });
});

describe('aggregates over currency fields', () => {
  it('never add up amounts of different currencies: each currency is its own group', async () => {
    const orders = [
      { amount: { amount: 100, currency: 'USD' }, status: 'open' },
      { amount: { amount: 25, currency: 'USD' }, status: 'paid' },
      { amount: { amount: 50, currency: 'EUR' }, status: 'open' },
      { status: 'open' },
    ];
    ok(await call('mutation($i: [OrderInput!]!) { createOrders(inputs: $i) { id } }', { i: orders }));
    const all = ok(await call('{ ordersAggregate { key count sum { amount } min { amount } max { amount } } }')).ordersAggregate;
    expect(all).toEqual([
      { key: { 'amount.currency': 'EUR' }, count: 1, sum: { amount: 50 }, min: { amount: 50 }, max: { amount: 50 } },
      { key: { 'amount.currency': 'USD' }, count: 2, sum: { amount: 125 }, min: { amount: 25 }, max: { amount: 100 } },
      { key: { 'amount.currency': null }, count: 1, sum: { amount: null }, min: { amount: null }, max: { amount: null } },
    ]);
    const byStatus = ok(await call('{ ordersAggregate(groupBy: [status], filter: {status: {eq: "open"}}) { key count avg { amount } } }')).ordersAggregate;
    expect(byStatus).toEqual([
      { key: { status: 'open', 'amount.currency': 'EUR' }, count: 1, avg: { amount: 50 } },
      { key: { status: 'open', 'amount.currency': 'USD' }, count: 1, avg: { amount: 100 } },
      { key: { status: 'open', 'amount.currency': null }, count: 1, avg: { amount: null } },
    ]);
    // Counting alone does not split by currency.
    expect(ok(await call('{ ordersAggregate { key count } }')).ordersAggregate).toEqual([{ key: {}, count: 4 }]);
  });
});

describe('a field named stage on an object without a pipeline', () => {
  it('writes field history like any other field', async () => {
    const ticket = ok(await call('mutation { createTicket(input: {title: "Printer", stage: "new"}) { id } }')).createTicket;
    ok(await call('mutation($id: ID!) { updateTicket(id: $id, version: 1, input: {stage: "triaged"}) { version } }', { id: ticket.id }));
    const timeline = ok(await call('query($id: ID!) { timeline(object: "ticket", recordId: $id) { kind details } }', { id: ticket.id })).timeline;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['updated', 'created']);
    expect(timeline[0].details.changes).toEqual([{ field: 'stage', from: 'new', to: 'triaged' }]);
  });
});
