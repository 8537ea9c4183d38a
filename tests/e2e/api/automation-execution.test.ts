/**
 * Rules executing on the server's graphile-worker runner: a stage change makes one follow-up task for the
 * owner (merge fields with a lookup filled) and a notification; the job run again changes nothing; a false
 * condition is logged without actions; an action this server cannot perform is dead, visible and
 * re-runnable; a rule whose update fires itself stops at the chain depth with a note. No sleeps: the test
 * looks at the run log again on each automation activity notification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantModel } from '@funnelcraft/definitions';
import { createRecord, moveRecord, updateRecordVersioned, type RecordContext } from '@funnelcraft/records';
import { createUser, listRuns, retryAction, type Pool, type RunLogEntry } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { executeAction } from '../../../apps/server/src/automation/actions.js';
import { AutomationModels } from '../../../apps/server/src/automation/models.js';
import { MAX_CHAIN_DEPTH } from '../../../apps/server/src/automation/dispatcher.js';
import { gql, login, ok, startTestServer } from '../../support/api.js';
import { settled, untilActivity, untilRuns } from '../../support/automation.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, recordContext, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let ctx: RecordContext;
let model: TenantModel;
let SETTINGS: RunningServer['platform']['config']['automation'];

const RULES = [
  {
    'x-rule': 'followUp',
    'x-object': 'opportunity',
    order: 1,
    trigger: { type: 'stage_changed', to: 'proposal' },
    actions: [
      { type: 'create_task', subject: 'Follow up {{name}} at {{account.name}}', assignee: 'owner', due: { in: 2, unit: 'days' } },
      { type: 'notify', to: 'owner', message: { en: '{{name}} is in Proposal', zh: '{{name}} 进入方案' } },
    ],
  },
  {
    'x-rule': 'never',
    'x-object': 'opportunity',
    order: 2,
    trigger: { type: 'stage_changed', to: 'proposal' },
    condition: { '>': [{ var: 'new.probability' }, 1000] },
    actions: [{ type: 'notify', to: 'owner', message: 'never' }],
  },
  { 'x-rule': 'hook', 'x-object': 'account', trigger: { type: 'created' }, actions: [{ type: 'webhook', url: 'http://127.0.0.1:1/closed' }] },
  {
    'x-rule': 'mail',
    'x-object': 'contact',
    trigger: { type: 'created' },
    actions: [{ type: 'send_email', to: 'owner', subject: 'Hi {{lastName}}', body: { en: 'Welcome {{firstName}}', zh: '欢迎 {{firstName}}' } }],
  },
  {
    'x-rule': 'dueSoon',
    'x-object': 'activity',
    trigger: { type: 'time_relative', field: 'dueAt', offset: 30, unit: 'minutes', direction: 'before' },
    condition: { '!': [{ var: 'new.done' }] },
    actions: [{ type: 'notify', to: 'owner', message: '{{subject}} is due soon' }],
  },
  {
    'x-rule': 'chain',
    'x-object': 'lead',
    trigger: { type: 'fields_changed', fields: ['company'] },
    actions: [{ type: 'update_fields', values: { company: { cat: [{ var: 'new.company' }, '+'] } } }],
  },
];

const until = (done: (runs: RunLogEntry[]) => boolean, filter: { rule?: string } = {}) => untilRuns(server, pool, t.tenant.id, done, filter);

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  SETTINGS = server.platform.config.automation;
  t = await newTenant(pool);
  model = (await applyDocs(pool, t, [...salesModel(), ...RULES])).model;
  ctx = recordContext(pool, t, model);
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

describe('rule execution', () => {
  it('makes one task and one notification when an opportunity enters Proposal; a repeated job changes nothing', async () => {
    const account = await createRecord(ctx, 'account', { name: 'Acme' });
    const opp = await createRecord(ctx, 'opportunity', {
      name: 'Rocket',
      account: account['id'],
      amount: { amount: 5000, currency: 'USD' },
      closeDate: '2027-01-31',
    });
    await moveRecord(ctx, 'opportunity', String(opp['id']), Number(opp['version']), { stage: 'proposal' });
    const runs = await until((r) => r.length === 1 && settled(r), { rule: 'followUp' });
    const run = runs.find((r) => r.rule === 'followUp')!;
    expect(run).toMatchObject({ conditionResult: true, eventKind: 'updated', recordId: opp['id'], runAs: null });
    expect(run.actions.map((a) => [a.type, a.status, a.attempts])).toEqual([
      ['create_task', 'done', 1],
      ['notify', 'done', 1],
    ]);
    const tasks = await pool.query(`SELECT subject, owner_id, opportunity, due_at FROM ${t.tenant.schema}.activity WHERE opportunity = $1`, [opp['id']]);
    expect(tasks.rows).toHaveLength(1);
    expect(tasks.rows[0]).toMatchObject({ subject: 'Follow up Rocket at Acme', owner_id: t.actor.userId });
    const dueIn = new Date(tasks.rows[0].due_at).getTime() - Date.now();
    expect(dueIn).toBeGreaterThan(86_400_000 * 1.9);
    expect(dueIn).toBeLessThan(86_400_000 * 2.1);
    const notes = await pool.query('SELECT message FROM platform.notifications WHERE tenant_id = $1 AND user_id = $2', [t.tenant.id, t.actor.userId]);
    expect(notes.rows.map((n) => n.message)).toEqual(['Rocket is in Proposal']);

    // The same job delivered again (a retry after a lost acknowledgement): the action row is done, nothing more happens.
    await executeAction(
      pool,
      ormOf(pool),
      new AutomationModels(ormOf(pool)),
      SETTINGS,
      { mailer: { send: async () => undefined, close: () => undefined } },
      run.actions[0]!.id,
      () => undefined,
    );
    expect((await pool.query(`SELECT count(*)::int AS n FROM ${t.tenant.schema}.activity WHERE opportunity = $1`, [opp['id']])).rows[0].n).toBe(1);

    const never = (await listRuns(pool, t.tenant.id, { rule: 'never', limit: 10 }))[0]!;
    expect(never).toMatchObject({ conditionResult: false, actions: [] });
  });

  it('marks an action dead after its last attempt, visible by status, and a retry runs it again', async () => {
    await createRecord(ctx, 'account', { name: 'Nobody listens' });
    // Two accounts so far (Acme in the first test, this one): two runs, newest first.
    const runs = await until((r) => r.length === 2 && r.every((x) => x.actions[0]?.status === 'dead'), { rule: 'hook' });
    expect(runs[0]!.actions[0]).toMatchObject({ attempts: SETTINGS.maxAttempts, lastError: expect.stringMatching(/fetch failed|ECONNREFUSED/) });
    expect((await listRuns(pool, t.tenant.id, { status: 'dead', limit: 10 })).map((r) => r.rule)).toContain('hook');
    expect(await retryAction(pool, t.tenant.id, runs[0]!.actions[0]!.id)).toBe(true);
    await until((r) => r[0]!.actions[0]!.status === 'dead' && r[0]!.actions[0]!.finishedAt! > runs[0]!.actions[0]!.finishedAt!, { rule: 'hook' });
  });

  it('keeps mail in the built-in outbox without SMTP settings, in the recipient language', async () => {
    await pool.query(`UPDATE platform.users SET language = 'zh' WHERE id = $1`, [t.actor.userId]);
    await createRecord(ctx, 'contact', { firstName: 'Li', lastName: 'Wei' });
    const [run] = await until((r) => r.length === 1 && settled(r), { rule: 'mail' });
    expect(run!.actions[0]).toMatchObject({ status: 'done' });
    const { rows } = await pool.query(`SELECT to_address, subject, body, language, status FROM platform.mail_outbox WHERE tenant_id = $1`, [t.tenant.id]);
    expect(rows).toEqual([{ to_address: t.email, subject: 'Hi Wei', body: '欢迎 Li', language: 'zh', status: 'stored' }]);
  });

  it('stops a rule that keeps firing itself at the chain depth, and says so', async () => {
    const lead = await createRecord(ctx, 'lead', { name: 'Chain', company: 'C' });
    await updateRecordVersioned(ctx, 'lead', String(lead['id']), Number(lead['version']), { company: 'Co' });
    const runs = await until((r) => r.length === MAX_CHAIN_DEPTH + 1 && settled(r), { rule: 'chain' });
    expect(runs[0]!.note).toMatch(/chain depth limit/);
    expect(runs[0]!.actions).toEqual([]);
    const { rows } = await pool.query(`SELECT company FROM ${t.tenant.schema}.lead WHERE id = $1`, [lead['id']]);
    expect(rows[0].company).toBe(`Co${'+'.repeat(MAX_CHAIN_DEPTH)}`);
  });

  it('serves the run log, the dead-letter list and retries on /graphql/platform to admins, and notifications to their users', async () => {
    const admin = await login(server.url, t.tenant.slug, t.email);
    const platform = (query: string, variables: Record<string, unknown> = {}, token = admin) => gql(server.url, query, variables, token, '/graphql/platform');
    const RUN =
      'id rule ruleVersion eventKind object recordId conditionResult depth runAs note createdAt actions { id index type status attempts lastError startedAt finishedAt }';
    const byRule = ok(await platform(`query($f: AutomationRunFilter) { automationRuns(filter: $f) { ${RUN} } }`, { f: { rule: 'followUp' } })).automationRuns;
    expect(byRule).toHaveLength(1);
    expect(byRule[0].actions.map((a: { status: string }) => a.status)).toEqual(['done', 'done']);
    const byRecord = ok(
      await platform(`query($f: AutomationRunFilter) { automationRuns(filter: $f) { rule } }`, { f: { object: 'opportunity', recordId: byRule[0].recordId } }),
    ).automationRuns;
    expect(byRecord.map((r: { rule: string }) => r.rule).sort()).toEqual(['followUp', 'never']);
    const all = ok(await platform(`query { automationRuns(filter: { limit: 200 }) { id } }`)).automationRuns.map((r: { id: string }) => r.id);
    const page1 = ok(await platform(`query { automationRuns(filter: { limit: 2 }) { id } }`)).automationRuns.map((r: { id: string }) => r.id);
    const page2 = ok(await platform(`query($a: ID) { automationRuns(filter: { limit: 2, after: $a }) { id } }`, { a: page1[1] })).automationRuns.map(
      (r: { id: string }) => r.id,
    );
    expect([...page1, ...page2]).toEqual(all.slice(0, 4));
    const dead = ok(await platform(`query { automationRuns(filter: { status: "dead" }) { rule actions { id status } } }`)).automationRuns;
    expect(new Set(dead.map((r: { rule: string }) => r.rule))).toEqual(new Set(['hook']));
    expect(ok(await platform('mutation($id: ID!) { retryAutomationAction(id: $id) }', { id: dead[0].actions[0].id })).retryAutomationAction).toBe(true);
    const bad = await platform('query { automationRuns(filter: { status: "lost" }) { id } }');
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: [{ path: 'status' }] });
    expect(ok(await platform('query { mailOutbox { to subject body language status } }')).mailOutbox).toEqual([
      { to: t.email, subject: 'Hi Wei', body: '欢迎 Li', language: 'zh', status: 'stored' },
    ]);
    expect(ok(await platform('query { notifications { message object } }')).notifications).toEqual([
      { message: 'Rocket is in Proposal', object: 'opportunity' },
    ]);

    await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `member@${t.tenant.slug}.test`,
      name: 'Member',
      passwordHash: PASSWORD_HASH,
      roles: ['member'],
    });
    const member = await login(server.url, t.tenant.slug, `member@${t.tenant.slug}.test`);
    const refused = await platform('query { automationRuns { id } }', {}, member);
    expect(refused.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
    expect(ok(await platform('query { notifications { message } }', {}, member)).notifications).toEqual([]);
  });

  it('fires a time-relative rule once, at the new time when its date is edited', async () => {
    const timer = async (id: string) =>
      (
        await pool.query<{ run_at: string; locked_at: string | null }>(`SELECT run_at, locked_at FROM graphile_worker.jobs WHERE key = $1`, [
          `automation-timer:${t.tenant.id}:dueSoon:${id}`,
        ])
      ).rows;
    const later = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const task = await createRecord(ctx, 'activity', { subject: 'Call back', type: 'call', dueAt: later });
    // Scheduled (a job in PostgreSQL, so it survives restarts) for half an hour before the due time.
    await untilActivity(pool, [server], async () => ((await timer(String(task['id']))).length ? true : undefined));
    expect(new Date((await timer(String(task['id'])))[0]!.run_at).getTime()).toBe(new Date(later).getTime() - 30 * 60_000);
    // Moved to ten minutes from now: the job is replaced and fires now (twenty minutes ago was its time), once.
    await updateRecordVersioned(ctx, 'activity', String(task['id']), Number(task['version']), { dueAt: new Date(Date.now() + 10 * 60_000).toISOString() });
    const runs = await until((r) => r.length === 1 && settled(r), { rule: 'dueSoon' });
    expect(runs[0]).toMatchObject({ eventKind: 'time', recordId: task['id'], conditionResult: true });
    // Fired once: no timer is left waiting (graphile-worker deletes the job it ran on its own schedule after the
    // run committed; until then it is locked, never pending again).
    expect((await timer(String(task['id']))).filter((j) => j.locked_at === null)).toEqual([]);
    const { rows } = await pool.query(`SELECT message FROM platform.notifications WHERE tenant_id = $1 AND record_id = $2`, [t.tenant.id, task['id']]);
    expect(rows).toEqual([{ message: 'Call back is due soon' }]);
  });
});
