import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';
import { countQueries } from '../../support/query-count.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let token: string;
const call = (query: string, variables: Record<string, unknown> = {}, as = token) => gql(server.url, query, variables, as);
const platform = (query: string, variables: Record<string, unknown> = {}, as = token) => platformGql(server.url, query, variables, as);

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

describe('timeline and field history', () => {
  it('records field changes per save, stage moves and activities, newest first', async () => {
    const opp = ok(await call('mutation { createOpportunity(input: {name: "Timeline deal"}) { id version } }')).createOpportunity;
    ok(
      await call(
        'mutation($id: ID!) { updateOpportunity(id: $id, version: 1, input: {name: "Renamed deal", amount: {amount: 900}, closeDate: "2026-12-01"}) { version } }',
        { id: opp.id },
      ),
    );
    ok(await call('mutation($id: ID!) { moveOpportunity(id: $id, version: 2, stage: "proposal") { version } }', { id: opp.id }));
    ok(
      await call(
        'mutation($id: ID!) { createActivity(input: {subject: "Send proposal", type: "email", opportunity: $id, dueAt: "2030-01-01T09:00:00Z"}) { id } }',
        { id: opp.id },
      ),
    );
    const stale = await call('mutation($id: ID!) { updateOpportunity(id: $id, version: 1, input: {name: "Lost update"}) { version } }', { id: opp.id });
    expect(stale.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const timeline = ok(
      await call('query($id: ID!) { timeline(object: "opportunity", recordId: $id) { kind title actorId details } }', { id: opp.id }),
    ).timeline;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['activity', 'stage', 'updated', 'stage', 'created']);
    const update = timeline.find((e: { kind: string }) => e.kind === 'updated');
    expect(update.actorId).toBe(t.actor.userId);
    expect(update.details.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', from: 'Timeline deal', to: 'Renamed deal' },
        { field: 'amount', from: null, to: { amount: 900, currency: 'USD' } },
        { field: 'closeDate', from: null, to: '2026-12-01' },
      ]),
    );
    expect(update.details.changes).toHaveLength(3);
    expect(timeline[1]).toMatchObject({ kind: 'stage', details: { fromStage: 'prospecting', toStage: 'proposal' } });
    expect(timeline[0]).toMatchObject({ kind: 'activity', title: 'Send proposal', details: { type: 'email' } });
  });

  it('shows a record going to the recycle bin and coming back, by whom; a stale delete leaves no trace', async () => {
    const account = ok(await call('mutation { createAccount(input: {name: "Binned and back"}) { id version } }')).createAccount;
    const stale = await call('mutation($id: ID!) { deleteAccount(id: $id, version: 7) { id } }', { id: account.id });
    expect(stale.errors?.[0]?.extensions.code).toBe('CONFLICT');
    ok(await call('mutation($id: ID!) { deleteAccount(id: $id, version: 1) { id } }', { id: account.id }));
    // A binned record's timeline says who binned it.
    const binned = ok(await call('query($id: ID!) { timeline(object: "account", recordId: $id) { kind actorId } }', { id: account.id })).timeline;
    expect(binned.map((e: { kind: string }) => e.kind)).toEqual(['deleted', 'created']);
    ok(await call('mutation($id: ID!) { restoreAccount(id: $id) { id } }', { id: account.id }));
    const timeline = ok(await call('query($id: ID!) { timeline(object: "account", recordId: $id) { kind actorId } }', { id: account.id })).timeline;
    expect(timeline).toEqual([
      { kind: 'restored', actorId: t.actor.userId },
      { kind: 'deleted', actorId: t.actor.userId },
      { kind: 'created', actorId: t.actor.userId },
    ]);
  });

  it('writes each record and its traces in one statement: create, update, move (after the read its gate needs), delete, restore', async () => {
    const statements = async (query: string, variables: Record<string, unknown> = {}) => {
      const counter = countQueries(server.platform.pool, server.platform.dataPool);
      try {
        const data = ok(await call(query, variables));
        return { data, texts: counter.texts };
      } finally {
        counter.stop();
      }
    };
    ok(await call('{ opportunities(first: 1) { totalCount } }')); // the tenant's model is loaded and cached
    const created = await statements('mutation { createOpportunity(input: {name: "One statement"}) { id version } }');
    expect(created.texts, created.texts.join('\n')).toEqual([expect.stringMatching(/^WITH written AS \(INSERT .* history AS \(INSERT /s)]);
    const { id } = created.data.createOpportunity;
    const updated = await statements('mutation($id: ID!) { updateOpportunity(id: $id, version: 1, input: {name: "Renamed"}) { version } }', { id });
    expect(updated.texts, updated.texts.join('\n')).toEqual([expect.stringMatching(/^WITH written AS \(UPDATE .*field_changes AS \(INSERT /s)]);
    const moved = await statements('mutation($id: ID!) { moveOpportunity(id: $id, version: 2, stage: "qualification") { version } }', { id });
    expect(moved.texts, moved.texts.join('\n')).toEqual([
      expect.stringMatching(/^SELECT /),
      expect.stringMatching(/^WITH written AS \(UPDATE .* history AS \(INSERT /s),
    ]);
    // Opportunities have dependents (activities cascade): delete and restore look them up in a transaction, and
    // each record they bin or restore is still one write with its trace.
    const writes = (texts: string[]) => texts.filter((text) => /^(WITH|INSERT|UPDATE|DELETE)/.test(text));
    const deleted = await statements('mutation($id: ID!) { deleteOpportunity(id: $id, version: 3) { id } }', { id });
    expect(writes(deleted.texts), deleted.texts.join('\n')).toEqual([expect.stringMatching(/^WITH written AS \(UPDATE .*field_changes AS \(INSERT /s)]);
    const restored = await statements('mutation($id: ID!) { restoreOpportunity(id: $id) { id } }', { id });
    expect(writes(restored.texts), restored.texts.join('\n')).toEqual([
      expect.stringMatching(/^WITH binned AS .*written AS \(UPDATE .*field_changes AS \(INSERT /s),
    ]);
  });

  it('shows a conversion on the converted record: its status and the links it gained', async () => {
    const lead = ok(await call('mutation { createLead(input: {name: "Ada Trace", company: "Trace Ltd", email: "ada@trace.test"}) { id version } }')).createLead;
    ok(await call('mutation($id: ID!) { convertLead(id: $id, version: 1) { records { id } } }', { id: lead.id }));
    const timeline = ok(await call('query($id: ID!) { timeline(object: "lead", recordId: $id) { kind details } }', { id: lead.id })).timeline;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['updated', 'created']);
    const fields = timeline[0].details.changes.map((c: { field: string }) => c.field).sort();
    expect(fields).toEqual(['convertedAccount', 'convertedContact', 'convertedOpportunity', 'status']);
  });
});

describe('saved views', () => {
  it('keeps own views private and shared ones visible to all, changeable by owner or admin', async () => {
    const other = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `rep@${t.tenant.slug}.test`,
      name: 'Rep',
      passwordHash: PASSWORD_HASH,
      roles: [],
    });
    const repToken = await login(server.url, t.tenant.slug, other.email);
    const definition = { columns: ['name', 'amount'], filter: { stage: { eq: 'proposal' } }, orderBy: [{ field: 'amount', direction: 'DESC' }], pageSize: 25 };
    const mine = ok(
      await platform('mutation($d: JSON!) { saveView(object: "opportunity", name: "My proposals", definition: $d) { id shared ownerId definition } }', {
        d: definition,
      }),
    ).saveView;
    expect(mine).toMatchObject({ shared: false, ownerId: t.actor.userId, definition });
    const shared = ok(
      await platform('mutation($d: JSON!) { saveView(object: "opportunity", name: "Team pipeline", shared: true, definition: $d) { id } }', {
        d: { columns: ['name'] },
      }),
    ).saveView;
    const seenByRep = ok(await platform('{ savedViews(object: "opportunity") { name } }', {}, repToken)).savedViews.map((v: { name: string }) => v.name);
    expect(seenByRep).toEqual(['Team pipeline']);
    const repChange = await platform(
      'mutation($id: ID!) { saveView(id: $id, object: "opportunity", name: "Hijacked", shared: true, definition: {}) { id } }',
      { id: shared.id },
      repToken,
    );
    expect(repChange.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(ok(await platform('mutation($id: ID!) { deleteView(id: $id) }', { id: mine.id }, repToken)).deleteView).toBe(false);
    const bad = await platform('mutation { saveView(object: "opportunity", name: "", definition: {pageSize: 100000}) { id } }');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'name' })] });
    expect(ok(await platform('mutation($id: ID!) { deleteView(id: $id) }', { id: mine.id })).deleteView).toBe(true);
  });
});

describe('users', () => {
  it('lets admins add users who can then sign in, with clear errors and no duplicates', async () => {
    const created = ok(
      await platform('mutation { createUser(email: "ana@example.com", name: "Ana", password: "correct horse battery", roles: []) { id email roles } }'),
    ).createUser;
    expect(created).toMatchObject({ email: 'ana@example.com', roles: ['member'] });
    const anaToken = await login(server.url, t.tenant.slug, 'ana@example.com', 'correct horse battery');
    const notAdmin = await platform('mutation { createUser(email: "bob@example.com", name: "Bob", password: "0123456789") { id } }', {}, anaToken);
    expect(notAdmin.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const bad = await platform('mutation { createUser(email: "not-an-email", name: "", password: "short", roles: ["owner"]) { id } }');
    expect(bad.errors?.[0]?.extensions.details?.map((d) => d.path).sort()).toEqual(['email', 'name', 'password', 'roles[0]']);
    const duplicate = await platform('mutation { createUser(email: "ANA@example.com", name: "Ana again", password: "0123456789") { id } }');
    expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'email' })] });
    const users = ok(await platform('{ users { email } }')).users.map((u: { email: string }) => u.email);
    expect(users.filter((e: string) => e.toLowerCase() === 'ana@example.com')).toHaveLength(1);
  });
});
