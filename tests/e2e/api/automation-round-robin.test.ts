/**
 * Round-robin owner assignment through the APIs on the real database: a team made with createTeam/setUserTeam,
 * a rule applied with applyDefinitions, leads created over HTTP. Leads created one after another get the
 * team's members in turn, in the order they joined; a burst of concurrent creates (single and bulk) still hands
 * out each turn once, so owners come out even; a deactivated member is skipped; an explicit user list goes
 * round in its own order. Bad configurations are refused with INVALID_DEFINITION naming the path, nothing
 * applied. No sleeps: the test looks at the run log again on each automation activity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer, type GqlResponse } from '../../support/api.js';
import { settled, untilRuns } from '../../support/automation.js';
import { applyDocs, newTenant, PASSWORD, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let admin: string;
let teamId: string;
const member: Record<'ann' | 'bob' | 'cid', string> = { ann: '', bob: '', cid: '' };

const platform = (query: string, variables: Record<string, unknown> = {}) => platformGql(server.url, query, variables, admin);
const data = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, admin);
const refusal = (res: GqlResponse) => ({ code: res.errors?.[0]?.extensions?.code, details: res.errors?.[0]?.extensions?.details });
/** Where a rule applied on top of the sales model sits in the documents the server checks. */
const RULE_AT = `documents[${salesModel().length}]`;
const apply = (docs: unknown[]) => platform('mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { version } }', { d: docs });

const leadRule = (action: Record<string, unknown>, key = 'leadRoundRobin') => ({
  'x-rule': key,
  'x-object': 'lead',
  trigger: { type: 'created' },
  actions: [{ type: 'assign_round_robin', ...action }],
});

const ownerOf = async (object: string, id: string) =>
  (await pool.query<{ owner_id: string }>(`SELECT owner_id FROM ${t.tenant.schema}.${object} WHERE id = $1`, [id])).rows[0]!.owner_id;

/** Waits until the rule's runs for these records are all settled; returns them. */
async function settledRuns(rule: string, ids: string[]) {
  const want = new Set(ids);
  const runs = await untilRuns(
    server,
    pool,
    t.tenant.id,
    (r) => {
      const mine = r.filter((x) => x.recordId && want.has(x.recordId));
      return mine.length === want.size && settled(mine);
    },
    { rule },
  );
  return runs.filter((x) => x.recordId && want.has(x.recordId));
}

async function createLead(name: string): Promise<string> {
  return ok(await data('mutation($i: LeadInput!) { createLead(input: $i) { id } }', { i: { name } })).createLead.id;
}

/** Creates leads one after another, each after the previous one's assignment settled (so turns follow creation order). */
async function leadsInTurn(names: string[]): Promise<string[]> {
  const owners: string[] = [];
  for (const name of names) {
    const id = await createLead(name);
    const [run] = await settledRuns('leadRoundRobin', [id]);
    expect(run!.actions.map((a) => a.status)).toEqual(['done']);
    owners.push(await ownerOf('lead', id));
  }
  return owners;
}

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, salesModel());
  admin = await login(server.url, t.tenant.slug, t.email);
  teamId = ok(await platform('mutation { createTeam(name: "Inside sales") { id } }')).createTeam.id;
  for (const name of ['ann', 'bob', 'cid'] as const) {
    const u = ok(
      await platform('mutation($e: String!, $n: String!, $p: String!) { createUser(email: $e, name: $n, password: $p) { id } }', {
        e: `${name}@${t.tenant.slug}.test`,
        n: name,
        p: `${PASSWORD}-long-enough`,
      }),
    ).createUser.id;
    member[name] = u;
    ok(await platform('mutation($t: ID, $u: ID!) { setUserTeam(teamId: $t, userId: $u) { id } }', { t: teamId, u }));
  }
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

