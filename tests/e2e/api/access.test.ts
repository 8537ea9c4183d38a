/**
 * Roles and record scopes through the HTTP API on the real database: role documents (the worked examples in
 * schemas/examples/roles) applied with the sales model, users carrying them, and every operation tried as
 * each: allowed ones succeed, refused ones answer FORBIDDEN or do not find the record (outside a scope a record
 * is not there), and nothing outside the scope is changed.
 */
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
const users: Record<'admin' | 'member' | 'rep' | 'otherRep' | 'viewer' | 'manager', User> = {} as never;

const call = (as: User, query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, as.token);
const codeOf = (res: GqlResponse) => res.errors?.[0]?.extensions?.['code'];
const forbidden = (res: GqlResponse) => {
  expect(codeOf(res), JSON.stringify(res)).toBe('FORBIDDEN');
  return res.errors![0]!;
};

const createAccount = async (as: User, name: string) =>
  ok(await call(as, 'mutation($in: AccountInput!) { createAccount(input: $in) { id version ownerId } }', { in: { name } })).createAccount as {
    id: string;
    version: number;
  };
/** Annual revenue (hidden from reps) set by the admin. */
const setRevenue = async (account: { id: string; version: number }) => {
  account.version = ok(
    await call(users.admin, 'mutation($id: ID!, $v: Int!) { updateAccount(id: $id, version: $v, input: {annualRevenue: {amount: 5000}}) { version } }', {
      id: account.id,
      v: account.version,
    }),
  ).updateAccount.version;
};
const readAccount = async (as: User, id: string) =>
  ok(await call(as, 'query($id: ID!) { account(id: $id) { id name annualRevenue { amount } } }', { id })).account;
const accountNames = async (as: User) =>
  ok(await call(as, '{ accounts(first: 100) { totalCount nodes { name } } }')).accounts as { totalCount: number; nodes: { name: string }[] };

let adminAccount: { id: string; version: number };
let repAccount: { id: string; version: number };
let otherAccount: { id: string; version: number };

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, [...salesModel(), ...roleDocs()]);
  users.admin = { id: t.actor.userId, token: await login(server.url, t.tenant.slug, t.email) };
  const add = async (name: string, roles: string[]): Promise<User> => {
    const u = await createUser(ormOf(pool), { tenantId: t.tenant.id, email: `${name}@${t.tenant.slug}.test`, name, passwordHash: PASSWORD_HASH, roles });
    return { id: u.id, token: await login(server.url, t.tenant.slug, u.email) };
  };
  users.member = await add('member', ['member']);
  users.rep = await add('rep', ['salesRep']);
  users.otherRep = await add('other', ['salesRep']);
  users.viewer = await add('viewer', ['readOnly']);
  users.manager = await add('manager', ['salesManager']);
  adminAccount = await createAccount(users.admin, 'Admin Co');
  repAccount = await createAccount(users.rep, 'Rep Co');
  otherAccount = await createAccount(users.otherRep, 'Other Co');
  for (const a of [adminAccount, repAccount, otherAccount]) await setRevenue(a);
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

describe('read, list, aggregate by visibility', () => {
  it('own: a rep lists, counts, aggregates and reads only its own records; all: admin, member, manager and read-only see every one', async () => {
    expect((await accountNames(users.rep)).nodes.map((n) => n.name)).toEqual(['Rep Co']);
    expect((await accountNames(users.rep)).totalCount).toBe(1);
    expect((await accountNames(users.otherRep)).nodes.map((n) => n.name)).toEqual(['Other Co']);
    for (const u of [users.admin, users.member, users.manager, users.viewer]) expect((await accountNames(u)).totalCount).toBe(3);
    expect(ok(await call(users.rep, '{ accountsAggregate { count } }')).accountsAggregate).toEqual([{ count: 1 }]);
    expect(ok(await call(users.admin, '{ accountsAggregate { count } }')).accountsAggregate).toEqual([{ count: 3 }]);
  });

  it("a rep guessing another rep's record id gets nothing, as for an id that does not exist", async () => {
    expect(await readAccount(users.rep, otherAccount.id)).toBeNull();
    expect(await readAccount(users.rep, repAccount.id)).toMatchObject({ name: 'Rep Co' });
    expect(await readAccount(users.manager, otherAccount.id)).toMatchObject({ name: 'Other Co' });
  });

  it('a hidden field is left out of reads and refused in filters; others see it', async () => {
    expect((await readAccount(users.rep, repAccount.id)).annualRevenue).toBeNull();
    expect((await readAccount(users.admin, repAccount.id)).annualRevenue).toEqual({ amount: 5000 });
    const probe = forbidden(await call(users.rep, '{ accounts(filter: {annualRevenue: {gt: 100}}) { totalCount } }'));
    expect(probe.extensions!['details']).toEqual([{ path: 'filter', message: 'annualRevenue is not visible to your role' }]);
  });
});

