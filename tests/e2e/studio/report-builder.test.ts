// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * The report builder in a real Chromium against the real server: the live preview of a draft (deals by stage,
 * then by owner with their amounts, as bars, stacked bars and a matrix) is read from the page and compared
 * with runReport on the same inline definition; a preview bar opens its records; saving applies a shared report
 * document (listed by `reports`, runnable by name) and a taken name is refused; then 中文 and a phone.
 * Screenshots: `tests/e2e/screenshots/report-builder-*.png`.
 */
import { type Browser, type Page } from 'playwright-core';
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

const shot = screenshotter('report-builder-');

interface Series {
  type: string;
  categories: string[];
  series: { name: string; data: { name: string; value: number }[] }[];
}
const preview = (page: Page) => page.getByTestId('report-preview');
/** The preview once it shows the draft as it is now. */
const settled = (page: Page) => page.locator('[data-testid="report-preview"][data-status="ready"]').waitFor();
const seriesOf = async (page: Page) => JSON.parse((await preview(page).getByTestId('widget-chart').getAttribute('data-series'))!) as Series;

describe('studio: report builder', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let t: TestTenant;
  let token: string;
  const pageErrors: string[] = [];
  const call = async (query: string, variables: Record<string, unknown> = {}) => ok(await gql(server.url, query, variables, token));
  const runInline = async (definition: Record<string, unknown>) =>
    (await call('query($d: JSON) { runReport(definition: $d) { rows { groups { value label } values } total { values } } }', { d: definition })).runReport as {
      rows: { groups: { value: unknown; label: string }[]; values: number[] }[];
      total: { values: number[] } | null;
    };

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    await applyDocs(pool, t, salesModel());
    const rep = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `rep@${t.tenant.slug}.test`,
      name: 'Rita Rep',
      passwordHash: PASSWORD_HASH,
      roles: ['member'],
    });
    server = await startTestServer({ studioDir: STUDIO_DIST });
    token = await login(server.url, t.tenant.slug, t.email);
    const account = (await call('mutation($in: AccountInput!) { createAccount(input: $in) { id } }', { in: { name: 'Acme Corp' } })).createAccount.id as string;
    const deals: [string, number, boolean][] = [
      ['prospecting', 1000, false],
      ['prospecting', 2000, true],
      ['qualification', 3000, false],
      ['proposal', 4000, true],
      ['proposal', 5000, false],
      ['proposal', 6000, false],
    ];
    await call('mutation($i: [OpportunityInput!]!) { createOpportunities(inputs: $i) { id } }', {
      i: deals.map(([stage, amount, mine], i) => ({
        name: `Deal ${i + 1}`,
        stage,
        amount: { amount },
        closeDate: '2026-12-31',
        account,
        ...(mine ? { ownerId: rep.id } : {}),
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

  it('previews deals by stage as runReport counts them, and a bar opens its records', async () => {
    await signIn(page, server.url, t, '/');
    await page.getByTestId('nav-reports').click();
    await page.waitForURL((u) => u.pathname === '/reports/new');
    await settled(page);
    const api = await runInline({ 'x-object': 'opportunity', groupBy: [{ field: 'stage' }], measures: [{ key: 'm1', fn: 'count' }] });
    const drawn = await seriesOf(page);
    expect(drawn.type).toBe('bar');
    expect(drawn.categories).toEqual(['Prospecting', 'Qualification', 'Proposal']);
    expect(drawn.series[0]!.data.map((p) => p.value)).toEqual(api.rows.map((r) => r.values[0]));
    expect(drawn.series[0]!.name).toBe('Records');

    const chart = preview(page).getByTestId('widget-chart');
    await chart.and(page.locator('[data-points^="[["]')).waitFor();
    const [, , x, y] = (JSON.parse((await chart.getAttribute('data-points'))!) as number[][])[2]!;
    const box = (await chart.boundingBox())!;
    await page.mouse.click(box.x + x!, box.y + y!);
    await page.waitForURL((u) => u.pathname === '/o/opportunity' && u.searchParams.has('filter'));
    await page.getByTestId('list-total').filter({ hasText: '3 records' }).waitFor();
    await page.goBack();
    await settled(page);
  });

  it('follows every change: a second group, a sum of amounts, stacked bars, then a matrix', async () => {
    await chooseOption(page, page.getByTestId('report-group-1'), 'Owner');
    await page.getByTestId('add-measure').click();
    await chooseOption(page, page.getByTestId('measure-fn').nth(1), 'Sum');
    await chooseOption(page, page.getByTestId('report-chart'), 'Stacked bars');
    await page.locator('[data-testid="report-preview"] [data-chart="stacked_bar"]').waitFor();
    await settled(page);
    const definition = {
      'x-object': 'opportunity',
      groupBy: [{ field: 'stage' }, { field: 'ownerId' }],
      measures: [
        { key: 'm1', fn: 'count' },
        { key: 'm2', fn: 'sum', field: 'amount' },
      ],
      totals: true,
      subtotals: true,
    };
    const api = await runInline(definition);
    const drawn = await seriesOf(page);
    expect(drawn.series.map((s) => s.name).sort()).toEqual(['Admin', 'Rita Rep']);
    const cells = drawn.series.flatMap((s) => s.data.filter((p) => p.value).map((p) => `${p.name}|${s.name}|${p.value}`));
    expect(cells.sort()).toEqual(
      api.rows
        .map(
          (r) =>
            `${r.groups[0]!.label === 'prospecting' ? 'Prospecting' : r.groups[0]!.label === 'qualification' ? 'Qualification' : 'Proposal'}|${r.groups[1]!.label}|${r.values[0]}`,
        )
        .sort(),
    );
    expect(api.total!.values).toEqual([6, 21000]);

    await chooseOption(page, page.getByTestId('report-chart'), 'Matrix');
    await page.locator('[data-testid="report-preview"] [data-chart="matrix"]').waitFor();
    const rows = await preview(page)
      .getByTestId('widget-row')
      .evaluateAll((rs) => rs.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => (c as HTMLElement).innerText.trim())));
    expect(await preview(page).locator('thead th').allInnerTexts()).toEqual(['Stage / Owner', 'Admin', 'Rita Rep', 'Total']);
    expect(rows.map((r) => r[0])).toEqual(['Prospecting', 'Qualification', 'Proposal', 'Total']);
    expect(rows.map((r) => r.at(-1))).toEqual(['2', '1', '3', '6']);
    await shot(page, 'desktop');
  });

  it('saves the draft as a shared report, and refuses a name already taken', async () => {
    await page.getByTestId('report-title').fill('Pipeline by owner');
    expect(await page.getByTestId('report-key').inputValue()).toBe('pipelineByOwner');
    await page.getByTestId('report-save').click();
    await page.locator('.el-message', { hasText: '“Pipeline by owner” is saved.' }).waitFor();
    const { reports } = await call('{ reports { key chart shared document } }');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ key: 'pipelineByOwner', chart: 'matrix', shared: true });
    expect(reports[0].document).toMatchObject({ title: 'Pipeline by owner', 'x-object': 'opportunity', groupBy: [{ field: 'stage' }, { field: 'ownerId' }] });
    const byName = (await call('{ runReport(name: "pipelineByOwner") { total { values } } }')).runReport;
    expect(byName.total.values).toEqual([6, 21000]);

    await page.getByTestId('report-save').click();
    await page.getByTestId('report-key-hint').filter({ hasText: 'A report called “pipelineByOwner” exists already.' }).waitFor();
  });

  it('reads in 中文, and fits a 390×844 phone in one column', async () => {
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('page-title').filter({ hasText: '报表设计' }).waitFor();
    await settled(page);
    const rows = await preview(page).getByTestId('widget-row').allInnerTexts();
    expect(rows[0]).toContain('初步接洽');
    expect(rows.at(-1)).toContain('合计');
    // The refusal of the taken name follows the language too.
    expect(await page.getByTestId('report-key-hint').innerText()).toBe('已有名为“pipelineByOwner”的报表。');
    await shot(page, 'zh');
    await page.getByTestId('lang-en').click();

    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(p, server.url, t, '/reports/new');
      await settled(p);
      const form = (await p.getByTestId('report-form').boundingBox())!;
      const shown = (await preview(p).boundingBox())!;
      expect(shown.y).toBeGreaterThanOrEqual(form.y + form.height);
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, 'phone');
    } finally {
      await phone.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
