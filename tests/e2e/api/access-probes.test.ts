/**
 * Held-out probes of issue 11 on the real database, as a sales rep with `own` visibility would try them: a
 * lookup to a record the rep may not see is id only on every path that resolves a lookup (get, list, board,
 * related list, conversion, timeline, search, report groups); reading that record's name through a filter, a
 * sort or a report is refused; a bulk write touching a hidden field is FORBIDDEN; and guessed ids of another
 * rep's records answer as ids that do not exist (null, NOT_FOUND, 404, false).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer, uploadFile, type GqlResponse } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

const ROLES_DIR = new URL('../../../schemas/examples/roles/', import.meta.url);
const roleDocs = () =>
  readdirSync(ROLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, ROLES_DIR), 'utf8')) as Record<string, unknown>);

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
type User = { id: string; token: string };
const users: Record<'admin' | 'rep' | 'otherRep', User> = {} as never;

const call = (as: User, query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, as.token);
const codeOf = (res: GqlResponse) => res.errors?.[0]?.extensions?.['code'];
const forbidden = (res: GqlResponse) => {
  expect(codeOf(res), JSON.stringify(res)).toBe('FORBIDDEN');
  return res.errors![0]!;
};
const SECRET = 'Hidden Holdings';

let hidden: { id: string; version: number };
let mine: { id: string; version: number };
let theirs: { id: string; version: number };
let deal: { id: string; version: number };

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, [...salesModel(), ...roleDocs()]);
  users.admin = { id: t.actor.userId, token: await login(server.url, t.tenant.slug, t.email) };
  const add = async (name: string): Promise<User> => {
    const u = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `${name}@${t.tenant.slug}.test`,
      name,
      passwordHash: PASSWORD_HASH,
      roles: ['salesRep'],
    });
    return { id: u.id, token: await login(server.url, t.tenant.slug, u.email) };
  };
  users.rep = await add('rep');
  users.otherRep = await add('other');
  const account = async (as: User, name: string) =>
    ok(await call(as, 'mutation($n: String!) { createAccount(input: {name: $n}) { id version } }', { n: name })).createAccount as {
      id: string;
      version: number;
    };
  hidden = await account(users.admin, SECRET);
  mine = await account(users.rep, 'Rep Co');
  theirs = await account(users.otherRep, 'Other Co');
  // The rep's deal on an account it may not see, with an activity about both.
  deal = ok(
    await call(users.rep, 'mutation($a: ID!) { createOpportunity(input: {name: "Rep deal", account: $a}) { id version } }', { a: hidden.id }),
  ).createOpportunity;
  ok(
    await call(users.rep, 'mutation($a: ID!, $o: ID!) { createActivity(input: {subject: "Call", type: "call", account: $a, opportunity: $o}) { id } }', {
      a: hidden.id,
      o: deal.id,
    }),
  );
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

/** What a restricted lookup is on the data API: its id, and no record (so none of its fields). */
const restricted = () => ({ accountId: hidden.id, account: null });

