// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * Dashboards in a real Chromium against the real server: the manager dashboard's widgets (a report funnel, a
 * stacked bar by month and owner, a matrix, the stage-history funnel, win rates and the forecast) are read
 * from the page (each chart's series as it drew them, each table's cells) and compared with what the API
 * answers for the same dashboard and filters; a click on a funnel segment, a bar and a matrix cell opens the
 * record list whose count is the number clicked; the owner filter reaches every widget; a personal dashboard
 * is listed beside the shared one; then 中文 and a 390×844 phone. Screenshots: `tests/e2e/screenshots/dashboards-*.png`.
 */
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import {
  chooseOption,
  launchChromium,
  PHONE,
  prepareStudio,
  screenshotter,
  scrollWidth,
  signIn,
  smallTouchTargets,
  STUDIO_DIST,
} from '../../support/browser.js';
import { salesModel } from '../../support/docs.js';

const shot = screenshotter('dashboards-');

const REPORTS = [
  {
    'x-report': 'openByStage',
    'x-object': 'opportunity',
    title: 'Open pipeline by stage',
    filter: { '==': [{ var: 'outcome' }, null] },
    groupBy: [{ field: 'stage' }],
    measures: [
      { key: 'deals', fn: 'count', label: { en: 'Deals', zh: '商机数' } },
      { key: 'amount', fn: 'sum', field: 'amount', label: { en: 'Amount', zh: '金额' } },
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
      { key: 'deals', fn: 'count', label: { en: 'Deals', zh: '商机数' } },
      { key: 'revenue', fn: 'sum', field: 'amount' },
    ],
    totals: true,
    subtotals: true,
    chart: 'stacked_bar',
  },
  {
    'x-report': 'openByAccountAndStage',
    'x-object': 'opportunity',
    filter: { '==': [{ var: 'outcome' }, null] },
    groupBy: [{ field: 'account' }, { field: 'stage' }],
    measures: [{ key: 'deals', fn: 'count' }],
    totals: true,
    subtotals: true,
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
    { key: 'openPipeline', title: 'Open pipeline', 'x-label': { zh: '进行中的管道' }, report: 'openByStage', x: 0, y: 0, w: 6, h: 4 },
    { key: 'wonByMonth', title: 'Won by month', report: 'wonByMonthAndOwner', periodField: 'closedOn', x: 6, y: 0, w: 6, h: 4 },
    { key: 'byAccount', title: 'Open deals by account', report: 'openByAccountAndStage', x: 0, y: 4, w: 6, h: 4 },
    { key: 'funnel', title: 'Funnel', analytics: 'funnel', object: 'opportunity', x: 6, y: 4, w: 6, h: 4 },
    { key: 'winRates', title: 'Win rates', analytics: 'win_rate', object: 'opportunity', by: 'ownerId', x: 0, y: 8, w: 6, h: 4 },
    { key: 'forecast', title: 'Forecast', analytics: 'forecast', object: 'opportunity', bucket: 'month', periods: 3, x: 6, y: 8, w: 6, h: 5 },
  ],
};

const STAGE_LABELS: Record<string, string> = { prospecting: 'Prospecting', qualification: 'Qualification', proposal: 'Proposal', negotiation: 'Negotiation' };

interface Series {
  type: string;
  categories: string[];
  series: { name: string; data: { name: string; value: number }[] }[];
}
interface ApiRow {
  groups: { value: unknown; label: string | null }[];
  values: number[];
  drill: unknown;
}

const widget = (page: Page, key: string) => page.getByTestId(`widget-${key}`);
const chartOf = (page: Page, key: string) => widget(page, key).getByTestId('widget-chart');
const seriesOf = async (page: Page, key: string) => JSON.parse((await chartOf(page, key).getAttribute('data-series'))!) as Series;
/** Where the chart drew each point, once it has drawn: [series, point, x, y]. */
async function pointsOf(chart: Locator): Promise<[number, number, number, number][]> {
  await chart.and(chart.page().locator('[data-points^="[["]')).waitFor();
  return JSON.parse((await chart.getAttribute('data-points'))!) as [number, number, number, number][];
}
/** Clicks a chart's point where it is drawn, as a person would. */
async function clickPoint(chart: Locator, series: number, point: number): Promise<void> {
  await chart.scrollIntoViewIfNeeded();
  const at = (await pointsOf(chart)).find(([s, p]) => s === series && p === point)!;
  const box = (await chart.boundingBox())!;
  await chart.page().mouse.click(box.x + at[2], box.y + at[3]);
}
/** The record list's count, as the list says it ("12 records"). */
async function listCount(page: Page): Promise<number> {
  await page.waitForURL((u) => u.pathname.startsWith('/o/opportunity') && u.searchParams.has('filter'));
  const total = page.getByTestId('list-total');
  // The list has loaded when its first row is there (every number clicked here counts at least one record).
  await page.locator('.record-row, [data-testid="record-row"]').first().waitFor();
  const text = await total.innerText();
  return /^\d/.test(text.replace(/[,，]/g, '')) ? Number(text.replace(/[^\d]/g, '')) : 0;
}