describe('round-robin assignment', () => {
  it('refuses a missing team, a missing user, both or neither, and a field that is not a user field, naming the path', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ team: 'Nobody here' }, 'documents[0].actions[0].team', /no team "Nobody here"/],
      [{ users: ['00000000-0000-4000-8000-000000000001'] }, 'documents[0].actions[0].users[0]', /no user/],
      [{ team: 'Inside sales', users: [member.ann] }, `${RULE_AT}.actions[0]`, /a team or a list of users to go round, not both/],
      [{}, `${RULE_AT}.actions.0`, /must have required property 'team'/],
      [{ team: 'Inside sales', field: 'company' }, `${RULE_AT}.actions[0].field`, /"company" is not a user field of lead/],
      [{ users: [] }, `${RULE_AT}.actions.0.users`, /must NOT have fewer than 1 items/],
      [{ users: ['not-a-uuid'] }, `${RULE_AT}.actions.0.users.0`, /must match format "uuid"/],
    ];
    for (const [action, path, message] of cases) {
      const { code, details } = refusal(await apply([leadRule(action)]));
      expect(code, JSON.stringify(action)).toBe('INVALID_DEFINITION');
      expect(details, JSON.stringify(action)).toContainEqual(expect.objectContaining({ path, message: expect.stringMatching(message) }));
    }
    const rules = await pool.query(
      `SELECT count(*)::int AS n FROM platform.definition_versions WHERE tenant_id = $1 AND documents::jsonb @> '[{"x-rule": "leadRoundRobin"}]'`,
      [t.tenant.id],
    );
    expect(rules.rows[0].n).toBe(0);
  });

  it('gives new leads to the team members in turn, in the order they joined (the team named by name, any case)', async () => {
    ok(await apply([leadRule({ team: 'inside SALES' })]));
    const owners = await leadsInTurn(['L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
    expect(owners).toEqual([member.ann, member.bob, member.cid, member.ann, member.bob, member.cid]);
  });

  it('hands out each turn once under concurrent writes: owners stay even', async () => {
    const singles = Array.from({ length: 15 }, (_, i) => createLead(`C${i}`));
    const bulk = data('mutation($i: [LeadInput!]!) { createLeads(inputs: $i) { id } }', { i: Array.from({ length: 15 }, (_, i) => ({ name: `B${i}` })) });
    const ids = [...(await Promise.all(singles)), ...ok(await bulk).createLeads.map((l: { id: string }) => l.id)];
    const runs = await settledRuns('leadRoundRobin', ids);
    expect(runs.flatMap((r) => r.actions.map((a) => a.status))).toEqual(Array(30).fill('done'));
    const { rows } = await pool.query<{ owner_id: string; n: number }>(
      `SELECT owner_id, count(*)::int AS n FROM ${t.tenant.schema}.lead WHERE id = ANY($1::uuid[]) GROUP BY owner_id`,
      [ids],
    );
    expect(Object.fromEntries(rows.map((r) => [r.owner_id, r.n]))).toEqual({ [member.ann]: 10, [member.bob]: 10, [member.cid]: 10 });
    // Turns 7 … 36, each drawn once.
    const turns = await pool.query<{ turn: number }>(
      `SELECT (a.result->>'turn')::int AS turn FROM platform.automation_actions a WHERE a.id = ANY($1::uuid[]) ORDER BY 1`,
      [runs.flatMap((r) => r.actions.map((a) => a.id))],
    );
    expect(turns.rows.map((r) => r.turn)).toEqual(Array.from({ length: 30 }, (_, i) => i + 7));
  });

  it('skips a deactivated member', async () => {
    ok(await platform('mutation($u: ID!) { deactivateUser(userId: $u) { id } }', { u: member.bob }));
    const owners = await leadsInTurn(['D1', 'D2', 'D3', 'D4']);
    expect(owners).not.toContain(member.bob);
    expect(owners.filter((o) => o === member.ann)).toHaveLength(2);
    expect(owners.filter((o) => o === member.cid)).toHaveLength(2);
    ok(await platform('mutation($u: ID!) { reactivateUser(userId: $u) { id } }', { u: member.bob }));
  });

  it('goes round an explicit user list in its own order, skipping deactivated users; none active: dead with a reason', async () => {
    ok(
      await apply([
        leadRule({ users: [member.cid, member.bob, member.ann] }, 'leadRoundRobin'),
        {
          'x-rule': 'accountRoundRobin',
          'x-object': 'account',
          trigger: { type: 'created' },
          actions: [{ type: 'assign_round_robin', users: [member.bob] }],
        },
      ]),
    );
    expect(await leadsInTurn(['U1', 'U2', 'U3', 'U4'])).toEqual([member.cid, member.bob, member.ann, member.cid]);
    ok(await platform('mutation($u: ID!) { deactivateUser(userId: $u) { id } }', { u: member.bob }));
    const account = ok(await data('mutation { createAccount(input: { name: "Nobody to take it" }) { id } }')).createAccount.id;
    const [run] = await settledRuns('accountRoundRobin', [account]);
    expect(run!.actions[0]).toMatchObject({ status: 'dead', lastError: expect.stringMatching(/none of the listed users is active/) });
    expect(await ownerOf('account', account)).toBe(t.actor.userId);
  });
});
