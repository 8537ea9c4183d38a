/**
 * Approvals through the APIs on the real database: approval rules applied with applyDefinitions, a team with a
 * manager, a rep working their opportunity over the data API, decisions on the platform API.
 * - A rep's update setting the discount over 20 % is not applied: it answers APPROVAL_REQUIRED naming a pending
 *   request, the record is unchanged, the rep's further edits of the discount are refused (CONFLICT, reason
 *   approvalPending, naming the request) while other fields stay editable.
 * - The owner's manager finds it in their inbox and approves: the change is applied as the rep's write (field
 *   history, the automation event another rule acts on), on the timeline, and the rep is notified.
 * - A change to a record binned meanwhile is approved only after a restore (rejected at any time).
 * - Approvers see no value of a field their role hides.
 * - Concurrent changes make one request; the others (an admin's too) find the field locked.
 * - A rejection drops the change; a two-step approval (manager, then a role) applies it only after both; people
 *   who are not the current step's approvers (another rep, the requester, the manager again) get FORBIDDEN.
 * - Rules naming an unknown user or role, or misusing require_approval, are refused with INVALID_DEFINITION
 *   naming the path, nothing applied.
 * No sleeps: the automation run is awaited on the run log's activity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer, type GqlResponse } from '../../support/api.js';
import { settled, untilRuns } from '../../support/automation.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

const ROLES_DIR = new URL('../../../schemas/examples/roles/', import.meta.url);
const roleDocs = () =>
  readdirSync(ROLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, ROLES_DIR), 'utf8')) as Record<string, unknown>);

/** The sales model with a discount (percent) on opportunities. */
const model = () =>
  salesModel().map((d) =>
    d['x-object'] === 'opportunity' && d['type'] === 'object'
      ? { ...d, properties: { ...(d['properties'] as object), discount: { 'x-kind': 'percent', title: 'Discount', minimum: 0, maximum: 100 } } }
      : d,
  );

const discountRule = {
  'x-rule': 'bigDiscount',
  'x-object': 'opportunity',
  title: 'Discounts over 20 % need the manager',
  trigger: { type: 'fields_changed', fields: ['discount'] },
  condition: { '>': [{ var: 'new.discount' }, 20] },
  actions: [{ type: 'require_approval', steps: [{ manager: true }], message: 'Discounts over 20 % need your manager' }],
};
const wonRule = {
  'x-rule': 'wonNeedsTwo',
  'x-object': 'opportunity',
  trigger: { type: 'stage_changed', toCategory: 'won' },
  actions: [
    {
      type: 'require_approval',
      steps: [
        { manager: true, title: 'Manager' },
        { role: 'salesManager', title: 'Sales management' },
      ],
    },
  ],
};
/** An ordinary rule on the discount: its run shows the approved change raised the usual automation event. */
const discountNote = {
  'x-rule': 'discountNote',
  'x-object': 'opportunity',
  trigger: { type: 'fields_changed', fields: ['discount'] },
  actions: [{ type: 'notify', to: 'owner', message: 'Discount now {{discount}} %' }],
};

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
type User = { id: string; token: string };
const u: Record<'admin' | 'rep' | 'otherRep' | 'manager' | 'director', User> = {} as never;

const data = (as: User, query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, as.token);
const platform = (as: User, query: string, variables: Record<string, unknown> = {}) => platformGql(server.url, query, variables, as.token);
const refusal = (res: GqlResponse) => ({
  code: res.errors?.[0]?.extensions?.['code'],
  details: res.errors?.[0]?.extensions?.['details'] as Record<string, unknown>[],
});
const apply = (docs: unknown[]) => platform(u.admin, 'mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { version } }', { d: docs });

const REQUEST =
  'id rule object recordId requestedBy patch fields previous message status step steps { title users role } decisions { step decision decidedBy comment }';
const approve = (as: User, id: string, comment?: string) =>
  platform(as, `mutation($id: ID!, $c: String) { approveChange(id: $id, comment: $c) { ${REQUEST} } }`, { id, c: comment });
const reject = (as: User, id: string, comment?: string) =>
  platform(as, `mutation($id: ID!, $c: String) { rejectChange(id: $id, comment: $c) { ${REQUEST} } }`, { id, c: comment });
