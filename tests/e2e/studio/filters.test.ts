// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * Condition groups in a list's filter, in a real Chromium against the real server: build an "any of" group in
 * the dialog and see the list narrow to exactly what the same filter returns through the API, save it as a
 * view, reload and reopen it, edit a condition inside the group; open a view whose filter with `not` was
 * written through the API and see it as editable chips in words; in 中文 and on a 390 px phone.
 *
 * Serves the studio built into `STUDIO_DIST` (default `apps/studio/dist`, which `npm test` builds first).
 */
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { createSampleAccounts, gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, testPool, type TestTenant } from '../../support/db.js';
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

const shot = screenshotter('filters-');

/** Picks an option of a multiple select, then closes its list (it stays open for more) by clicking the dialog's title. */
async function chooseMany(page: Page, dialog: Locator, select: Locator, option: string | RegExp): Promise<void> {
  await chooseOption(page, select, option);
  await dialog.locator('.el-dialog__title').click();
}

const retail = { industry: { in: ['retail'] } };
const employeesAtLeast = (n: number) => ({ employees: { gte: n } });

describe('studio: condition groups in the list filter', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  let t: TestTenant;
  let token = '';
  let groupViewId = '';
  let notViewId = '';
  const pageErrors: string[] = [];

  /** The names and count the API returns for a filter. */
  async function apiAccounts(filter: Record<string, unknown>): Promise<{ total: number; names: string[] }> {
    const data = ok(await gql(server.url, 'query($f: AccountFilter) { accounts(filter: $f, first: 100) { totalCount nodes { name } } }', { f: filter }, token));
    return { total: data.accounts.totalCount as number, names: (data.accounts.nodes as { name: string }[]).map((n) => n.name).sort() };
  }

  /** The list shows exactly the accounts the API returns for this filter. */
  async function expectListMatches(p: Page, filter: Record<string, unknown>): Promise<number> {
    const expected = await apiAccounts(filter);
    await p
      .getByTestId('list-total')
      .filter({ hasText: new RegExp(`^${expected.total} records?$`) })
      .waitFor();
    await expect.poll(async () => (await p.getByTestId('record-link').allInnerTexts()).sort()).toEqual(expected.names);
    return expected.total;
  }

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    await applyDocs(pool, t, salesModel());
    server = await startTestServer({ studioDir: STUDIO_DIST });
    token = await login(server.url, t.tenant.slug, t.email);
    await createSampleAccounts(server.url, token);

    browser = await launchChromium();
    desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page = await desktop.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, server.url, t);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  it('builds an "any of" group in the dialog, and the list shows what the API returns for it', async () => {
    await page.getByTestId('nav-object-account').click();
    await page.waitForURL((u) => u.pathname === '/o/account');
    await page.getByTestId('list-total').filter({ hasText: '24 records' }).waitFor();

    await page.getByTestId('add-filter-group').click();
    const dialog = page.getByTestId('filter-dialog');
    const rows = dialog.getByTestId('condition-row');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await dialog.getByTestId('filter-apply').isDisabled()).toBe(true);

    // Each condition uses its field's own editor: options for Industry, a number for Employees.
    await chooseOption(page, rows.nth(0).getByTestId('condition-field'), /^Industry$/);
    await chooseMany(page, dialog, rows.nth(0).getByTestId('filter-value'), 'Retail');
    await chooseOption(page, rows.nth(1).getByTestId('condition-field'), /^Employees$/);
    await chooseOption(page, rows.nth(1).getByTestId('filter-operator'), '≥');
    await rows.nth(1).locator('.el-input-number input').fill('200');
    await dialog.getByTestId('condition-joiner').filter({ hasText: /^or$/i }).waitFor();
    await shot(page, '01-group-dialog', false);
    await dialog.getByTestId('filter-apply').click();
    await dialog.waitFor({ state: 'hidden' });

    const chip = page.locator('[data-testid="filter-chip"][data-kind="group"]');
    await chip.filter({ hasText: 'Industry is any of Retail or Employees ≥ 200' }).waitFor();
    const total = await expectListMatches(page, { or: [retail, employeesAtLeast(200)] });
    expect(total).toBe(11);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, '02-group-chip');
  });

  it('saves the group as a view, and after a reload reopens it as an editable chip', async () => {
    await page.getByTestId('views-menu').click();
    await page.getByTestId('view-save-as').click();
    await page.getByTestId('view-name').fill('Retail or large');
    await page.getByTestId('view-save').click();
    await page.getByTestId('views-menu').filter({ hasText: 'Retail or large' }).waitFor();
    await page.waitForURL((u) => u.searchParams.has('view'));
    groupViewId = new URL(page.url()).searchParams.get('view') ?? '';

    // The server keeps the filter in the GraphQL shape.
    const saved = ok(await platformGql(server.url, '{ savedViews(object: "account") { id definition } }', {}, token)).savedViews as {
      id: string;
      definition: { filter: unknown };
    }[];
    expect(saved.find((v) => v.id === groupViewId)?.definition.filter).toEqual({ and: [{ or: [retail, employeesAtLeast(200)] }] });

    await page.reload();
    await page.getByTestId('views-menu').filter({ hasText: 'Retail or large' }).waitFor();
    await page.getByTestId('views-menu').click();
    await page.getByTestId('view-all').click();
    await page.getByTestId('list-total').filter({ hasText: '24 records' }).waitFor();
    expect(await page.getByTestId('filter-chip').count()).toBe(0);
    await page.getByTestId('views-menu').click();
    await page.getByTestId('view-Retail or large').click();

    const chip = page.locator('[data-testid="filter-chip"][data-kind="group"]');
    await chip.filter({ hasText: 'Industry is any of Retail or Employees ≥ 200' }).waitFor();
    await expectListMatches(page, { or: [retail, employeesAtLeast(200)] });
    expect(await page.getByTestId('view-modified').count()).toBe(0);

    // Edit one condition inside the group: Employees ≥ 100.
    await chip.locator('.chip-text').click();
    const dialog = page.getByTestId('filter-dialog');
    const rows = dialog.getByTestId('condition-row');
    await rows.nth(1).locator('.el-input-number input').waitFor();
    expect(await rows.nth(1).locator('.el-input-number input').inputValue()).toBe('200');
    await rows.nth(1).locator('.el-input-number input').fill('100');
    await dialog.getByTestId('filter-apply').click();
    await dialog.waitFor({ state: 'hidden' });

    await chip.filter({ hasText: 'Industry is any of Retail or Employees ≥ 100' }).waitFor();
    expect(await expectListMatches(page, { or: [retail, employeesAtLeast(100)] })).toBe(18);
    await page.getByTestId('view-modified').waitFor();
  });

  it('shows a view whose filter with `not` came through the API as editable chips in words', async () => {
    const filter = {
      and: [
        { not: { industry: { in: ['retail', 'medical'] } } },
        { not: { or: [{ employees: { lt: 50 } }, { and: [{ industry: { in: ['technology'] } }, { employees: { gte: 200 } }] }] } },
        // Numbers offer no "is any of": this part stays as it is.
        { not: { employees: { in: [70, 160] } } },
      ],
    };
    const view = ok(
      await platformGql(server.url, 'mutation($d: JSON!) { saveView(object: "account", name: "Not retail", definition: $d) { id } }', { d: { filter } }, token),
    ).saveView as { id: string };
    notViewId = view.id;

    await page.goto(`${server.url}/o/account?view=${notViewId}`);
    await page.getByTestId('views-menu').filter({ hasText: 'Not retail' }).waitFor();
    const chips = page.getByTestId('filter-chip');
    await chips.nth(1).waitFor();
    expect(await chips.allInnerTexts()).toEqual([
      'not Industry is any of Retail, Medical',
      'not (Employees < 50 or (Industry is any of Technology and Employees ≥ 200))',
    ]);
    expect(await page.getByTestId('filter-chip-custom').count()).toBe(1);
    expect(await expectListMatches(page, filter)).toBe(3);
    expect(await page.getByTestId('view-modified').count()).toBe(0);
    await shot(page, '03-not-chips');

    // The negated condition opens in the condition dialog with "not" ticked; untick it.
    await chips.nth(0).locator('.chip-text').click();
    const dialog = page.getByTestId('filter-dialog');
    await dialog.getByTestId('condition-not').locator('input').waitFor({ state: 'attached' });
    expect(await dialog.getByTestId('condition-not').locator('input').isChecked()).toBe(true);
    await dialog.getByTestId('condition-not').click();
    await dialog.getByTestId('filter-apply').click();
    await chips
      .nth(0)
      .filter({ hasText: /^Industry is any of Retail, Medical$/ })
      .waitFor();
    expect(await expectListMatches(page, { and: [{ industry: { in: ['retail', 'medical'] } }, filter.and[1], filter.and[2]] })).toBe(14);
  });

  it('says the chips and the dialog in 中文, with 非 / 或 / 且 and the Chinese list separator', async () => {
    await page.goto(`${server.url}/o/account?view=${notViewId}`);
    await page.getByTestId('views-menu').filter({ hasText: 'Not retail' }).waitFor();
    await page.getByTestId('lang-zh').click();
    const chips = page.getByTestId('filter-chip');
    await chips.first().filter({ hasText: '非' }).waitFor();
    expect(await chips.allInnerTexts()).toEqual(['非 行业 是其中之一 零售、医疗', '非 （员工人数 < 50 或 （行业 是其中之一 科技 且 员工人数 ≥ 200））']);
    expect(await page.getByTestId('filter-chip-custom').innerText()).toBe('自定义筛选');
    await shot(page, '04-chips-zh');

    await chips.nth(1).locator('.chip-text').click();
    const dialog = page.getByTestId('filter-dialog');
    await dialog.getByTestId('condition-row').nth(2).waitFor();
    expect(await dialog.getByTestId('condition-group').count()).toBe(2);
    expect(await dialog.getByTestId('condition-group-not').first().locator('input').isChecked()).toBe(true);
    await shot(page, '05-group-dialog-zh', false);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('lang-en').click();
  });

  it('fits a 390×844 phone: group chips and the group dialog, without sideways scrolling', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(p, server.url, t);
      await p.goto(`${server.url}/o/account?view=${notViewId}`);
      await p.getByTestId('filter-chip').nth(1).waitFor();
      await p.getByTestId('record-row').first().waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '06-phone-chips');

      await p.getByTestId('filter-chip').nth(1).locator('.chip-text').click();
      const dialog = p.getByTestId('filter-dialog');
      await dialog.getByTestId('condition-row').nth(2).waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '07-phone-group-dialog', false);
      await dialog.getByTestId('filter-apply').click();
      await dialog.waitFor({ state: 'hidden' });

      // A new group from the phone's filter row.
      await p.goto(`${server.url}/o/account?view=${groupViewId}`);
      await p.getByTestId('filter-chip').first().waitFor();
      await p.getByTestId('add-filter-group').click();
      await p.getByTestId('filter-dialog').getByTestId('condition-add-group').click();
      await p.getByTestId('filter-dialog').getByTestId('condition-group').nth(1).waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '08-phone-new-group', false);
    } finally {
      await phone.close();
    }
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
