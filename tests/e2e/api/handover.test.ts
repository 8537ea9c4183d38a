/**
 * Handover through the platform API on the real database: a leaving rep's records (all, or one object's
 * filtered by the data API's filter input) and open activities move to another rep in one transaction; each
 * moved record's timeline shows the owner change, the audit keeps who, when, from, to and the counts; rules
 * naming the rep are reported; refusals are coded. A handover of 10,000 records is one transaction: its backend
 * killed halfway (blocked on a row this test holds locked, after the first object's records were updated), nothing moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer, type GqlResponse } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let admin: string;
const users: Record<string, { id: string; token: string }> = {};

const platform = (query: string, variables: Record<string, unknown> = {}, token = admin) => platformGql(server.url, query, variables, token);
const data = (query: string, variables: Record<string, unknown> = {}, token = admin) => gql(server.url, query, variables, token);
const refusal = (res: GqlResponse) => ({ code: res.errors?.[0]?.extensions?.['code'], details: res.errors?.[0]?.extensions?.['details'] });
const TRANSFER = `mutation($input: OwnershipTransferInput!) { transferOwnership(input: $input) {
  id at actorId fromUserId toUserId scope { object filter openActivities } counts { object count } total ruleReferences { rule path reason message } } }`;
const transfer = (input: Record<string, unknown>, token = admin) => platform(TRANSFER, { input }, token);
const table = (name: string) => `"${t.tenant.schema}"."${name}"`;
const ownedBy = async (object: string, userId: string, extra = '') =>
  Number(
    (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table(object)} WHERE owner_id = $1 AND deleted_at IS NULL ${extra}`, [userId])).rows[0]!.n,
  );

/** The backend waiting on a lock the client holds: polled from another connection (a transaction keeps one snapshot of pg_stat_activity). */
async function backendBlockedBy(holder: { query: Pool['query'] }): Promise<number> {
  const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const giveUp = Date.now() + 60_000; // a bound on a wait for an event, not a timing assertion
  while (Date.now() < giveUp) {
    const { rows } = await pool.query<{ pid: number; query: string }>('SELECT pid, query FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [
      holderPid,
    ]);
    if (rows[0]) {
      // It is the handover's last step (open activities): the accounts and opportunities are updated in its transaction.
      expect(rows[0].query).toContain(`UPDATE ${table('activity')}`);
      return rows[0].pid;
    }
  }
  throw new Error('no backend waited on the held row');
}

async function newRep(name: string): Promise<{ id: string; token: string }> {
  const u = await createUser(ormOf(pool), {
    tenantId: t.tenant.id,
    email: `${name}@${t.tenant.slug}.test`,
    name,
    passwordHash: PASSWORD_HASH,
    roles: ['member'],
  });
  return { id: u.id, token: await login(server.url, t.tenant.slug, u.email) };
}

async function accountsFor(owner: string, industries: string[]): Promise<string[]> {
  const inputs = industries.map((industry, i) => ({ name: `${industry} ${i}`, industry, ownerId: owner }));
  return ok(await data('mutation($i: [AccountInput!]!) { createAccounts(inputs: $i) { id } }', { i: inputs })).createAccounts.map((a: { id: string }) => a.id);
}

async function activityFor(owner: string, subject: string, done: boolean, account?: string): Promise<string> {
  return ok(await data('mutation($i: ActivityInput!) { createActivity(input: $i) { id } }', { i: { subject, type: 'call', done, ownerId: owner, account } }))
    .createActivity.id;
}

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, salesModel());
  admin = await login(server.url, t.tenant.slug, t.email);
  for (const name of ['leaver', 'taker', 'other', 'gone', 'bulkFrom', 'bulkTo']) users[name] = await newRep(name);
  ok(await platform('mutation($u: ID!) { deactivateUser(userId: $u) { id } }', { u: users['gone']!.id }));
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

