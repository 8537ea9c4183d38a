/**
 * Dashboards through the data API over generated deals with stage history: a manager dashboard of report and
 * analytics widgets runs each widget as one statement, global filters (period, owner) apply to every widget,
 * and every drill-down (a report row, subtotal or total; a win-rate bar; a forecast period) is a list filter
 * whose `totalCount` equals the number clicked. Figures are checked against a computation over the generated
 * deals; bad dashboards are refused with their paths, personal ones are their owner's only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, importStageHistory, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';
import { countQueries } from '../../support/query-count.js';

const STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'];
const PROBABILITY: Record<string, number> = { prospecting: 10, qualification: 25, proposal: 50, negotiation: 75, closed_won: 100, closed_lost: 0 };
const DAY = 86_400_000;
const AS_OF = '2026-03-15';
const FROM = '2025-07-01';
const TO = '2026-03-01';

interface Deal {
  id?: string;
  created: number;
  amount: number;
  owner: number;
  account: number;
  closeDate: string;
  stages: { to: string; at: number }[];
}

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(7);
const START = Date.UTC(2025, 3, 1);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DEALS: Deal[] = Array.from({ length: 140 }, (_, i) => {
  const created = START + Math.floor(random() * 330) * DAY + Math.floor(random() * 20) * 3_600_000;
  const stages = [{ to: 'prospecting', at: created }];
  let at = created;
  const target = Math.floor(random() * 4);
  for (let s = 1; s <= target; s++) stages.push({ to: STAGES[s]!, at: (at += (1 + Math.floor(random() * 20)) * DAY) });
  const fate = random();
  if (fate < 0.7 && at + 30 * DAY < Date.parse(AS_OF))
    stages.push({ to: fate < 0.4 ? 'closed_won' : 'closed_lost', at: at + (1 + Math.floor(random() * 25)) * DAY });
  return {
    created,
    amount: 1000 + Math.floor(random() * 90) * 100,
    owner: i % 3 === 0 ? 1 : 0,
    account: i % 4,
    closeDate: iso(Date.parse(AS_OF) + (Math.floor(random() * 150) - 40) * DAY),
    stages,
  };
});
const last = (d: Deal) => d.stages.at(-1)!;
const outcomeOf = (d: Deal) => (last(d).to === 'closed_won' ? 'won' : last(d).to === 'closed_lost' ? 'lost' : null);
const closedOn = (d: Deal) => (outcomeOf(d) ? iso(last(d).at) : null);

const REPORTS = [
  {
    'x-report': 'openByStage',
    'x-object': 'opportunity',
    title: 'Open pipeline by stage',
    filter: { '==': [{ var: 'outcome' }, null] },
    groupBy: [{ field: 'stage' }],
    measures: [
      { key: 'deals', fn: 'count' },
      { key: 'amount', fn: 'sum', field: 'amount' },
    ],
    totals: true,
    chart: 'funnel',
  },
  {
    'x-report': 'wonByMonthAndOwner',
    'x-object': 'opportunity',
    filter: { '==': [{ var: 'outcome' }, 'won'] },
    groupBy: [{ field: 'closedOn', bucket: 'month' }, { field: 'ownerId' }],
    measures: [
      { key: 'deals', fn: 'count' },
      { key: 'revenue', fn: 'sum', field: 'amount' },
    ],
    totals: true,
    subtotals: true,
    chart: 'stacked_bar',
  },
  {
    'x-report': 'createdByQuarterAndAccount',
    'x-object': 'opportunity',
    groupBy: [{ field: 'createdAt', bucket: 'quarter' }, { field: 'account' }],
    measures: [{ key: 'deals', fn: 'count' }],
    chart: 'matrix',
  },
];

const managerDashboard = {
  'x-dashboard': 'salesManager',
  title: 'Sales manager',
  'x-label': { zh: '销售经理' },
  'x-home': 'manager',
  filters: { period: 'this_fiscal_year' },
  widgets: [
    { key: 'openPipeline', report: 'openByStage', x: 0, y: 0, w: 4, h: 4 },
    { key: 'wonByMonth', report: 'wonByMonthAndOwner', periodField: 'closedOn', x: 4, y: 0, w: 8, h: 4 },
    { key: 'created', report: 'createdByQuarterAndAccount', x: 0, y: 4, w: 6, h: 4 },
    { key: 'funnel', analytics: 'funnel', object: 'opportunity', x: 6, y: 4, w: 6, h: 4 },
    { key: 'winRates', analytics: 'win_rate', object: 'opportunity', by: 'ownerId', x: 0, y: 8, w: 6, h: 4 },
    { key: 'forecast', analytics: 'forecast', object: 'opportunity', bucket: 'month', periods: 3, x: 6, y: 8, w: 6, h: 4 },
  ],
};

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let token: string;
let repToken: string;
let owners: string[] = [];
let accounts: string[] = [];
const call = (query: string, variables: Record<string, unknown> = {}, as = token) => gql(server.url, query, variables, as);

const RESULT = `key filters from to asOf widgets { key kind object chart x y w h error { code message }
  report { rows { groups { value } values drill } subtotals { groups { value } values drill } total { values drill } } analytics }`;
const runDashboard = (variables: Record<string, unknown>, as = token) =>
  call(`query($n: String!, $f: DashboardFilterInput, $a: Date) { dashboard(name: $n, filters: $f, asOf: $a) { ${RESULT} } }`, variables, as);
const countOf = async (filter: unknown, as = token) =>
  ok(await call('query($f: OpportunityFilter) { opportunities(filter: $f, first: 1) { totalCount } }', { f: filter }, as)).opportunities.totalCount as number;

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  const rep = await createUser(ormOf(pool), { tenantId: t.tenant.id, email: `rep@${t.tenant.slug}.test`, name: 'Rep', passwordHash: PASSWORD_HASH, roles: [] });
  owners = [t.actor.userId, rep.id];
  const personal = {
    'x-dashboard': 'repCorner',
    'x-shared': false,
    'x-owner': rep.id,
    filters: { owner: 'me' },
    widgets: [{ key: 'mine', report: 'openByStage', x: 0, y: 0, w: 12, h: 3 }],
  };
  await applyDocs(pool, t, [...salesModel(), ...REPORTS, managerDashboard, personal]);
  token = await login(server.url, t.tenant.slug, t.email);
  repToken = await login(server.url, t.tenant.slug, `rep@${t.tenant.slug}.test`);
  accounts = ok(
    await call('mutation($i: [AccountInput!]!) { createAccounts(inputs: $i) { id } }', { i: [0, 1, 2, 3].map((i) => ({ name: `Account ${i}` })) }),
  ).createAccounts.map((a: { id: string }) => a.id);
  const created = ok(
    await call('mutation($i: [OpportunityInput!]!) { createOpportunities(inputs: $i) { id } }', {
      i: DEALS.map((d, i) => ({ name: `Deal ${i}`, amount: { amount: d.amount }, closeDate: d.closeDate, account: accounts[d.account] })),
    }),
  ).createOpportunities as { id: string }[];
  created.forEach((c, i) => (DEALS[i]!.id = c.id));
  await pool.query(
    `UPDATE "${t.tenant.schema}".opportunity o SET stage = x.stage, probability = x.probability, outcome = x.outcome, owner_id = x.owner
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, stage text, probability numeric, outcome text, owner uuid) WHERE o.id = x.id`,
    [JSON.stringify(DEALS.map((d) => ({ id: d.id, stage: last(d).to, probability: PROBABILITY[last(d).to], outcome: outcomeOf(d), owner: owners[d.owner] })))],
  );
  await importStageHistory(
    pool,
    t.tenant.schema,
    'opportunity',
    'opportunity',
    DEALS.flatMap((d) =>
      d.stages.map((m, i) => ({
        object: 'opportunity',
        recordId: d.id!,
        pipeline: 'newBusiness',
        fromStage: i ? d.stages[i - 1]!.to : null,
        toStage: m.to,
        movedBy: owners[d.owner]!,
        amount: d.amount,
        currency: 'USD',
        daysInPrevious: i ? (m.at - d.stages[i - 1]!.at) / DAY : null,
        movedAt: new Date(m.at).toISOString(),
      })),
    ),
    DEALS.map((d) => ({ id: d.id!, at: new Date(last(d).at).toISOString(), createdAt: new Date(d.created).toISOString() })),
  );
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

interface Row {
  groups: { value: unknown }[];
  values: number[];
  drill: unknown;
}
interface Widget {
  key: string;
  error: unknown;
  report: { rows: Row[]; subtotals: Row[]; total: Row | null } | null;
  analytics: any;
}
const widgetOf = (d: { widgets: Widget[] }, key: string) => d.widgets.find((w) => w.key === key)!;

/** Every row, subtotal and total of a report widget: its drill's list count is its count measure. */
async function expectDrillsCount(w: Widget, as = token) {
  const rows = [...w.report!.rows, ...w.report!.subtotals, ...(w.report!.total ? [w.report!.total] : [])];
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r.drill, JSON.stringify(r.groups)).not.toBeNull();
    expect(await countOf(r.drill, as), JSON.stringify(r)).toBe(r.values[0]);
  }
}