describe('studio: dashboards', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let t: TestTenant;
  let token: string;
  let repId = '';
  const pageErrors: string[] = [];
  const api = async (filters: Record<string, unknown> | null, name = 'salesManager') =>
    ok(
      await gql(
        server.url,
        `query($n: String!, $f: DashboardFilterInput) { dashboard(name: $n, filters: $f) { key filters widgets { key analytics
           report { rows { groups { value label } values drill } subtotals { groups { value } values } total { values } } } } }`,
        { n: name, f: filters },
        token,
      ),
    ).dashboard as {
      filters: Record<string, unknown>;
      widgets: { key: string; analytics: any; report: { rows: ApiRow[]; subtotals: ApiRow[]; total: ApiRow | null } | null }[];
    };
  const apiWidget = (d: Awaited<ReturnType<typeof api>>, key: string) => d.widgets.find((w) => w.key === key)!;
  const ready = (p: Page, filter?: string) => p.locator(`[data-testid="dashboard-grid"][data-ready${filter ? `*='${filter}'` : ''}]`).waitFor();

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    const rep = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `rep@${t.tenant.slug}.test`,
      name: 'Rita Rep',
      passwordHash: PASSWORD_HASH,
      roles: ['member'],
    });
    repId = rep.id;
    const personal = {
      'x-dashboard': 'myCorner',
      title: 'My corner',
      'x-label': { zh: '我的角落' },
      'x-shared': false,
      'x-owner': t.actor.userId,
      filters: { owner: 'me' },
      widgets: [{ key: 'mine', title: 'My open pipeline', report: 'openByStage', chart: 'table', x: 0, y: 0, w: 12, h: 4 }],
    };
    await applyDocs(pool, t, [...salesModel(), ...REPORTS, managerDashboard, personal]);
    server = await startTestServer({ studioDir: STUDIO_DIST });
    token = await login(server.url, t.tenant.slug, t.email);
    const call = async (query: string, variables: Record<string, unknown>) => ok(await gql(server.url, query, variables, token));
    const accounts = (
      await call('mutation($i: [AccountInput!]!) { createAccounts(inputs: $i) { id } }', { i: [{ name: 'Acme Corp' }, { name: 'Globex' }] })
    ).createAccounts.map((a: { id: string }) => a.id) as string[];
    const closeDate = new Date().toISOString().slice(0, 10);
    // [stage, amount, account, rep's?]: open deals in every open stage, two won and one lost.
    const deals: [string, number, number, boolean][] = [
      ['prospecting', 1000, 0, false],
      ['prospecting', 2000, 1, false],
      ['prospecting', 3000, 0, true],
      ['qualification', 4000, 0, false],
      ['qualification', 5000, 1, true],
      ['proposal', 6000, 1, false],
      ['negotiation', 7000, 0, false],
      ['closed_won', 8000, 0, false],
      ['closed_won', 9000, 1, true],
      ['closed_lost', 1500, 1, false],
    ];
    await call('mutation($i: [OpportunityInput!]!) { createOpportunities(inputs: $i) { id } }', {
      i: deals.map(([stage, amount, account, mine], i) => ({
        name: `Deal ${i + 1}`,
        stage,
        amount: { amount },
        closeDate,
        account: accounts[account],
        ...(mine ? { ownerId: rep.id } : {}),
        ...(stage === 'closed_lost' ? { lostReason: 'Price' } : {}),
      })),
    });

    browser = await launchChromium();
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    page = await desktop.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  it('draws every widget with the figures the API gives for the same dashboard', async () => {
    await signIn(page, server.url, t, '/');
    await page.getByTestId('nav-dashboards').click();
    // The home dashboard opens first, and the address names it.
    await page.waitForURL((u) => u.pathname === '/dashboards/salesManager');
    await ready(page);
    const d = await api(null);

    // The report funnel: one segment per open stage, in pipeline order, with the count of its deals.
    const open = apiWidget(d, 'openPipeline').report!;
    expect(open.rows.map((r) => r.values[0])).toEqual([3, 2, 1, 1]);
    const funnel = await seriesOf(page, 'openPipeline');
    expect(funnel.type).toBe('funnel');
    expect(funnel.series[0]!.data).toEqual(open.rows.map((r) => ({ name: STAGE_LABELS[r.groups[0]!.value as string], value: r.values[0] })));
    expect(funnel.series[0]!.data.map((p) => p.name)).toEqual(['Prospecting', 'Qualification', 'Proposal', 'Negotiation']);

    // Won by month and owner: a stacked bar per month, a series per owner.
    const won = apiWidget(d, 'wonByMonth').report!;
    const bars = await seriesOf(page, 'wonByMonth');
    expect(bars.type).toBe('bar');
    expect(bars.series.map((s) => s.name).sort()).toEqual([...new Set(won.rows.map((r) => r.groups[1]!.label))].sort());
    const drawn = bars.series.flatMap((s) => s.data.map((p) => [s.name, p.value]));
    expect(drawn.filter(([, v]) => v !== 0).sort()).toEqual(won.rows.map((r) => [r.groups[1]!.label, r.values[0]]).sort());
    expect(won.total!.values).toEqual([2, 17000]);

    // The matrix: a cell per account and stage, the accounts' subtotals at the right, the total under them.
    const matrix = apiWidget(d, 'byAccount').report!;
    const cells = await widget(page, 'byAccount')
      .getByTestId('widget-row')
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => (c as HTMLElement).innerText.trim())));
    expect(cells.map((r) => r[0])).toEqual(['Acme Corp', 'Globex', 'Total']);
    const body = cells.slice(0, 2).flatMap((r) => r.slice(1, -1).filter(Boolean).map(Number));
    expect(body.sort()).toEqual(matrix.rows.map((r) => r.values[0]).sort());
    expect(cells.slice(0, 2).map((r) => Number(r.at(-1)))).toEqual(matrix.subtotals.map((r) => r.values[0]));
    expect(cells[2]!.at(-1)).toBe(String(matrix.total!.values[0]));

    // The stage-history funnel: the deals of the period's cohort that reached each stage.
    const history = apiWidget(d, 'funnel').analytics as { cohort: number; stages: { reached: number; stage: { label: { en: string } } }[] };
    expect(history.cohort).toBe(10);
    expect((await seriesOf(page, 'funnel')).series[0]!.data).toEqual(history.stages.map((s) => ({ name: s.stage.label.en, value: s.reached })));

    // Win rates: won and lost bars per owner.
    const rates = apiWidget(d, 'winRates').analytics as { label: string; won: number; lost: number }[];
    const rateBars = await seriesOf(page, 'winRates');
    expect(rateBars.categories).toEqual(rates.map((r) => r.label));
    expect(rateBars.series.map((s) => s.data.map((p) => p.value))).toEqual([rates.map((r) => r.won), rates.map((r) => r.lost)]);

    // The forecast: won to date, weighted and historical per month; its backtest's three methods below.
    const forecast = apiWidget(d, 'forecast').analytics as { periods: { wonToDate: number; weighted: number; historical: number }[] };
    const fc = await seriesOf(page, 'forecast');
    expect(fc.series.map((s) => s.data.map((p) => p.value))).toEqual(
      (['wonToDate', 'weighted', 'historical'] as const).map((k) => forecast.periods.map((p) => p[k])),
    );
    expect(await widget(page, 'forecast').getByTestId('widget-row').count()).toBe(3);
    expect(pageErrors).toEqual([]);
    await shot(page, 'desktop');
  });

  it('opens exactly the records behind a funnel segment, a bar and a matrix cell', async () => {
    const funnel = await seriesOf(page, 'openPipeline');
    // Qualification: the second segment.
    await clickPoint(chartOf(page, 'openPipeline'), 0, 1);
    expect(await listCount(page)).toBe(funnel.series[0]!.data[1]!.value);
    await page.goBack();
    await ready(page);

    const rates = await seriesOf(page, 'winRates');
    const lostAt = rates.series[1]!.data.findIndex((p) => p.value > 0);
    await clickPoint(chartOf(page, 'winRates'), 1, lostAt);
    expect(await listCount(page)).toBe(rates.series[1]!.data[lostAt]!.value);
    await page.goBack();
    await ready(page);

    const cell = widget(page, 'byAccount').getByTestId('widget-cell').locator('button').first();
    const clicked = Number(await cell.innerText());
    await cell.click();
    expect(await listCount(page)).toBe(clicked);
    await page.goBack();
    await ready(page);
  });

  it('applies the owner filter to every widget, and lists the personal dashboard beside the shared one', async () => {
    await chooseOption(page, page.getByTestId('owner-filter'), 'Rita Rep');
    await ready(page, repId);
    const d = await api({ owner: repId });
    const funnel = await seriesOf(page, 'openPipeline');
    expect(funnel.series[0]!.data.map((p) => p.value)).toEqual(apiWidget(d, 'openPipeline').report!.rows.map((r) => r.values[0]));
    expect(funnel.series[0]!.data.map((p) => p.value)).toEqual([1, 1]);
    expect((await seriesOf(page, 'winRates')).categories).toEqual(['Rita Rep']);
    await clickPoint(chartOf(page, 'openPipeline'), 0, 0);
    expect(await listCount(page)).toBe(1);
    await page.goBack();
    await ready(page, repId);

    await chooseOption(page, page.getByTestId('dashboard-select'), 'My corner');
    await page.waitForURL((u) => u.pathname === '/dashboards/myCorner');
    await ready(page, '"owner":"me"');
    const mine = apiWidget(await api(null, 'myCorner'), 'mine').report!;
    // Another dashboard opens with its own filters: here the owner is the dashboard's "me".
    const rows = await widget(page, 'mine')
      .getByTestId('widget-row')
      .evaluateAll((rs) => rs.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => (c as HTMLElement).innerText.trim())));
    expect(rows.at(-1)).toEqual(['Total', String(mine.total!.values[0]), '$20,000']);
    expect(rows.length).toBe(mine.rows.length + 1);
    await shot(page, 'personal');
  });

  it('reads in 中文: labels, stage names and money in the locale’s format', async () => {
    await page.goto(`${server.url}/dashboards/salesManager`);
    await ready(page);
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('page-title').filter({ hasText: '仪表盘' }).waitFor();
    expect(await page.getByTestId('nav-dashboards').innerText()).toBe('仪表盘');
    expect(await widget(page, 'openPipeline').locator('.widget-title').innerText()).toBe('进行中的管道');
    const funnel = await seriesOf(page, 'openPipeline');
    expect(funnel.series[0]!.data.map((p) => p.name)).toEqual(['初步接洽', '需求确认', '方案报价', '谈判审核']);
    expect(funnel.series[0]!.name).toBe('商机数');
    expect((await seriesOf(page, 'forecast')).series.map((s) => s.name)).toEqual(['至今赢单', '加权预测', '历史转化预测']);
    const matrixRows = await widget(page, 'byAccount').getByTestId('widget-row').allInnerTexts();
    expect(matrixRows.at(-1)).toContain('合计');
    await chooseOption(page, page.getByTestId('dashboard-select'), '我的角落');
    await ready(page, '"owner":"me"');
    expect((await widget(page, 'mine').getByTestId('widget-row').last().innerText()).replace(/\s+/g, ' ')).toContain('US$20,000');
    await page.goto(`${server.url}/dashboards/salesManager`);
    await ready(page);
    await shot(page, 'zh');
    await page.getByTestId('lang-en').click();
  });

  it('fits a 390×844 phone: one column, charts as wide as the screen, no sideways scrolling', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(p, server.url, t, '/dashboards/salesManager');
      await ready(p);
      const boxes = await p.locator('[data-testid^="widget-"].widget').evaluateAll((ws) => ws.map((w) => w.getBoundingClientRect().toJSON() as DOMRect));
      expect(boxes).toHaveLength(6);
      expect(new Set(boxes.map((b) => Math.round(b.left))).size).toBe(1);
      expect(new Set(boxes.map((b) => Math.round(b.width))).size).toBe(1);
      for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.top).toBeGreaterThanOrEqual(boxes[i - 1]!.bottom);
      const chart = (await chartOf(p, 'openPipeline').boundingBox())!;
      expect(chart.width).toBeGreaterThan(PHONE.width - 80);
      await pointsOf(chartOf(p, 'openPipeline'));
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      // A tap on a segment opens its records on the phone too.
      const funnel = await seriesOf(p, 'openPipeline');
      const at = (await pointsOf(chartOf(p, 'openPipeline')))[0]!;
      await p.touchscreen.tap(chart.x + at[2], chart.y + at[3]);
      expect(await listCount(p)).toBe(funnel.series[0]!.data[0]!.value);
      await p.goBack();
      await ready(p);
      await shot(p, 'phone');
    } finally {
      await phone.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
