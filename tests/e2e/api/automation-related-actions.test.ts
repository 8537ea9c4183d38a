/**
 * Actions on other records through the APIs on the real database: rules applied with applyDefinitions,
 * opportunities created and moved over HTTP. update_related writes the won opportunity's account once;
 * create_record makes one quote linked back to the opportunity entering Proposal, and a renewal opportunity on
 * the same account owned by the same owner. The job delivered again (also twice at once) writes nothing more; an
 * action whose write fails is retried, goes dead, and once the data is fixed a retry makes exactly one record (the
 * failed attempts wrote nothing). Bad configurations are refused with INVALID_DEFINITION naming the path, nothing
 * applied. No sleeps: the test looks at the run log again on each automation activity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool, RunLogEntry } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { executeAction } from '../../../apps/server/src/automation/actions.js';
import { AutomationModels } from '../../../apps/server/src/automation/models.js';
import { gql, login, ok, platformGql, startTestServer, type GqlResponse } from '../../support/api.js';
import { settled, untilRuns } from '../../support/automation.js';
import { applyDocs, newTenant, ormOf, testPool, type TestTenant } from '../../support/db.js';
import { objectDoc, salesModel } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let admin: string;

const platform = (query: string, variables: Record<string, unknown> = {}) => platformGql(server.url, query, variables, admin);
const data = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, admin);
const refusal = (res: GqlResponse) => ({ code: res.errors?.[0]?.extensions?.code, details: res.errors?.[0]?.extensions?.details });
const apply = (docs: unknown[]) => platform('mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { version } }', { d: docs });

/** The sales model with two account fields a won deal fills in, and a quote object linked to opportunities. */
function model(): Record<string, unknown>[] {
  const docs = salesModel();
  const account = docs.find((d) => d['x-object'] === 'account')! as { properties: Record<string, unknown> };
  account.properties['customerSince'] = { 'x-kind': 'date', title: 'Customer since' };
  account.properties['lastWonDeal'] = { 'x-kind': 'text', title: 'Last won deal', maxLength: 200 };
  const quote = objectDoc(
    'quote',
    {
      name: { 'x-kind': 'text', maxLength: 200 },
      opportunity: { 'x-kind': 'lookup', 'x-target': 'opportunity', 'x-on-delete': 'cascade' },
      account: { 'x-kind': 'lookup', 'x-target': 'account', 'x-on-delete': 'set_null' },
      total: { 'x-kind': 'currency' },
    },
    { required: ['name', 'account'], 'x-display-field': 'name' },
  );
  return [...docs, quote];
}

const RULES = [
  {
    'x-rule': 'quoteOnProposal',
    'x-object': 'opportunity',
    trigger: { type: 'stage_changed', to: 'proposal' },
    actions: [
      {
        type: 'create_record',
        object: 'quote',
        link: 'opportunity',
        values: { name: { cat: ['Quote for ', { var: 'new.name' }] }, account: { var: 'new.account' }, total: { var: 'new.amount' } },
      },
    ],
  },
  {
    'x-rule': 'wonUpdatesAccount',
    'x-object': 'opportunity',
    trigger: { type: 'stage_changed', toCategory: 'won' },
    actions: [
      { type: 'update_related', lookup: 'account', values: { customerSince: { var: 'today' }, lastWonDeal: { var: 'new.name' } } },
      { type: 'create_record', object: 'opportunity', values: { name: { cat: ['Renewal: ', { var: 'new.name' }] }, account: { var: 'new.account' } } },
    ],
  },
];

const OPP = 'id version stage';

async function createAccount(name: string): Promise<string> {
  return ok(await data('mutation($i: AccountInput!) { createAccount(input: $i) { id } }', { i: { name } })).createAccount.id;
}

async function createOpportunity(input: Record<string, unknown>): Promise<{ id: string; version: number }> {
  return ok(await data(`mutation($i: OpportunityInput!) { createOpportunity(input: $i) { ${OPP} } }`, { i: { closeDate: '2027-03-31', ...input } }))
    .createOpportunity;
}

async function move(o: { id: string; version: number }, stage: string): Promise<{ id: string; version: number }> {
  return ok(
    await data(`mutation($id: ID!, $v: Int!, $s: String!) { moveOpportunity(id: $id, version: $v, stage: $s) { ${OPP} } }`, {
      id: o.id,
      v: o.version,
      s: stage,
    }),
  ).moveOpportunity;
}

