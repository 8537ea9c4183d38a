/**
 * Definitions whose generated GraphQL schema would not build (issue 8 item 1) are refused at plan time, and a
 * tenant whose stored definitions no longer build (applied before the rule) still serves its platform API,
 * so an admin can repair it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDefinitions } from '@funnelcraft/definitions';
import { quoteIdent } from '@funnelcraft/kernel';
import { insertVersion, latestVersion, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer, type GqlResponse } from '../../support/api.js';
import { newTenant, testPool, type TestTenant } from '../../support/db.js';
import { objectDoc } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let token: string;
const call = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, token);
const platform = (query: string, variables: Record<string, unknown> = {}) => platformGql(server.url, query, variables, token);
const apply = (variables: Record<string, unknown>) =>
  platform(
    'mutation($d: [JSON!]!, $del: [String!], $dry: Boolean, $ok: Boolean) { applyDefinitions(documents: $d, deleteObjects: $del, dryRun: $dry, confirmDataLoss: $ok) { applied version } }',
    variables,
  );
const version = async (): Promise<number> => ok(await platform('{ definitionHistory(first: 1) { version } }')).definitionHistory[0]?.version ?? 0;
const widget = objectDoc('widget', { name: { 'x-kind': 'text' } });
const simple = (name: string) => objectDoc(name, { label: { 'x-kind': 'text' } });

function expectRefused(res: GqlResponse, paths: string[]): void {
  expect(res.errors?.[0]?.extensions.code, JSON.stringify(res.errors)).toBe('INVALID_DEFINITION');
  expect(res.errors![0]!.extensions.details!.map((d) => d.path)).toEqual(expect.arrayContaining(paths));
}

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  token = await login(server.url, t.tenant.slug, t.email);
  ok(await apply({ d: [widget] }));
  ok(await call('mutation { createWidget(input: {name: "first"}) { id } }'));
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

describe('definitions whose GraphQL schema would not build', () => {
  it('are refused at plan time, dry run or not, and nothing is written', async () => {
    const before = await version();
    const cases: [unknown[], string[]][] = [
      // GraphQL's built-in scalars.
      ...['string', 'boolean', 'int', 'float', 'iD'].map((n): [unknown[], string[]] => [[simple(n)], ['documents[1].x-object']]),
      // A generated name that is a static type: NumberFilter, ConversionChoiceInput, TimelineEntry.
      ...['number', 'conversionChoice', 'timelineEntry'].map((n): [unknown[], string[]] => [[simple(n)], ['documents[1].x-object']]),
      // Two objects generating the same name: widget's conversion result type.
      [[simple('widgetConversion')], ['documents[1].x-object']],
      // A field that would be an enum value GraphQL forbids.
      [[objectDoc('gadget', { true: { 'x-kind': 'text' } })], ['documents[1].properties.true']],
    ];
    for (const [documents, paths] of cases) {
      expectRefused(await apply({ d: documents, dry: true }), paths);
      expectRefused(await apply({ d: documents }), paths);
    }
    expect(await version()).toBe(before);
    expect(ok(await call('{ widgets(first: 5) { totalCount } }')).widgets.totalCount).toBe(1);
  });
});

describe('a tenant whose stored definitions do not build', () => {
  it('still serves its platform API, and is repaired through it', async () => {
    // What an older server accepted: an object named `string` (type String), with its table.
    ok(await apply({ d: [simple('strand')] }));
    const current = await latestVersion(pool, t.tenant.id);
    const documents = current.documents.map((d) => (d['x-object'] === 'strand' ? { ...d, 'x-object': 'string' } : d));
    await pool.query(`ALTER TABLE ${quoteIdent(t.tenant.schema)}.strand RENAME TO string`);
    await insertVersion(pool, {
      tenantId: t.tenant.id,
      version: current.version + 1,
      documents,
      hash: validateDefinitions(documents, { stored: true }).hash,
      plan: [],
      appliedBy: null,
    });
    // What the NOTIFY of that insert tells the server, told now rather than raced.
    server.platform.schemas.announce(t.tenant.id, current.version + 1);

    // Data types are gone until it is repaired; the platform API answers, and nothing is a 500.
    const data = await call('{ widgets(first: 5) { totalCount } }');
    expect(data.status).not.toBe(500);
    expect(data.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(ok(await call('{ me { email } }')).me.email).toBe(t.email);
    expect(
      ok(await platform('{ definitions }'))
        .definitions.map((d: { 'x-object': string }) => d['x-object'])
        .sort(),
    ).toEqual(['string', 'widget']);
    expect(
      ok(await platform('{ objects { name } }'))
        .objects.map((o: { name: string }) => o.name)
        .sort(),
    ).toEqual(['string', 'widget']);

    // Repaired by removing the object: the plan drops its table, and the data API is back.
    const plan = ok(await apply({ d: [], del: ['string'], dry: true })).applyDefinitions;
    expect(plan.applied).toBe(false);
    expect(ok(await apply({ d: [], del: ['string'], ok: true })).applyDefinitions.applied).toBe(true);
    expect(ok(await call('{ widgets(first: 5) { totalCount } }')).widgets.totalCount).toBe(1);
    const { rows } = await pool.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [t.tenant.schema, 'string']);
    expect(rows).toEqual([]);
  });
});