describe('a restricted lookup is its id only, on every path that resolves a lookup', () => {
  it('get by id and list (joined or batched): the id, no name; the admin gets the record', async () => {
    const one = 'query($id: ID!) { opportunity(id: $id) { accountId account { id name } } }';
    expect(ok(await call(users.rep, one, { id: deal.id })).opportunity).toEqual(restricted());
    expect(ok(await call(users.admin, one, { id: deal.id })).opportunity).toEqual({ accountId: hidden.id, account: { id: hidden.id, name: SECRET } });
    const many = '{ opportunities { nodes { accountId account { id name } } } }';
    expect(ok(await call(users.rep, many)).opportunities.nodes).toEqual([restricted()]);
  });

  it('board cards and related lists: the id, no name', async () => {
    const board = ok(await call(users.rep, '{ opportunitiesBoard { columns { cards { nodes { accountId account { name } } } } } }')).opportunitiesBoard;
    expect(board.columns.flatMap((c: { cards: { nodes: unknown[] } }) => c.cards.nodes)).toEqual([restricted()]);
    const related = ok(
      await call(users.rep, 'query($id: ID!) { opportunity(id: $id) { activities { nodes { subject accountId account { name } } } } }', { id: deal.id }),
    ).opportunity.activities.nodes;
    expect(related).toEqual([{ subject: 'Call', ...restricted() }]);
  });

  it("conversion: the admin converts the rep's lead; the rep reads the lead's links as ids, the admin's new account by id only", async () => {
    const lead = ok(await call(users.rep, 'mutation { createLead(input: {name: "Ada", company: "Converted Co"}) { id version } }')).createLead;
    // The rep may not link another's account by guessing its id: it is not there for the rep.
    const linked = await call(
      users.rep,
      'mutation($id: ID!, $v: Int!, $a: ID!) { convertLead(id: $id, version: $v, choices: [{target: "account", id: $a}]) { source { id } } }',
      {
        id: lead.id,
        v: lead.version,
        a: hidden.id,
      },
    );
    expect(JSON.stringify(linked.errors)).not.toContain(SECRET);
    expect(linked.errors?.[0]?.extensions?.['details']).toEqual([{ path: 'choices.account.id', message: 'not found' }]);
    const converted = ok(
      await call(users.admin, 'mutation($id: ID!, $v: Int!) { convertLead(id: $id, version: $v) { source { convertedAccountId } } }', {
        id: lead.id,
        v: lead.version,
      }),
    ).convertLead.source;
    const asRep = ok(await call(users.rep, 'query($id: ID!) { lead(id: $id) { convertedAccountId convertedAccount { name } } }', { id: lead.id })).lead;
    expect(asRep).toEqual({ convertedAccountId: converted.convertedAccountId, convertedAccount: null });
  });

  it('conversion candidates: a match the rep may read comes without the fields hidden from its role', async () => {
    ok(
      await call(users.admin, 'mutation($id: ID!, $v: Int!) { updateAccount(id: $id, version: $v, input: {annualRevenue: {amount: 777}}) { id } }', {
        id: mine.id,
        v: mine.version,
      }),
    );
    const lead = ok(await call(users.rep, 'mutation { createLead(input: {name: "Bo", company: "Rep Co"}) { id } }')).createLead;
    const candidates = ok(await call(users.rep, 'query($id: ID!) { leadConversionCandidates(id: $id) { id record } }', { id: lead.id }))
      .leadConversionCandidates as { id: string; record: Record<string, unknown> }[];
    expect(candidates.map((c) => c.id)).toEqual([mine.id]);
    expect(candidates[0]!.record['name']).toBe('Rep Co');
    expect(candidates[0]!.record).not.toHaveProperty('annualRevenue');
  });

  it("timeline: the deal's history names the account by id only; a hidden field's changes are not in the rep's history", async () => {
    const q = 'query($o: String!, $id: ID!) { timeline(object: $o, recordId: $id) { kind title details } }';
    const entries = ok(await call(users.rep, q, { o: 'opportunity', id: deal.id })).timeline;
    expect(entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(entries)).not.toContain(SECRET);
    const account = JSON.stringify(ok(await call(users.rep, q, { o: 'account', id: mine.id })).timeline);
    expect(account).not.toContain('annualRevenue');
    expect(JSON.stringify(ok(await call(users.admin, q, { o: 'account', id: mine.id })).timeline)).toContain('annualRevenue');
  });

  it('search: the rep finds nothing of an account it may not see', async () => {
    const hits = ok(await call(users.rep, 'query($s: String!) { search(text: $s) { object id title } }', { s: SECRET })).search;
    expect(hits).toEqual([]);
    expect(ok(await call(users.admin, 'query($s: String!) { search(text: $s) { id } }', { s: SECRET })).search).toContainEqual({ id: hidden.id });
  });
});

describe("reading a restricted lookup's name some other way is refused", () => {
  it('a sort on a lookup field (account_name) is FORBIDDEN for the rep, on lists and boards; the admin sorts', async () => {
    const refused = forbidden(await call(users.rep, '{ opportunities(orderBy: [{field: account_name}]) { nodes { name } } }'));
    expect(refused.extensions!['details']).toEqual([{ path: 'orderBy[0].field', message: 'account.name reads account records your role may not see' }]);
    forbidden(await call(users.rep, '{ opportunitiesBoard(orderBy: [{field: account_name}]) { columns { count } } }'));
    ok(await call(users.admin, '{ opportunities(orderBy: [{field: account_name}]) { nodes { name } } }'));
  });

  it('a report filtered or grouped by account.name is FORBIDDEN for the rep', async () => {
    const q = 'query($d: JSON) { runReport(definition: $d) { rows { groups { value label } } csv } }';
    const byName = { 'x-object': 'opportunity', groupBy: [{ field: 'account.name' }], measures: [{ key: 'n', fn: 'count' }] };
    const refused = forbidden(await call(users.rep, q, { d: byName }));
    expect(JSON.stringify(refused)).not.toContain(SECRET);
    forbidden(await call(users.rep, q, { d: { ...byName, groupBy: undefined, filter: { '==': [{ var: 'account.name' }, SECRET] } } }));
    expect(ok(await call(users.admin, q, { d: byName })).runReport.rows).toContainEqual({ groups: [{ value: SECRET, label: SECRET }] });
  });

  it("a report grouped by the lookup itself labels a restricted account's group with its id only", async () => {
    const q = 'query($d: JSON) { runReport(definition: $d) { rows { groups { value label } values } } }';
    const d = { 'x-object': 'opportunity', groupBy: [{ field: 'account' }], measures: [{ key: 'n', fn: 'count' }] };
    const asRep = ok(await call(users.rep, q, { d })).runReport;
    expect(asRep.rows).toEqual([{ groups: [{ value: hidden.id, label: null }], values: [1] }]);
    expect(ok(await call(users.admin, q, { d })).runReport.rows).toContainEqual({ groups: [{ value: hidden.id, label: SECRET }], values: [1] });
  });
});