describe('writes by permission and visibility', () => {
  it('create: allowed to reps, members, managers; FORBIDDEN to read-only', async () => {
    forbidden(await call(users.viewer, 'mutation { createAccount(input: {name: "Nope"}) { id } }'));
    expect((await accountNames(users.admin)).nodes.map((n) => n.name)).not.toContain('Nope');
  });

  it("edit: a rep edits its own record, gets NOT_FOUND for another's (nothing changed); read-only is FORBIDDEN", async () => {
    const own = ok(
      await call(
        users.rep,
        'mutation($id: ID!, $v: Int!) { updateAccount(id: $id, version: $v, input: {phone: "123 456"}) { version annualRevenue { amount } } }',
        { id: repAccount.id, v: repAccount.version },
      ),
    ).updateAccount;
    repAccount.version = own.version;
    // The write answers with what a read would: not the hidden revenue the admin set.
    expect(own.annualRevenue).toBeNull();
    const other = await call(users.rep, 'mutation($id: ID!, $v: Int!) { updateAccount(id: $id, version: $v, input: {name: "Taken"}) { version } }', {
      id: otherAccount.id,
      v: otherAccount.version,
    });
    expect(codeOf(other)).toBe('NOT_FOUND');
    expect(await readAccount(users.admin, otherAccount.id)).toMatchObject({ name: 'Other Co' });
    forbidden(
      await call(users.viewer, 'mutation($id: ID!, $v: Int!) { updateAccount(id: $id, version: $v, input: {name: "X"}) { version } }', {
        id: adminAccount.id,
        v: adminAccount.version,
      }),
    );
  });

  it('read-only and hidden fields are refused on write with FORBIDDEN naming the field, in bulk too; nothing is written', async () => {
    const hidden = forbidden(
      await call(users.rep, 'mutation($id: ID!, $v: Int!) { updateAccount(id: $id, version: $v, input: {annualRevenue: {amount: 1}}) { version } }', {
        id: repAccount.id,
        v: repAccount.version,
      }),
    );
    expect(hidden.extensions!['details']).toEqual([{ path: 'annualRevenue', message: 'not visible to your role' }]);
    const bulk = forbidden(
      await call(users.rep, 'mutation($in: [OpportunityInput!]!) { createOpportunities(inputs: $in) { id } }', {
        in: [{ name: 'Fine' }, { name: 'Priced', amount: { amount: 10 } }],
      }),
    );
    expect(bulk.extensions!['details']).toEqual([{ path: 'inputs[1].amount', message: 'read-only for your role' }]);
    expect(ok(await call(users.admin, '{ opportunities { totalCount } }')).opportunities.totalCount).toBe(0);
    expect((await readAccount(users.admin, repAccount.id)).annualRevenue).toEqual({ amount: 5000 });
  });

  it('delete and restore: FORBIDDEN to reps (no delete permission); a member deletes and restores any record', async () => {
    forbidden(await call(users.rep, 'mutation($id: ID!) { deleteAccount(id: $id) { id } }', { id: repAccount.id }));
    const extra = await createAccount(users.rep, 'Binned Co');
    ok(await call(users.member, 'mutation($id: ID!) { deleteAccount(id: $id) { id } }', { id: extra.id }));
    forbidden(await call(users.rep, 'mutation($id: ID!) { restoreAccount(id: $id) { id } }', { id: extra.id }));
    ok(await call(users.member, 'mutation($id: ID!) { restoreAccount(id: $id) { id } }', { id: extra.id }));
  });

  it('own visibility on delete and restore: a rep binning activities reaches only its own', async () => {
    const mine = ok(await call(users.rep, 'mutation { createActivity(input: {subject: "Mine", type: "call"}) { id } }')).createActivity;
    const theirs = ok(await call(users.otherRep, 'mutation { createActivity(input: {subject: "Theirs", type: "call"}) { id } }')).createActivity;
    expect(codeOf(await call(users.rep, 'mutation($id: ID!) { deleteActivity(id: $id) { id } }', { id: theirs.id }))).toBe('NOT_FOUND');
    ok(await call(users.rep, 'mutation($id: ID!) { deleteActivity(id: $id) { id } }', { id: mine.id }));
    ok(await call(users.otherRep, 'mutation($id: ID!) { deleteActivity(id: $id) { id } }', { id: theirs.id }));
    expect(codeOf(await call(users.rep, 'mutation($id: ID!) { restoreActivity(id: $id) { id } }', { id: theirs.id }))).toBe('NOT_FOUND');
    ok(await call(users.rep, 'mutation($id: ID!) { restoreActivity(id: $id) { id } }', { id: mine.id }));
    expect(ok(await call(users.admin, 'query($id: ID!) { activity(id: $id) { deletedAt } }', { id: theirs.id })).activity).toBeNull();
  });
});