describe('dashboards', () => {
  it('runs every widget, one statement each, with the global period; each widget keeps its layout', async () => {
    const counter = countQueries(server.platform.pool, server.platform.dataPool);
    let d;
    try {
      d = ok(await runDashboard({ n: 'salesManager', f: { from: FROM, to: TO }, a: AS_OF })).dashboard;
    } finally {
      counter.stop();
    }
    expect(d.widgets.map((w: Widget) => w.key)).toEqual(managerDashboard.widgets.map((w) => w.key));
    expect(d.widgets.map((w: { x: number; y: number; w: number; h: number }) => [w.x, w.y, w.w, w.h])).toEqual(
      managerDashboard.widgets.map((w) => [w.x, w.y, w.w, w.h]),
    );
    expect(d.widgets.filter((w: Widget) => w.error)).toEqual([]);
    expect([d.from, d.to]).toEqual([FROM, TO]);
    // Reports and analytics read the tenant's tables: one statement per widget (the forecast widget adds its
    // targets' attainment, and its backtest: one per backtest period and one for the actuals).
    const tenantReads = counter.texts.filter((s) => s.includes(`"${t.tenant.schema}"`));
    expect(tenantReads.length).toBe(5 + 1 + 1 + 6 + 1);

    // The period applies to each report widget's period field: won deals closed in [FROM, TO), by month and owner.
    const won = DEALS.filter((x) => outcomeOf(x) === 'won' && closedOn(x)! >= FROM && closedOn(x)! < TO);
    const wonWidget = widgetOf(d, 'wonByMonth');
    expect(wonWidget.report!.total!.values).toEqual([won.length, won.reduce((a, x) => a + x.amount, 0)]);
    const cells = new Map<string, number>();
    for (const x of won)
      cells.set(`${closedOn(x)!.slice(0, 7)}-01|${owners[x.owner]}`, (cells.get(`${closedOn(x)!.slice(0, 7)}-01|${owners[x.owner]}`) ?? 0) + 1);
    expect(new Map(wonWidget.report!.rows.map((r) => [`${r.groups[0]!.value}|${r.groups[1]!.value}`, r.values[0]]))).toEqual(cells);
    // createdAt is the default period field.
    const created = DEALS.filter((x) => iso(x.created) >= FROM && iso(x.created) < TO);
    expect(widgetOf(d, 'created').report!.rows.reduce((a, r) => a + r.values[0]!, 0)).toBe(created.length);
    // The funnel's cohort is the deals created in the period.
    expect(widgetOf(d, 'funnel').analytics.cohort).toBe(created.length);
  });

  it('drills down from every report cell, subtotal and total to a list whose count is the number clicked', async () => {
    const d = ok(await runDashboard({ n: 'salesManager', f: { from: FROM, to: TO }, a: AS_OF })).dashboard;
    for (const key of ['openPipeline', 'wonByMonth', 'created']) await expectDrillsCount(widgetOf(d, key));
    const open = DEALS.filter((x) => !outcomeOf(x) && iso(x.created) >= FROM && iso(x.created) < TO);
    expect(widgetOf(d, 'openPipeline').report!.total!.values[0]).toBe(open.length);
  });

  it('drills down from win-rate bars and forecast periods', async () => {
    const d = ok(await runDashboard({ n: 'salesManager', f: { from: FROM, to: TO }, a: AS_OF })).dashboard;
    const rates = widgetOf(d, 'winRates').analytics as { key: string; won: number; lost: number; open: number; drill: Record<string, unknown> }[];
    expect(rates.length).toBe(2);
    for (const r of rates) {
      const mine = DEALS.filter((x) => owners[x.owner] === r.key);
      const closedInPeriod = (o: string) => mine.filter((x) => outcomeOf(x) === o && closedOn(x)! >= FROM && closedOn(x)! < TO).length;
      expect([r.won, r.lost, r.open]).toEqual([closedInPeriod('won'), closedInPeriod('lost'), mine.filter((x) => !outcomeOf(x)).length]);
      expect([await countOf(r.drill['won']), await countOf(r.drill['lost']), await countOf(r.drill['open'])]).toEqual([r.won, r.lost, r.open]);
    }
    const forecast = widgetOf(d, 'forecast').analytics as { periods: { start: string; openCount: number; drill: unknown }[]; backtest: { methods: unknown[] } };
    expect(forecast.periods.map((p) => p.start)).toEqual(['2026-03-01', '2026-04-01', '2026-05-01']);
    expect(forecast.backtest.methods).toHaveLength(3);
    for (const p of forecast.periods) expect(await countOf(p.drill)).toBe(p.openCount);
    expect(forecast.periods.reduce((a, p) => a + p.openCount, 0)).toBe(DEALS.filter((x) => !outcomeOf(x) && x.closeDate < '2026-06-01').length);
  });

  it('applies the owner filter to every widget, and drills stay exact under it', async () => {
    const d = ok(await runDashboard({ n: 'salesManager', f: { from: FROM, to: TO, owner: owners[1] }, a: AS_OF })).dashboard;
    expect(d.filters.owner).toBe(owners[1]);
    const repOpen = DEALS.filter((x) => x.owner === 1 && !outcomeOf(x) && iso(x.created) >= FROM && iso(x.created) < TO);
    expect(widgetOf(d, 'openPipeline').report!.total!.values[0]).toBe(repOpen.length);
    expect((widgetOf(d, 'winRates').analytics as { key: string }[]).map((r) => r.key)).toEqual([owners[1]]);
    for (const key of ['openPipeline', 'wonByMonth']) await expectDrillsCount(widgetOf(d, key));
    // The personal dashboard's "me" is its viewer: the rep sees only the rep's deals.
    const mine = ok(await runDashboard({ n: 'repCorner', a: AS_OF }, repToken)).dashboard;
    expect(widgetOf(mine, 'mine').report!.total!.values[0]).toBe(DEALS.filter((x) => x.owner === 1 && !outcomeOf(x)).length);
    await expectDrillsCount(widgetOf(mine, 'mine'), repToken);
  });

  it('lists the dashboards the viewer may open; a personal one is its owner’s only', async () => {
    const names = async (as: string) => ok(await call('{ dashboards { key home shared } }', {}, as)).dashboards.map((x: { key: string }) => x.key);
    expect(await names(token)).toEqual(['salesManager']);
    expect((await names(repToken)).sort()).toEqual(['repCorner', 'salesManager']);
    const res = await runDashboard({ n: 'repCorner' });
    expect(res.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it('refuses bad filters with their paths', async () => {
    const codeAndPath = async (f: unknown) => {
      const res = await runDashboard({ n: 'salesManager', f });
      const e = res.errors![0]!;
      return [e.extensions?.['code'], (e.extensions?.['details'] as { path: string }[])[0]!.path];
    };
    expect(await codeAndPath({ owner: 'someone' })).toEqual(['BAD_USER_INPUT', 'filters.owner']);
    expect(await codeAndPath({ period: 'next_century' })).toEqual(['BAD_USER_INPUT', 'filters.period']);
    expect(await codeAndPath({ from: '2026-01-01' })).toEqual(['BAD_USER_INPUT', 'filters.to']);
    expect(await codeAndPath({ team: 'east' })).toEqual(['BAD_USER_INPUT', 'filters.team']);
  });

  it('refuses bad dashboard documents with a path per problem, and applies nothing', async () => {
    const bad = {
      'x-dashboard': 'broken',
      widgets: [
        { key: 'a', report: 'noSuchReport', x: 0, y: 0, w: 4, h: 2 },
        { key: 'a', report: 'openByStage', periodField: 'amount', x: 10, y: 0, w: 4, h: 2 },
        { key: 'c', analytics: 'funnel', object: 'account', x: 0, y: 2, w: 4, h: 2 },
        { key: 'd', analytics: 'win_rate', object: 'opportunity', by: 'nothing', x: 0, y: 4, w: 4, h: 2 },
      ],
    };
    const res = await platformGql(server.url, 'mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { version } }', { d: [bad] }, token);
    const e = res.errors?.[0];
    expect(e?.extensions?.['code']).toBe('INVALID_DEFINITION');
    const paths = (e?.extensions?.['details'] as { path: string }[]).map((x) => x.path.replace(/^documents\[\d+\]/, 'documents[0]')).sort();
    expect(paths).toEqual(
      [
        'documents[0].widgets[0].report',
        'documents[0].widgets[1].key',
        'documents[0].widgets[1].w',
        'documents[0].widgets[1].periodField',
        'documents[0].widgets[2].object',
        'documents[0].widgets[3].by',
      ].sort(),
    );
    expect(ok(await call('{ dashboards { key } }')).dashboards.map((x: { key: string }) => x.key)).toEqual(['salesManager']);
  });
});