describe('bulk writes and guessed ids', () => {
  it('a bulk create or a batch of updates setting a hidden field is FORBIDDEN naming it; nothing is written', async () => {
    const bulk = forbidden(
      await call(users.rep, 'mutation($in: [AccountInput!]!) { createAccounts(inputs: $in) { id } }', {
        in: [{ name: 'Bulk one' }, { name: 'Bulk two', annualRevenue: { amount: 1 } }],
      }),
    );
    expect(bulk.extensions!['details']).toEqual([{ path: 'inputs[1].annualRevenue', message: 'not visible to your role' }]);
    const batch = await call(
      users.rep,
      'mutation($id: ID!, $v: Int!) { a: updateAccount(id: $id, version: $v, input: {annualRevenue: {amount: 2}}) { version } b: updateAccount(id: $id, version: $v, input: {name: "Renamed", annualRevenue: {amount: 3}}) { version } }',
      { id: mine.id, v: await versionOf(mine.id) },
    );
    // The first refusal ends the batch (its root fields are non-null), so nothing after it runs either.
    expect(batch.errors?.map((e) => e.extensions?.['code'])).toEqual(['FORBIDDEN']);
    expect(batch.data).toBeNull();
    const after = ok(await call(users.admin, 'query($id: ID!) { account(id: $id) { name annualRevenue { amount } } }', { id: mine.id })).account;
    expect(after).toEqual({ name: 'Rep Co', annualRevenue: { amount: 777 } });
    expect(ok(await call(users.admin, '{ accounts(filter: {name: {contains: "Bulk"}}) { totalCount } }')).accounts.totalCount).toBe(0);
  });

  it("another rep's record ids answer as ids that do not exist: get null, update/delete NOT_FOUND, attachments NOT_FOUND/404/false", async () => {
    const nobody = randomUUID();
    const activity = ok(await call(users.otherRep, 'mutation { createActivity(input: {subject: "Theirs", type: "call"}) { id } }')).createActivity;
    const file = await uploadFile(server.url, users.otherRep.token, { object: 'account', recordId: theirs.id, fileName: 'x.txt', content: 'secret' });
    expect(file.status).toBe(201);
    for (const id of [theirs.id, nobody]) {
      expect(ok(await call(users.rep, 'query($id: ID!) { account(id: $id) { id name } }', { id })).account).toBeNull();
      const update = await call(users.rep, 'mutation($id: ID!) { updateAccount(id: $id, version: 1, input: {name: "Taken"}) { id } }', { id });
      expect(codeOf(update)).toBe('NOT_FOUND');
      const upload = await uploadFile(server.url, users.rep.token, { object: 'account', recordId: id, fileName: 'y.txt', content: 'mine now' });
      expect(upload.status).toBe(404);
    }
    for (const id of [activity.id, nobody])
      expect(codeOf(await call(users.rep, 'mutation($id: ID!) { deleteActivity(id: $id) { id } }', { id }))).toBe('NOT_FOUND');
    for (const id of [file.body.id, nobody]) {
      expect((await fetch(`${server.url}/files/${id}`, { headers: { authorization: `Bearer ${users.rep.token}` } })).status).toBe(404);
      expect(ok(await platformGql(server.url, 'mutation($id: ID!) { deleteAttachment(id: $id) }', { id }, users.rep.token)).deleteAttachment).toBe(false);
    }
    const list = 'query($id: ID!) { attachments(object: "account", recordId: $id) { id } }';
    expect(ok(await platformGql(server.url, list, { id: theirs.id }, users.rep.token)).attachments).toEqual([]);
    expect(ok(await call(users.admin, 'query($id: ID!) { account(id: $id) { name } }', { id: theirs.id })).account).toEqual({ name: 'Other Co' });
    expect(ok(await call(users.otherRep, 'query($id: ID!) { activity(id: $id) { id } }', { id: activity.id })).activity).toEqual({ id: activity.id });
  });
});

async function versionOf(id: string): Promise<number> {
  return ok(await call(users.admin, 'query($id: ID!) { account(id: $id) { version } }', { id })).account.version as number;
}