describe('joins, related lists, boards, timelines, reports, attachments', () => {
  let deal: { id: string };
  beforeAll(async () => {
    // A rep's deal on an account it may not see (the admin's), and the admin's deal on the rep's account.
    deal = ok(
      await call(users.rep, 'mutation($a: ID!) { createOpportunity(input: {name: "Rep deal", account: $a}) { id } }', { a: adminAccount.id }),
    ).createOpportunity;
    ok(await call(users.admin, 'mutation($a: ID!) { createOpportunity(input: {name: "Admin deal", account: $a}) { id } }', { a: repAccount.id }));
  });

  it('lookup join: a lookup to a record the rep may not see resolves to nothing (its name is not read); the admin sees it', async () => {
    const q = '{ opportunities { nodes { name accountId account { name } } } }';
    expect(ok(await call(users.rep, q)).opportunities.nodes).toEqual([{ name: 'Rep deal', accountId: adminAccount.id, account: null }]);
    expect(ok(await call(users.admin, q)).opportunities.nodes).toEqual(
      expect.arrayContaining([{ name: 'Rep deal', accountId: adminAccount.id, account: { name: 'Admin Co' } }]),
    );
    const one = ok(await call(users.rep, 'query($id: ID!) { opportunity(id: $id) { account { name } } }', { id: deal.id })).opportunity;
    expect(one).toEqual({ account: null });
  });

  it("a report reading a restricted lookup's name (filter on account.name) is FORBIDDEN for a rep; allowed to the admin", async () => {
    const definition = {
      'x-object': 'opportunity',
      filter: { '==': [{ var: 'account.name' }, 'Admin Co'] },
      measures: [{ key: 'n', fn: 'count' }],
      totals: true,
    };
    const q = 'query($d: JSON) { runReport(definition: $d) { total { values } } }';
    const refused = forbidden(await call(users.rep, q, { d: definition }));
    expect(refused.extensions!['details']).toEqual([{ path: 'account.name', message: 'reads account records your role may not see' }]);
    expect(ok(await call(users.admin, q, { d: definition })).runReport.total.values).toEqual([1]);
  });

  it("export: a report's CSV needs the export permission (reps have none, managers do)", async () => {
    const q = 'query($d: JSON) { runReport(definition: $d) { csv } }';
    const d = { 'x-object': 'account', measures: [{ key: 'n', fn: 'count' }] };
    forbidden(await call(users.rep, q, { d }));
    expect(ok(await call(users.manager, q, { d })).runReport.csv).toBe('n\r\n4\r\n');
  });

  it("related list: the rep's own account lists only the related deals it may see", async () => {
    const q = 'query($id: ID!) { account(id: $id) { opportunities { totalCount nodes { name } } } }';
    expect(ok(await call(users.rep, q, { id: repAccount.id })).account.opportunities).toEqual({ totalCount: 0, nodes: [] });
    expect(ok(await call(users.admin, q, { id: repAccount.id })).account.opportunities).toEqual({ totalCount: 1, nodes: [{ name: 'Admin deal' }] });
  });

  it("board: a rep's board counts and shows its own deals only", async () => {
    const q = '{ opportunitiesBoard { columns { count cards { nodes { name } } } } }';
    const cards = (res: GqlResponse) => ok(res).opportunitiesBoard.columns as { count: number; cards: { nodes: { name: string }[] } }[];
    expect(cards(await call(users.rep, q)).flatMap((c) => c.cards.nodes.map((n) => n.name))).toEqual(['Rep deal']);
    expect(cards(await call(users.rep, q)).reduce((n, c) => n + c.count, 0)).toBe(1);
    expect(cards(await call(users.admin, q)).reduce((n, c) => n + c.count, 0)).toBe(2);
  });

  it("timeline: another rep's record has none for a rep; its own has its history", async () => {
    const q = 'query($id: ID!) { timeline(object: "account", recordId: $id) { kind } }';
    expect(ok(await call(users.rep, q, { id: otherAccount.id })).timeline).toEqual([]);
    expect(ok(await call(users.admin, q, { id: otherAccount.id })).timeline.map((e: { kind: string }) => e.kind)).toContain('created');
    expect(ok(await call(users.rep, q, { id: repAccount.id })).timeline.map((e: { kind: string }) => e.kind)).toContain('created');
  });

  it("attachments: a file of a record outside the rep's scope cannot be read or deleted; its owner's can", async () => {
    const up = await uploadFile(server.url, users.otherRep.token, { object: 'account', recordId: otherAccount.id, fileName: 'x.txt', content: 'secret' });
    expect(up.status).toBe(201);
    const asRep = await fetch(`${server.url}/files/${up.body.id}`, { headers: { authorization: `Bearer ${users.rep.token}` } });
    expect(asRep.status).toBe(404);
    const del = 'mutation($id: ID!) { deleteAttachment(id: $id) }';
    expect(ok(await platformGql(server.url, del, { id: up.body.id }, users.rep.token)).deleteAttachment).toBe(false);
    expect(
      ok(await platformGql(server.url, 'query($id: ID!) { attachments(object: "account", recordId: $id) { id } }', { id: otherAccount.id }, users.rep.token))
        .attachments,
    ).toEqual([]);
    const asOwner = await fetch(`${server.url}/files/${up.body.id}`, { headers: { authorization: `Bearer ${users.otherRep.token}` } });
    expect(await asOwner.text()).toBe('secret');
    // The read-only role reads the file, but may not delete it (no edit permission).
    expect((await fetch(`${server.url}/files/${up.body.id}`, { headers: { authorization: `Bearer ${users.viewer.token}` } })).status).toBe(200);
    forbidden(await platformGql(server.url, del, { id: up.body.id }, users.viewer.token));
    expect(ok(await platformGql(server.url, del, { id: up.body.id }, users.otherRep.token)).deleteAttachment).toBe(true);
  });
});