/** Waits until the rule's run for the record has settled (every action done or dead); returns it. */
async function settledRun(rule: string, recordId: string): Promise<RunLogEntry> {
  const runs = await untilRuns(server, pool, t.tenant.id, (r) => r.length === 1 && settled(r), { rule, recordId });
  return runs[0]!;
}

/** The same job delivered again, twice at once (a retry after a lost acknowledgement racing a duplicate). */
async function deliverAgain(actionId: string) {
  const models = new AutomationModels(ormOf(pool));
  const again = () =>
    executeAction(
      pool,
      ormOf(pool),
      models,
      server.platform.config.automation,
      { mailer: { send: async () => undefined, close: () => undefined } },
      actionId,
      () => undefined,
    );
  await Promise.all([again(), again()]);
}

const quotesOf = async (opportunityId: string) =>
  (await pool.query(`SELECT name, account, total::float8 AS total, owner_id FROM ${t.tenant.schema}.quote WHERE opportunity = $1`, [opportunityId])).rows;

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, model());
  admin = await login(server.url, t.tenant.slug, t.email);
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

describe('update_related and create_record actions', () => {
  it('refuses an unknown lookup, object, field or link, naming the path; nothing applied', async () => {
    const at = (action: Record<string, unknown>) => [{ 'x-rule': 'bad', 'x-object': 'opportunity', trigger: { type: 'created' }, actions: [action] }];
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ type: 'update_related', lookup: 'nothing', values: { name: 'x' } }, 'actions[0].lookup', /"nothing" is not a lookup field of opportunity/],
      [{ type: 'update_related', lookup: 'closeDate', values: { name: 'x' } }, 'actions[0].lookup', /"closeDate" is not a lookup field of opportunity/],
      [{ type: 'update_related', lookup: 'account', values: { nope: 1 } }, 'actions[0].values.nope', /no field "nope" on account/],
      [{ type: 'update_related', lookup: 'account', values: { name: { var: 'new.ghost' } } }, 'actions[0].values.name', /ghost/],
      [{ type: 'create_record', object: 'invoice', values: { name: 'x' } }, 'actions[0].object', /no object "invoice"/],
      [{ type: 'create_record', object: 'quote', values: { nope: 'x' } }, 'actions[0].values.nope', /no field "nope" on quote/],
      [
        { type: 'create_record', object: 'quote', link: 'account', values: { name: 'x' } },
        'actions[0].link',
        /"account" is not a lookup of quote to opportunity/,
      ],
      [{ type: 'create_record', object: 'quote', values: { name: 'x' }, owner: { field: 'name' } }, 'actions[0].owner.field', /not a user field/],
      [{ type: 'create_record', object: 'quote', values: { name: 'x' }, owner: '00000000-0000-4000-8000-000000000001' }, 'actions[0].owner', /no user/],
      [{ type: 'create_record', values: { name: 'x' } }, 'actions.0', /must have required property 'object'/],
    ];
    for (const [action, path, message] of cases) {
      const { code, details } = refusal(await apply(at(action)));
      expect(code, JSON.stringify(action)).toBe('INVALID_DEFINITION');
      expect(details, JSON.stringify(action)).toContainEqual(
        expect.objectContaining({
          path: expect.stringMatching(new RegExp(`^documents\\[\\d+\\]\\.${path.replace(/[.[\]]/g, '\\$&')}$`)),
          message: expect.stringMatching(message),
        }),
      );
    }
    const rules = await pool.query(
      `SELECT count(*)::int AS n FROM platform.definition_versions WHERE tenant_id = $1 AND documents::jsonb @> '[{"x-rule": "bad"}]'`,
      [t.tenant.id],
    );
    expect(rules.rows[0].n).toBe(0);
    ok(await apply(RULES));
  });

  it('makes one quote linked to the opportunity entering Proposal; the job delivered again makes no second one', async () => {
    const account = await createAccount('Acme');
    const opp = await createOpportunity({ name: 'Rocket', account, amount: { amount: 5000, currency: 'USD' } });
    await move(opp, 'proposal');
    const run = await settledRun('quoteOnProposal', opp.id);
    expect(run.actions.map((a) => [a.type, a.status, a.attempts])).toEqual([['create_record', 'done', 1]]);
    const quotes = await quotesOf(opp.id);
    expect(quotes).toEqual([{ name: 'Quote for Rocket', account, total: 5000, owner_id: t.actor.userId }]);
    await deliverAgain(run.actions[0]!.id);
    expect(await quotesOf(opp.id)).toHaveLength(1);
    const result = await pool.query('SELECT result FROM platform.automation_actions WHERE id = $1', [run.actions[0]!.id]);
    expect(result.rows[0].result).toMatchObject({ object: 'quote', recordId: expect.any(String) });
  });

  it("updates a won opportunity's account once and creates its renewal for the same owner", async () => {
    const account = await createAccount('Globex');
    let opp = await createOpportunity({ name: 'Big deal', account, amount: { amount: 900, currency: 'USD' } });
    opp = await move(opp, 'proposal');
    await settledRun('quoteOnProposal', opp.id);
    await move(opp, 'closed_won');
    const run = await settledRun('wonUpdatesAccount', opp.id);
    expect(run.actions.map((a) => [a.type, a.status, a.attempts])).toEqual([
      ['update_related', 'done', 1],
      ['create_record', 'done', 1],
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const read = async () =>
      (
        await pool.query(`SELECT to_char(customer_since, 'YYYY-MM-DD') AS since, last_won_deal, version FROM ${t.tenant.schema}.account WHERE id = $1`, [
          account,
        ])
      ).rows[0];
    const after = await read();
    expect(after).toMatchObject({ since: today, last_won_deal: 'Big deal', version: 2 });
    const renewals = async () =>
      (await pool.query(`SELECT account, owner_id, stage FROM ${t.tenant.schema}.opportunity WHERE name = 'Renewal: Big deal'`)).rows;
    expect(await renewals()).toEqual([{ account, owner_id: t.actor.userId, stage: 'prospecting' }]);

    for (const a of run.actions) await deliverAgain(a.id);
    expect(await read()).toEqual(after);
    expect(await renewals()).toHaveLength(1);
  });

  it('writes nothing for an opportunity without an account, and says so in the result', async () => {
    let opp = await createOpportunity({ name: 'Lonely', amount: { amount: 10, currency: 'USD' } });
    opp = await move(opp, 'negotiation');
    await move(opp, 'closed_won');
    const run = await settledRun('wonUpdatesAccount', opp.id);
    expect(run.actions.map((a) => a.status)).toEqual(['done', 'done']);
    const result = await pool.query('SELECT result FROM platform.automation_actions WHERE id = $1', [run.actions[0]!.id]);
    expect(result.rows[0].result).toMatchObject({ object: 'account', recordId: null, note: 'the record has no account' });
  });

  it('retries a create whose write fails and, once the data is fixed, a retry makes exactly one record', async () => {
    // A quote needs an account: an opportunity without one fails every attempt until it is dead.
    const opp = await move(await createOpportunity({ name: 'Orphan', amount: { amount: 70, currency: 'USD' } }), 'proposal');
    const dead = await settledRun('quoteOnProposal', opp.id);
    const maxAttempts = server.platform.config.automation.maxAttempts;
    expect(dead.actions[0]).toMatchObject({ status: 'dead', attempts: maxAttempts, lastError: expect.stringMatching(/account/i) });
    expect(await quotesOf(opp.id)).toHaveLength(0);

    const account = await createAccount('Initech');
    ok(
      await data('mutation($id: ID!, $v: Int!, $i: OpportunityInput!) { updateOpportunity(id: $id, version: $v, input: $i) { id } }', {
        id: opp.id,
        v: opp.version,
        i: { account },
      }),
    );
    ok(await platform('mutation($id: ID!) { retryAutomationAction(id: $id) }', { id: dead.actions[0]!.id }));
    const runs = await untilRuns(server, pool, t.tenant.id, (r) => r[0]?.actions[0]?.status === 'done', { rule: 'quoteOnProposal', recordId: opp.id });
    // A retry starts the count again: the first attempt after it made the quote.
    expect(runs[0]!.actions[0]).toMatchObject({ status: 'done', attempts: 1, lastError: null });
    await deliverAgain(dead.actions[0]!.id);
    expect(await quotesOf(opp.id)).toEqual([expect.objectContaining({ name: 'Quote for Orphan', account })]);
  });
});