const inbox = async (as: User) => ok(await platform(as, `{ myApprovals { ${REQUEST} } }`)).myApprovals as { id: string }[];

const OPP = 'id version name discount stage ownerId';
const opportunity = async (id: string) => ok(await data(u.admin, `query($id: ID!) { opportunity(id: $id) { ${OPP} } }`, { id })).opportunity;
const update = (as: User, id: string, version: number, input: Record<string, unknown>) =>
  data(as, `mutation($id: ID!, $v: Int!, $in: OpportunityInput!) { updateOpportunity(id: $id, version: $v, input: $in) { ${OPP} } }`, {
    id,
    v: version,
    in: input,
  });
const notifications = async (as: User) =>
  ok(await platform(as, '{ notifications { message recordId } }')).notifications as { message: string; recordId: string }[];
const timeline = async (id: string) =>
  ok(await data(u.admin, 'query($id: ID!) { timeline(object: "opportunity", recordId: $id) { kind actorId title details } }', { id })).timeline as {
    kind: string;
    actorId: string;
    title: string;
    details: Record<string, unknown>;
  }[];

async function newOpportunity(name: string): Promise<{ id: string; version: number }> {
  return ok(await data(u.rep, 'mutation($in: OpportunityInput!) { createOpportunity(input: $in) { id version } }', { in: { name, discount: 10 } }))
    .createOpportunity;
}

/** Asks for a change that needs approval; returns the pending request's id (and checks nothing was written). */
async function askApproval(id: string, version: number, input: Record<string, unknown>, rule: string): Promise<string> {
  const { code, details } = refusal(await update(u.rep, id, version, input));
  expect(code).toBe('APPROVAL_REQUIRED');
  expect(details[0]).toMatchObject({ reason: 'approvalRequested', rule, recordId: id });
  return details[0]!['requestId'] as string;
}

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, [...model(), ...roleDocs()]);
  u.admin = { id: t.actor.userId, token: await login(server.url, t.tenant.slug, t.email) };
  const add = async (name: string, roles: string[]): Promise<User> => {
    const user = await createUser(ormOf(pool), { tenantId: t.tenant.id, email: `${name}@${t.tenant.slug}.test`, name, passwordHash: PASSWORD_HASH, roles });
    return { id: user.id, token: await login(server.url, t.tenant.slug, user.email) };
  };
  u.rep = await add('rep', ['salesRep']);
  u.otherRep = await add('other', ['salesRep']);
  u.manager = await add('manager', ['member']);
  u.director = await add('director', ['salesManager']);
  const team = ok(await platform(u.admin, 'mutation($m: ID) { createTeam(name: "Field sales", managerId: $m) { id } }', { m: u.manager.id })).createTeam.id;
  for (const member of [u.rep, u.otherRep])
    ok(await platform(u.admin, 'mutation($t: ID, $u: ID!) { setUserTeam(teamId: $t, userId: $u) { id } }', { t: team, u: member.id }));
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

