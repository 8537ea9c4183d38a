/**
 * Scheduled and manual triggers. A scheduled rule's cron is read in the tenant's time zone (Asia/Shanghai here):
 * its tick selects the records its filter and condition hold for (the clock bound: "open, closing within three
 * days"), makes one run per record, and a tick handled twice (two servers) makes them once; another minute makes
 * none. The ticks come from graphile-worker's crontab (registered by every server). A manual rule runs from the
 * platform API on a selection of records, each one the caller may update; anything else is refused, naming it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord, type RecordContext } from '@funnelcraft/records';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { fireSchedules } from '../../../apps/server/src/automation/schedules.js';
import { AutomationModels } from '../../../apps/server/src/automation/models.js';
import { login, ok, platformGql, startTestServer } from '../../support/api.js';
import { settled, untilRuns } from '../../support/automation.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, recordContext, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

const SALES_REP = JSON.parse(readFileSync(new URL('../../../schemas/examples/roles/sales-rep.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const RULES = [
  {
    'x-rule': 'closingSoon',
    'x-object': 'opportunity',
    trigger: {
      type: 'scheduled',
      cron: '0 9 * * 1-5',
      filter: { and: [{ '>=': [{ var: 'closeDate' }, { var: 'today' }] }, { '<=': [{ var: 'closeDate' }, { var: 'today+3' }] }] },
    },
    condition: { in: [{ var: 'new.stage' }, ['prospecting', 'qualification', 'proposal', 'negotiation']] },
    actions: [{ type: 'create_task', subject: '{{name}} closes on {{closeDate}}', assignee: 'owner' }],
  },
  {
    'x-rule': 'callNow',
    'x-object': 'lead',
    trigger: { type: 'manual' },
    condition: { '!=': [{ var: 'new.company' }, 'Skip'] },
    actions: [{ type: 'create_task', subject: 'Call {{name}}', assignee: 'actor' }],
  },
  { 'x-rule': 'onCreate', 'x-object': 'lead', trigger: { type: 'created' }, condition: false, actions: [{ type: 'notify', to: 'owner', message: 'x' }] },
];

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let ctx: RecordContext;

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await pool.query(`UPDATE platform.tenants SET time_zone = 'Asia/Shanghai' WHERE id = $1`, [t.tenant.id]);
  ctx = recordContext(pool, t, (await applyDocs(pool, t, [...salesModel(), SALES_REP, ...RULES])).model);
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

const tasks = async (like: string) =>
  (await pool.query<{ subject: string }>(`SELECT subject FROM ${t.tenant.schema}.activity WHERE subject LIKE $1 ORDER BY subject`, [like])).rows.map(
    (r) => r.subject,
  );

describe('scheduled triggers', () => {
  it('registers the minute tick with graphile-worker', async () => {
    const { rows } = await pool.query(`SELECT identifier FROM graphile_worker._private_known_crontabs WHERE identifier = 'automation_cron'`);
    expect(rows).toHaveLength(1);
  });

  it("fires at the cron's minute in the tenant's time zone, for the records its filter and condition select, once per tick", async () => {
    const account = await createRecord(ctx, 'account', { name: 'Acme' });
    const opp = (name: string, closeDate: string, stage = 'prospecting') =>
      createRecord(ctx, 'opportunity', { name, account: account['id'], closeDate, stage, amount: { amount: 1000, currency: 'USD' } });
    // Monday 4 January 2027, 09:00 in Shanghai is 01:00 UTC; "today" there is the 4th.
    await opp('Soon', '2027-01-06');
    await opp('Edge', '2027-01-07');
    await opp('Later', '2027-01-08');
    await opp('Past', '2027-01-03');
    await opp('Won', '2027-01-05', 'closed_won');
    const models = new AutomationModels(ormOf(pool));
    const tick = new Date('2027-01-04T01:00:00Z');
    // Two servers handling the same tick: each run is made once.
    await Promise.all([fireSchedules(pool, models, tick, () => undefined), fireSchedules(pool, new AutomationModels(ormOf(pool)), tick, () => undefined)]);
    expect(await fireSchedules(pool, models, new Date('2027-01-04T01:00:30Z'), () => undefined)).toBe(0);
    // 09:00 UTC is 17:00 in Shanghai: not the rule's minute.
    await fireSchedules(pool, models, new Date('2027-01-04T09:00:00Z'), () => undefined);
    const runs = await untilRuns(server, pool, t.tenant.id, (r) => r.length === 2 && settled(r), { rule: 'closingSoon' });
    expect(runs.every((r) => r.eventKind === 'scheduled' && r.conditionResult && r.actions[0]!.status === 'done')).toBe(true);
    expect(await tasks('% closes on %')).toEqual(['Edge closes on 2027-01-07', 'Soon closes on 2027-01-06']);
    // The next day's tick is a new one.
    await fireSchedules(pool, models, new Date('2027-01-05T01:00:00Z'), () => undefined);
    await untilRuns(server, pool, t.tenant.id, (r) => r.length === 5 && settled(r), { rule: 'closingSoon' });
    expect(await tasks('Later closes%')).toEqual(['Later closes on 2027-01-08']);
  });
});

describe('manual triggers', () => {
  let admin: string;
  let rep: string;
  let repId: string;
  beforeAll(async () => {
    admin = await login(server.url, t.tenant.slug, t.email);
    const email = `rep@${t.tenant.slug}.test`;
    repId = (await createUser(ormOf(pool), { tenantId: t.tenant.id, email, name: 'Rep', passwordHash: PASSWORD_HASH, roles: ['salesRep'] })).id;
    rep = await login(server.url, t.tenant.slug, email);
  });
  const runRule = (token: string, rule: string, recordIds: string[]) =>
    platformGql(
      server.url,
      'mutation($r: String!, $ids: [ID!]!) { runRule(rule: $r, recordIds: $ids) { id rule eventKind recordId conditionResult runAs note } }',
      { r: rule, ids: recordIds },
      token,
    );

  it('runs on a list selection, checking the condition per record, as the person who started it', async () => {
    const a = await createRecord(ctx, 'lead', { name: 'Ann', company: 'A' });
    const b = await createRecord(ctx, 'lead', { name: 'Bo', company: 'Skip' });
    const runs = ok(await runRule(admin, 'callNow', [String(a['id']), String(b['id'])])).runRule;
    expect(runs.map((r: { recordId: string; conditionResult: boolean }) => [r.recordId, r.conditionResult])).toEqual([
      [a['id'], true],
      [b['id'], false],
    ]);
    expect(runs[0]).toMatchObject({ rule: 'callNow', eventKind: 'manual', runAs: t.actor.userId });
    await untilRuns(server, pool, t.tenant.id, (r) => r.length === 2 && settled(r), { rule: 'callNow' });
    expect(await tasks('Call %')).toEqual(['Call Ann']);
    const { rows } = await pool.query(`SELECT owner_id FROM ${t.tenant.schema}.activity WHERE subject = 'Call Ann'`);
    expect(rows).toEqual([{ owner_id: t.actor.userId }]);
  });

  it('refuses records the caller may not update, other rules and bad ids, naming them; nothing runs', async () => {
    const mine = await createRecord({ ...ctx, actor: { userId: repId, email: 'rep', roles: ['salesRep'] } }, 'lead', { name: 'Mine', company: 'M' });
    const theirs = await createRecord(ctx, 'lead', { name: 'Theirs', company: 'T' });
    const refused = await runRule(rep, 'callNow', [String(mine['id']), String(theirs['id'])]);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', details: [{ path: 'recordIds[1]' }] });
    expect((await runRule(rep, 'onCreate', [String(mine['id'])])).errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: [{ path: 'rule' }],
    });
    expect((await runRule(rep, 'nope', [String(mine['id'])])).errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', details: [{ path: 'rule' }] });
    expect((await runRule(rep, 'callNow', [String(mine['id']), 'x'])).errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: [{ path: 'recordIds[1]' }],
    });
    expect((await runRule(rep, 'callNow', [])).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: [{ path: 'recordIds' }] });
    const runs = await untilRuns(server, pool, t.tenant.id, (r) => r.length === 2, { rule: 'callNow' });
    expect(runs).toHaveLength(2);
    // The rep's own lead runs, as the rep.
    const [run] = ok(await runRule(rep, 'callNow', [String(mine['id'])])).runRule;
    expect(run).toMatchObject({ runAs: repId, conditionResult: true });
  });
});