describe('transferOwnership', () => {
  it("moves every record and the open activities, shows it on each record's timeline, and keeps the audit", async () => {
    const [leaver, taker] = [users['leaver']!, users['taker']!];
    const accounts = await accountsFor(leaver.id, ['retail', 'retail', 'finance']);
    await accountsFor(taker.id, ['medical']);
    const open = await activityFor(leaver.id, 'Call back', false, accounts[0]);
    const done = await activityFor(leaver.id, 'Called', true, accounts[0]);
    const opp = ok(await data('mutation($o: ID!) { createOpportunity(input: {name: "Deal", ownerId: $o}) { id } }', { o: leaver.id })).createOpportunity.id;

    const moved = ok(await transfer({ fromUserId: leaver.id, toUserId: taker.id })).transferOwnership;
    expect(moved).toMatchObject({
      actorId: t.actor.userId,
      fromUserId: leaver.id,
      toUserId: taker.id,
      scope: { object: null, filter: null, openActivities: true },
    });
    expect(moved.counts).toEqual([
      { object: 'account', count: 3 },
      { object: 'contact', count: 0 },
      { object: 'lead', count: 0 },
      { object: 'opportunity', count: 1 },
      { object: 'opportunityContactRole', count: 0 },
      { object: 'activity', count: 1 },
    ]);
    expect(moved.total).toBe(5);
    expect(await ownedBy('account', leaver.id)).toBe(0);
    expect(await ownedBy('account', taker.id)).toBe(4);
    expect(await ownedBy('opportunity', taker.id)).toBe(1);
    // The done activity stays with whoever did it.
    const owners = ok(await data('{ activities { nodes { id ownerId } } }')).activities.nodes;
    expect(owners).toEqual(
      expect.arrayContaining([
        { id: open, ownerId: taker.id },
        { id: done, ownerId: leaver.id },
      ]),
    );

    const timeline = ok(
      await data('query($id: ID!) { timeline(object: "account", recordId: $id) { kind actorId title details } }', { id: accounts[1] }),
    ).timeline;
    expect(timeline[0]).toEqual({
      kind: 'updated',
      actorId: t.actor.userId,
      title: 'ownerId',
      details: { changes: [{ field: 'ownerId', from: leaver.id, to: taker.id }] },
    });
    const oppTimeline = ok(await data('query($id: ID!) { timeline(object: "opportunity", recordId: $id) { kind details } }', { id: opp })).timeline;
    expect(oppTimeline[0]).toEqual({ kind: 'updated', details: { changes: [{ field: 'ownerId', from: leaver.id, to: taker.id }] } });
    // A moved record's version went up: a client holding the old one is told to reload.
    expect(ok(await data('query($id: ID!) { account(id: $id) { version ownerId } }', { id: accounts[0] })).account).toEqual({ version: 2, ownerId: taker.id });

    const audit = ok(
      await platform('query($u: ID) { ownershipTransfers(userId: $u) { id at actorId fromUserId toUserId total counts { object count } } }', { u: leaver.id }),
    ).ownershipTransfers;
    expect(audit).toEqual([{ id: moved.id, at: moved.at, actorId: t.actor.userId, fromUserId: leaver.id, toUserId: taker.id, total: 5, counts: moved.counts }]);
  });

  it('with an object and a filter, moves only the matching records (and open activities only when asked)', async () => {
    const [taker, other] = [users['taker']!, users['other']!];
    const before = { retail: await ownedBy('account', taker.id, `AND industry = 'retail'`), all: await ownedBy('account', taker.id) };
    const open = await activityFor(taker.id, 'Visit', false);
    const moved = ok(
      await transfer({ fromUserId: taker.id, toUserId: other.id, object: 'account', filter: { industry: { eq: 'retail' } }, openActivities: false }),
    ).transferOwnership;
    expect(moved.counts).toEqual([{ object: 'account', count: before.retail }]);
    expect(before.retail).toBe(2);
    expect(await ownedBy('account', other.id)).toBe(2);
    expect(await ownedBy('account', taker.id)).toBe(before.all - 2);
    expect(await ownedBy('account', taker.id, `AND industry = 'retail'`)).toBe(0);
    expect(ok(await data('query($id: ID!) { activity(id: $id) { ownerId } }', { id: open })).activity.ownerId).toBe(taker.id);
    // The filter is the data API's: a nested and/or with the field's operators.
    const nested = ok(
      await transfer({
        fromUserId: other.id,
        toUserId: taker.id,
        object: 'account',
        filter: { or: [{ industry: { eq: 'finance' } }, { name: { startsWith: 'retail 0' } }] },
      }),
    ).transferOwnership;
    expect(nested.counts).toEqual([
      { object: 'account', count: 1 },
      { object: 'activity', count: 0 },
    ]);
  });

  it('reports the rules naming the from-user and leaves them as they are', async () => {
    const leaver = users['leaver']!;
    const team = ok(await platform('mutation { createTeam(name: "Inside sales") { id } }')).createTeam.id;
    ok(await platform('mutation($u: ID!, $t: ID) { setUserTeam(userId: $u, teamId: $t) { id } }', { u: leaver.id, t: team }));
    const rules = [
      {
        'x-rule': 'spreadLeads',
        'x-object': 'lead',
        trigger: { type: 'created' },
        actions: [{ type: 'assign_round_robin', users: [users['other']!.id, leaver.id] }],
      },
      { 'x-rule': 'teamLeads', 'x-object': 'lead', order: 12, trigger: { type: 'created' }, actions: [{ type: 'assign_round_robin', team: 'Inside sales' }] },
    ];
    ok(await platform('mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { applied } }', { d: rules }));
    const moved = ok(await transfer({ fromUserId: leaver.id, toUserId: users['taker']!.id })).transferOwnership;
    expect(moved.ruleReferences.map((r: { rule: string; path: string; reason: string }) => [r.rule, r.path, r.reason])).toEqual([
      ['spreadLeads', 'actions[0].users[1]', 'userList'],
      ['teamLeads', 'actions[0].team', 'teamPool'],
    ]);
    const { definitions } = ok(await platform('{ definitions }'));
    const spread = (definitions as { 'x-rule'?: string; actions?: { users?: string[] }[] }[]).find((d) => d['x-rule'] === 'spreadLeads');
    expect(spread?.actions?.[0]?.users).toEqual([users['other']!.id, leaver.id]);
  });

  it('refuses the same user, an unknown or deactivated target, a bad filter, and members', async () => {
    const [leaver, taker] = [users['leaver']!, users['taker']!];
    expect(refusal(await transfer({ fromUserId: leaver.id, toUserId: leaver.id }))).toEqual({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'toUserId', message: 'the same user as fromUserId', reason: 'sameUser' }],
    });
    expect(refusal(await transfer({ fromUserId: leaver.id, toUserId: '00000000-0000-4000-8000-000000000000' }))).toEqual({
      code: 'NOT_FOUND',
      details: [{ path: 'toUserId', message: 'no such user in this workspace', reason: 'unknown' }],
    });
    expect(refusal(await transfer({ fromUserId: leaver.id, toUserId: users['gone']!.id }))).toEqual({
      code: 'CONFLICT',
      details: [{ path: 'toUserId', message: 'this user is deactivated', reason: 'deactivated' }],
    });
    expect(refusal(await transfer({ fromUserId: '00000000-0000-4000-8000-000000000000', toUserId: taker.id })).code).toBe('NOT_FOUND');
    expect(refusal(await transfer({ fromUserId: leaver.id, toUserId: taker.id, object: 'account', filter: { shoeSize: { eq: 3 } } })).code).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await transfer({ fromUserId: leaver.id, toUserId: taker.id, filter: { name: { eq: 'x' } } })).code).toBe('BAD_USER_INPUT');
    expect(refusal(await transfer({ fromUserId: leaver.id, toUserId: taker.id, object: 'spaceship' })).code).toBe('NOT_FOUND');
    expect(refusal(await transfer({ fromUserId: taker.id, toUserId: leaver.id }, taker.token)).code).toBe('FORBIDDEN');
    expect(refusal(await platform('{ ownershipTransfers { id } }', {}, taker.token)).code).toBe('FORBIDDEN');
  });

  it('of 10,000 records is one transaction: killed halfway, nothing moved', async () => {
    const [from, to] = [users['bulkFrom']!, users['bulkTo']!];
    await pool.query(`INSERT INTO ${table('account')} (name, owner_id) SELECT 'Bulk ' || g, $1 FROM generate_series(1, 5000) g`, [from.id]);
    await pool.query(`INSERT INTO ${table('opportunity')} (name, owner_id) SELECT 'Bulk ' || g, $1 FROM generate_series(1, 4999) g`, [from.id]);
    const held = await activityFor(from.id, 'Held open', false);
    const historyBefore = Number((await pool.query(`SELECT count(*) AS n FROM ${table('field_history')}`)).rows[0].n);
    // Accounts and opportunities move first, activities last: holding one open activity locked stops the
    // handover after it has updated 9,999 records, inside its transaction.
    const locker = await pool.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT id FROM ${table('activity')} WHERE id = $1 FOR UPDATE`, [held]);
      const call = transfer({ fromUserId: from.id, toUserId: to.id });
      const pid = await backendBlockedBy(locker);
      // Halfway: the accounts and opportunities are updated in its open transaction, which nobody else sees yet.
      expect(await ownedBy('account', from.id)).toBe(5000);
      await locker.query('SELECT pg_terminate_backend($1)', [pid]);
      const res = await call;
      expect(res.errors?.length).toBeGreaterThan(0);
      await locker.query('ROLLBACK');
    } finally {
      locker.release();
    }
    expect(await ownedBy('account', from.id)).toBe(5000);
    expect(await ownedBy('opportunity', from.id)).toBe(4999);
    expect(await ownedBy('activity', from.id)).toBe(1);
    expect(await ownedBy('account', to.id)).toBe(0);
    expect(Number((await pool.query(`SELECT count(*) AS n FROM ${table('field_history')}`)).rows[0].n)).toBe(historyBefore);
    expect(ok(await platform('query($u: ID) { ownershipTransfers(userId: $u) { id } }', { u: from.id })).ownershipTransfers).toEqual([]);
    // The server is fine afterwards, and the same handover then moves all 10,000.
    const moved = ok(await transfer({ fromUserId: from.id, toUserId: to.id })).transferOwnership;
    expect(moved.total).toBe(10_000);
    expect(await ownedBy('account', to.id)).toBe(5000);
  });
});