describe('approval rules', () => {
  it('refuses unknown users and roles and misplaced require_approval, naming the path; nothing applied', async () => {
    const ghost = '00000000-0000-4000-8000-000000000001';
    const cases: [Record<string, unknown>, RegExp, RegExp][] = [
      [
        { ...discountRule, actions: [{ type: 'require_approval', steps: [{ manager: true }, { users: [ghost] }] }] },
        /^documents\[0\]\.actions\[0\]\.steps\[1\]\.users\[0\]$/,
        /no user/,
      ],
      [
        { ...discountRule, actions: [{ type: 'require_approval', steps: [{ role: 'nobody' }] }] },
        /^documents\[\d+\]\.actions\[0\]\.steps\[0\]\.role$/,
        /no role "nobody"/,
      ],
      [{ ...discountRule, trigger: { type: 'created' } }, /^documents\[\d+\]\.trigger\.type$/, /approval gates changes/],
      [
        { ...discountRule, actions: [...discountRule.actions, { type: 'notify', to: 'owner', message: 'x' }] },
        /^documents\[\d+\]\.actions\[0\]$/,
        /only action/,
      ],
      [
        { ...discountRule, actions: [{ type: 'require_approval', steps: [{ manager: true, role: 'salesManager' }] }] },
        /^documents\[\d+\]\.actions\.0\.steps\.0$/,
        /oneOf/,
      ],
      [{ ...discountRule, actions: [{ type: 'require_approval', steps: [] }] }, /^documents\[\d+\]\.actions\.0\.steps$/, /fewer than 1/],
    ];
    for (const [rule, path, message] of cases) {
      const { code, details } = refusal(await apply([rule]));
      expect(code, JSON.stringify(rule)).toBe('INVALID_DEFINITION');
      expect(details, JSON.stringify(rule)).toContainEqual(
        expect.objectContaining({ path: expect.stringMatching(path), message: expect.stringMatching(message) }),
      );
    }
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM platform.definition_versions WHERE tenant_id = $1 AND documents::jsonb @> '[{"x-rule": "bigDiscount"}]'`,
      [t.tenant.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('holds a discount over 20 % for the manager, locks it, and applies it on approval', async () => {
    ok(await apply([discountRule, discountNote, wonRule]));
    const opp = await newOpportunity('Big deal');
    // 20 % is allowed: written at once.
    const at20 = ok(await update(u.rep, opp.id, opp.version, { discount: 20 })).updateOpportunity;
    expect(at20.discount).toBe(20);
    const requestId = await askApproval(opp.id, at20.version, { discount: 25 }, 'bigDiscount');
    expect(await opportunity(opp.id)).toMatchObject({ discount: 20, version: at20.version });

    // Locked: the discount again (even a small one) is refused naming the request; the name is still editable.
    const again = refusal(await update(u.rep, opp.id, at20.version, { discount: 15 }));
    expect(again.code).toBe('CONFLICT');
    expect(again.details).toContainEqual(expect.objectContaining({ path: 'discount', reason: 'approvalPending', requestId, rule: 'bigDiscount' }));
    const renamed = ok(await update(u.rep, opp.id, at20.version, { name: 'Big deal (EMEA)' })).updateOpportunity;
    expect(renamed).toMatchObject({ name: 'Big deal (EMEA)', discount: 20 });

    // Only the step's approver decides: not another rep, not the requester, not an admin who is not named.
    expect((await inbox(u.manager)).map((r) => r.id)).toContain(requestId);
    expect((await inbox(u.otherRep)).map((r) => r.id)).not.toContain(requestId);
    expect(await notifications(u.manager)).toContainEqual(
      expect.objectContaining({
        recordId: opp.id,
        message: expect.stringMatching(/asks you to approve a change to discount of opportunity "Big deal": Discounts over 20 % need your manager/),
      }),
    );
    for (const who of [u.otherRep, u.rep, u.admin]) {
      const { code, details } = refusal(await approve(who, requestId));
      expect(code).toBe('FORBIDDEN');
      expect(details[0]!['reason']).toBe(who === u.rep ? 'selfApproval' : 'notApprover');
    }

    const decided = ok(await approve(u.manager, requestId, 'Strategic account')).approveChange;
    expect(decided).toMatchObject({ status: 'approved', patch: { discount: 25 }, previous: { discount: 20 }, fields: ['discount'], requestedBy: u.rep.id });
    expect(decided.decisions).toEqual([{ step: 0, decision: 'approved', decidedBy: u.manager.id, comment: 'Strategic account' }]);
    expect(await opportunity(opp.id)).toMatchObject({ discount: 25, name: 'Big deal (EMEA)', version: renamed.version + 1 });
    expect(refusal(await approve(u.manager, requestId)).code).toBe('CONFLICT');

    // Written as the rep's change: field history (the timeline), and the automation event the ordinary rule ran on.
    const entries = await timeline(opp.id);
    expect(entries).toContainEqual(
      expect.objectContaining({ kind: 'updated', actorId: u.rep.id, details: { changes: [{ field: 'discount', from: 20, to: 25 }] } }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ kind: 'approval', actorId: u.rep.id, details: expect.objectContaining({ event: 'requested', requestId }) }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        kind: 'approval',
        actorId: u.manager.id,
        details: expect.objectContaining({ event: 'approved', final: true, comment: 'Strategic account' }),
      }),
    );
    const runs = await untilRuns(server, pool, t.tenant.id, (r) => r.length === 2 && settled(r), { rule: 'discountNote', recordId: opp.id });
    expect(runs.map((r) => r.actions[0]!.status)).toEqual(['done', 'done']);
    expect(await notifications(u.rep)).toContainEqual(
      expect.objectContaining({ recordId: opp.id, message: expect.stringMatching(/manager@.* approved your change to discount.*Strategic account/) }),
    );
    expect(await notifications(u.rep)).toContainEqual(expect.objectContaining({ message: 'Discount now 25 %' }));
    const listed = ok(
      await platform(u.rep, `query($id: ID!) { recordApprovals(object: "opportunity", recordId: $id) { ${REQUEST} } }`, { id: opp.id }),
    ).recordApprovals;
    expect(listed.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([[requestId, 'approved']]);
    expect((await inbox(u.manager)).map((r) => r.id)).not.toContain(requestId);
  });

  it('drops a rejected change and unlocks the field', async () => {
    const opp = await newOpportunity('Rejected deal');
    const requestId = await askApproval(opp.id, opp.version, { discount: 40 }, 'bigDiscount');
    const decided = ok(await reject(u.manager, requestId, 'Too much')).rejectChange;
    expect(decided).toMatchObject({ status: 'rejected', decisions: [{ step: 0, decision: 'rejected', decidedBy: u.manager.id, comment: 'Too much' }] });
    expect(await opportunity(opp.id)).toMatchObject({ discount: 10, version: opp.version });
    expect(await timeline(opp.id)).toContainEqual(
      expect.objectContaining({
        kind: 'approval',
        actorId: u.manager.id,
        title: 'discount: rejected, not applied',
        details: expect.objectContaining({ comment: 'Too much' }),
      }),
    );
    expect(await notifications(u.rep)).toContainEqual(
      expect.objectContaining({ recordId: opp.id, message: expect.stringMatching(/rejected your change to discount.*Too much/) }),
    );
    // The lock is gone: the rep may set a discount that needs no approval.
    expect(ok(await update(u.rep, opp.id, opp.version, { discount: 15 })).updateOpportunity.discount).toBe(15);
  });

  it('approves a change to a binned record only once it is restored; a rejection needs no restore', async () => {
    const opp = await newOpportunity('Binned deal');
    const first = await askApproval(opp.id, opp.version, { discount: 30 }, 'bigDiscount');
    ok(await data(u.admin, 'mutation($id: ID!) { deleteOpportunity(id: $id) { id } }', { id: opp.id }));
    expect(refusal(await approve(u.manager, first)).details[0]).toMatchObject({ reason: 'recordDeleted' });
    ok(await data(u.admin, 'mutation($id: ID!) { restoreOpportunity(id: $id) { id } }', { id: opp.id }));
    expect(ok(await approve(u.manager, first)).approveChange.status).toBe('approved');
    expect(await opportunity(opp.id)).toMatchObject({ discount: 30 });
    const now = await opportunity(opp.id);
    const second = await askApproval(opp.id, now.version, { discount: 50 }, 'bigDiscount');
    ok(await data(u.admin, 'mutation($id: ID!) { deleteOpportunity(id: $id) { id } }', { id: opp.id }));
    expect(ok(await reject(u.manager, second)).rejectChange.status).toBe('rejected');
  });

  it('makes one request of concurrent changes: the others find the field locked, an admin too', async () => {
    const opp = await newOpportunity('Contested deal');
    const answers = await Promise.all([25, 30, 35, 40, 45].map((discount) => update(u.rep, opp.id, opp.version, { discount })));
    const codes = answers.map((a) => refusal(a).code).sort();
    expect(codes).toEqual(['APPROVAL_REQUIRED', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT']);
    const requestId = refusal(answers.find((a) => refusal(a).code === 'APPROVAL_REQUIRED')!).details[0]!['requestId'];
    for (const a of answers.filter((x) => refusal(x).code === 'CONFLICT'))
      expect(refusal(a).details[0]).toMatchObject({ reason: 'approvalPending', requestId });
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM platform.approval_requests WHERE record_id = $1 AND status = 'pending'`, [opp.id]);
    expect(rows[0].n).toBe(1);
    expect(refusal(await update(u.admin, opp.id, opp.version, { discount: 5 })).details[0]).toMatchObject({ reason: 'approvalPending', requestId });
    expect(await opportunity(opp.id)).toMatchObject({ discount: 10, version: opp.version });
  });

  it('shows approvers no value of a field their role hides', async () => {
    ok(
      await apply([
        {
          'x-rule': 'revenueCheck',
          'x-object': 'account',
          trigger: { type: 'fields_changed', fields: ['annualRevenue'] },
          actions: [{ type: 'require_approval', steps: [{ users: [u.rep.id] }] }],
        },
      ]),
    );
    const account = ok(await data(u.admin, 'mutation { createAccount(input: { name: "Hidden revenue Co" }) { id version } }')).createAccount;
    const { code, details } = refusal(
      await data(u.admin, 'mutation($id: ID!, $v: Int!) { updateAccount(id: $id, version: $v, input: { annualRevenue: { amount: 9000 } }) { id } }', {
        id: account.id,
        v: account.version,
      }),
    );
    expect(code).toBe('APPROVAL_REQUIRED');
    // The rep (their role hides annualRevenue) sees that the field changes, not to what.
    const mine = (await inbox(u.rep)).find((r) => r.id === details[0]!['requestId']) as unknown as Record<string, unknown>;
    expect(mine).toMatchObject({ fields: ['annualRevenue'], patch: {}, previous: {} });
    expect(ok(await approve(u.rep, mine['id'] as string)).approveChange).toMatchObject({ status: 'approved', patch: {} });
    const stored = await pool.query(`SELECT annual_revenue::float AS v FROM ${t.tenant.schema}.account WHERE id = $1`, [account.id]);
    expect(stored.rows[0].v).toBe(9000);
  });

  it('moves into Won only after both steps approve: the manager, then a sales manager', async () => {
    const opp = await newOpportunity('Two-step deal');
    const requestId = await askApproval(opp.id, opp.version, { stage: 'closed_won' }, 'wonNeedsTwo');
    expect(await opportunity(opp.id)).toMatchObject({ stage: 'prospecting' });
    // The stage is locked, by any path that moves it.
    const move = await data(u.rep, 'mutation($id: ID!, $v: Int!) { moveOpportunity(id: $id, version: $v, stage: "qualification") { id } }', {
      id: opp.id,
      v: opp.version,
    });
    expect(refusal(move).details).toContainEqual(expect.objectContaining({ reason: 'approvalPending', requestId }));

    expect(refusal(await approve(u.director, requestId)).code).toBe('FORBIDDEN');
    const first = ok(await approve(u.manager, requestId, 'ok from me')).approveChange;
    expect(first).toMatchObject({ status: 'pending', step: 1 });
    expect(await opportunity(opp.id)).toMatchObject({ stage: 'prospecting' });
    expect((await inbox(u.manager)).map((r) => r.id)).not.toContain(requestId);
    expect((await inbox(u.director)).map((r) => r.id)).toContain(requestId);
    expect(refusal(await approve(u.manager, requestId)).code).toBe('FORBIDDEN');

    const second = ok(await approve(u.director, requestId)).approveChange;
    expect(second).toMatchObject({ status: 'approved', step: 2 });
    expect(second.decisions.map((d: { decidedBy: string }) => d.decidedBy)).toEqual([u.manager.id, u.director.id]);
    expect(await opportunity(opp.id)).toMatchObject({ stage: 'closed_won' });
    const entries = await timeline(opp.id);
    expect(entries).toContainEqual(expect.objectContaining({ kind: 'stage', actorId: u.rep.id, title: 'prospecting → closed_won' }));
    expect(entries.filter((e) => e.kind === 'approval').map((e) => e.title)).toEqual([
      'stage, pipeline, probability, lostReason: approved and applied',
      'stage, pipeline, probability, lostReason: step 1 of 2 approved',
      'approval requested: stage, pipeline, probability, lostReason',
    ]);
  });
});