describe('definitions and role changes', () => {
  it("admins give users the tenant's role documents through the API; a name no document defines is refused", async () => {
    const q = 'mutation($e: String!, $r: [String!]!) { createUser(email: $e, name: "New rep", password: "rep password", roles: $r) { roles } }';
    expect(ok(await platformGql(server.url, q, { e: `newrep@${t.tenant.slug}.test`, r: ['salesRep'] }, users.admin.token)).createUser).toEqual({
      roles: ['salesRep'],
    });
    const bad = await platformGql(server.url, q, { e: `x@${t.tenant.slug}.test`, r: ['salesWizard'] }, users.admin.token);
    expect(bad.errors?.[0]?.extensions?.['details']).toEqual([
      { path: 'roles[0]', message: 'unknown role "salesWizard"; roles: admin, member, readOnly, salesManager, salesRep' },
    ]);
  });

  it('definition apply stays with admins: reps, managers and members are FORBIDDEN', async () => {
    const q = 'mutation($d: [JSON!]!) { applyDefinitions(documents: $d, dryRun: true) { applied } }';
    for (const u of [users.rep, users.manager, users.member]) forbidden(await platformGql(server.url, q, { d: salesModel() }, u.token));
  });

  it('a changed role applies on the next request, with the same token', async () => {
    const rep = roleDocs().find((d) => d['x-role'] === 'salesRep')!;
    // Applied through the server that answers next (the serving process updates its model on apply).
    const apply = async (d: unknown[]) =>
      ok(await platformGql(server.url, 'mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { version } }', { d }, users.admin.token));
    await apply([
      ...salesModel(),
      ...roleDocs().filter((d) => d['x-role'] !== 'salesRep'),
      { ...rep, objects: { ...(rep['objects'] as object), account: { read: true, visibility: 'all' } } },
    ]);
    expect((await accountNames(users.rep)).totalCount).toBeGreaterThanOrEqual(3);
    expect((await readAccount(users.rep, otherAccount.id)).annualRevenue).toEqual({ amount: 5000 });
    forbidden(await call(users.rep, 'mutation { createAccount(input: {name: "No more"}) { id } }'));
    await apply([...salesModel(), ...roleDocs()]);
    expect((await accountNames(users.rep)).nodes.map((n) => n.name).sort()).toEqual(['Binned Co', 'Rep Co']);
  });
});
