import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let token: string;
const call = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, token);
const counts = async () => ok(await call('{ accounts { totalCount } contacts { totalCount } opportunities { totalCount } }'));

async function newLead(input: Record<string, unknown>): Promise<{ id: string; version: number }> {
  return ok(await call('mutation($in: LeadInput!) { createLead(input: $in) { id version } }', { in: input })).createLead;
}
const CONVERT = `mutation($id: ID!, $v: Int!, $c: [ConversionChoiceInput!]) { convertLead(id: $id, version: $v, choices: $c) {
  source { status convertedAccount { id name } convertedContact { id lastName email account { id } } convertedOpportunity { id name stage account { id } } }
  records { target object id created } } }`;

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, salesModel());
  token = await login(server.url, t.tenant.slug, t.email);
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

describe('lead conversion', () => {
  it('creates account, contact and opportunity tied together, and marks the lead converted', async () => {
    const lead = await newLead({ name: 'Grace Hopper', company: 'Cobol Works', email: 'grace@cobol.example', phone: '+1 555 0101' });
    const res = ok(await call(CONVERT, { id: lead.id, v: lead.version })).convertLead;
    expect(res.records.map((r: { target: string; created: boolean }) => [r.target, r.created])).toEqual([
      ['account', true],
      ['contact', true],
      ['opportunity', true],
    ]);
    const s = res.source;
    expect(s.status).toBe('converted');
    expect(s.convertedAccount.name).toBe('Cobol Works');
    expect(s.convertedContact).toMatchObject({ lastName: 'Grace Hopper', email: 'grace@cobol.example', account: { id: s.convertedAccount.id } });
    expect(s.convertedOpportunity).toMatchObject({ name: 'Cobol Works', stage: 'prospecting', account: { id: s.convertedAccount.id } });
    const again = await call(CONVERT, { id: lead.id, v: lead.version + 1 });
    expect(again.errors?.[0]?.extensions.code).toBe('CONFLICT');
  });

  it('offers likely duplicate accounts instead of creating them, and links the one chosen', async () => {
    const existing = ok(
      await call('mutation { createAccount(input: {name: "Analytical Engines", website: "https://www.engines.example"}) { id } }'),
    ).createAccount;
    const lead = await newLead({ name: 'Ada Lovelace', company: 'analytical engines', email: 'ada@engines.example' });
    const candidates = ok(
      await call('query($id: ID!) { leadConversionCandidates(id: $id) { target id label matchedOn } }', { id: lead.id }),
    ).leadConversionCandidates;
    expect(candidates).toEqual([{ target: 'account', id: existing.id, label: 'Analytical Engines', matchedOn: ['name'] }]);
    const before = await counts();
    const refused = await call(CONVERT, { id: lead.id, v: lead.version });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', details: [expect.objectContaining({ id: existing.id, matchedOn: ['name'] })] });
    expect(await counts()).toEqual(before);
    const linked = ok(
      await call(CONVERT, {
        id: lead.id,
        v: lead.version,
        c: [
          { target: 'account', id: existing.id },
          { target: 'opportunity', skip: true },
        ],
      }),
    ).convertLead;
    expect(linked.records.map((r: { target: string; created: boolean }) => [r.target, r.created])).toEqual([
      ['account', false],
      ['contact', true],
    ]);
    expect(linked.source.convertedAccount.id).toBe(existing.id);
    expect(linked.source.convertedOpportunity).toBeNull();
    const after = await counts();
    expect([after.accounts.totalCount, after.contacts.totalCount, after.opportunities.totalCount]).toEqual([
      before.accounts.totalCount,
      before.contacts.totalCount + 1,
      before.opportunities.totalCount,
    ]);
  });

  it('writes nothing when any part fails, or when the lead changed meanwhile', async () => {
    const before = await counts();
    const noCompany = await newLead({ name: 'Nameless Corp Contact', email: 'x@y.example' });
    const failed = await call(CONVERT, { id: noCompany.id, v: noCompany.version });
    expect(failed.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'name' })] });
    const stale = await newLead({ name: 'Stale', company: 'Stale Co' });
    ok(await call('mutation($id: ID!) { updateLead(id: $id, version: 1, input: {status: "working"}) { version } }', { id: stale.id }));
    const conflict = await call(CONVERT, { id: stale.id, v: 1 });
    expect(conflict.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
    const lead = ok(await call('query($id: ID!) { lead(id: $id) { status convertedAccountId } }', { id: noCompany.id })).lead;
    expect(lead).toEqual({ status: 'new', convertedAccountId: null });
  });

  it('refuses unknown targets, leaving out a required target, and writing the conversion links directly', async () => {
    const lead = await newLead({ name: 'Choices', company: 'Choices Inc' });
    const unknown = await call(CONVERT, { id: lead.id, v: lead.version, c: [{ target: 'invoice' }] });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: [expect.objectContaining({ path: 'choices[0].target' })] });
    const skipRequired = await call(CONVERT, { id: lead.id, v: lead.version, c: [{ target: 'account', skip: true }] });
    expect(skipRequired.errors?.[0]?.extensions.details?.[0]?.path).toBe('choices[0].skip');
    const direct = await call('mutation($id: ID!) { updateLead(id: $id, version: 1, input: {convertedAccount: $id}) { id } }', { id: lead.id });
    expect(direct.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives the new opportunity the name, amount and close date chosen, and refuses an ask of a field the target lacks', async () => {
    const lead = await newLead({ name: 'Katherine Johnson', company: 'Orbit Labs', email: 'katherine@orbit.example' });
    const res = ok(
      await call(CONVERT, {
        id: lead.id,
        v: lead.version,
        c: [{ target: 'opportunity', values: { name: 'Orbit Labs – trajectory suite', amount: { amount: 42000 }, closeDate: '2027-01-31' } }],
      }),
    ).convertLead;
    const opp = ok(
      await call('query($id: ID!) { opportunity(id: $id) { name amount { amount } closeDate } }', { id: res.source.convertedOpportunity.id }),
    ).opportunity;
    expect(opp).toEqual({ name: 'Orbit Labs – trajectory suite', amount: { amount: 42000 }, closeDate: '2027-01-31' });

    const docs = salesModel().map((d) =>
      d['x-conversion']
        ? { ...d, targets: (d['targets'] as Record<string, unknown>[]).map((x) => (x['key'] === 'opportunity' ? { ...x, ask: ['name', 'budget'] } : x)) }
        : d,
    );
    const bad = await platformGql(server.url, 'mutation($d: [JSON!]!) { applyDefinitions(documents: $d, dryRun: true) { version } }', { d: docs }, token);
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_DEFINITION',
      details: [expect.objectContaining({ path: expect.stringMatching(/targets\[2\]\.ask$/), message: 'no writable field "budget" on opportunity' })],
    });
  });

  it('deletes a conversion through applyDefinitions(deleteDocuments): the lead stays, convertLead leaves the API', async () => {
    const other = await newTenant(pool);
    await applyDocs(pool, other, salesModel());
    const otherToken = await login(server.url, other.tenant.slug, other.email);
    const as = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, otherToken);
    const platform = (query: string) => platformGql(server.url, query, {}, otherToken);
    const missing = await platform('mutation { applyDefinitions(documents: [], deleteDocuments: [{kind: "conversion", name: "nope"}]) { version } }');
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', details: [expect.objectContaining({ path: 'deleteDocuments[0]' })] });
    const done = ok(
      await platform(
        'mutation { applyDefinitions(documents: [], deleteDocuments: [{kind: "conversion", name: "leadConversion"}]) { applied version steps { action object } } }',
      ),
    ).applyDefinitions;
    expect(done).toMatchObject({ applied: true, version: 2, steps: [{ action: 'update_metadata', object: 'lead' }] });
    const docs = ok(await platform('{ definitions }')).definitions as Record<string, unknown>[];
    expect(docs.some((d) => 'x-conversion' in d)).toBe(false);
    expect(docs.some((d) => d['x-object'] === 'lead' && !('x-pipeline' in d))).toBe(true);
    const gone = await as('mutation($id: ID!) { convertLead(id: $id, version: 1) { records { id } } }', { id: '00000000-0000-7000-8000-000000000000' });
    expect(gone.errors?.[0]?.message).toMatch(/convertLead/);
    expect(ok(await as('{ leads { totalCount } }')).leads.totalCount).toBe(0);
  });
});
