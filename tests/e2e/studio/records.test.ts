// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * The generated record screens in a real Chromium against the real server, on a tenant with the sales model:
 * create an account in its form (fixing validation errors on the spot), create a contact from the account's
 * related list, edit the account, find it in the list with a filter, save the view, bulk-edit and export,
 * switch to 中文, and the list and form at phone size. Each step saves a screenshot under `tests/e2e/screenshots/`.
 *
 * Serves the studio built into `STUDIO_DIST` (default `apps/studio/dist`, which `npm test` builds first).
 */
import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { createSampleAccounts, login, startTestServer } from '../../support/api.js';
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

const shot = screenshotter('records-');

/** A form field by its API name. */
const field = (page: Page, name: string) => page.locator(`[data-field="${name}"]`);
const fieldError = (page: Page, name: string) => field(page, name).getByTestId('field-error');

describe('studio: generated record screens', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  let t: TestTenant;
  let accountUrl = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    await applyDocs(pool, t, salesModel());
    server = await startTestServer({ studioDir: STUDIO_DIST });
    // Other accounts, so that finding ours takes a filter.
    const token = await login(server.url, t.tenant.slug, t.email);
    await createSampleAccounts(server.url, token);

    browser = await launchChromium();
    desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', acceptDownloads: true });
    page = await desktop.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, server.url, t);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  it('creates an account in the generated form, fixing validation errors on the spot', async () => {
    await page.getByTestId('nav-object-account').click();
    await page.waitForURL((u) => u.pathname === '/o/account');
    await page.getByTestId('list-total').filter({ hasText: '24 records' }).waitFor();
    await page.getByTestId('list-new').click();
    await page.waitForURL((u) => u.pathname === '/o/account/new');
    await page.getByTestId('page-title').filter({ hasText: 'New Account' }).waitFor();

    // Sections come from the field kinds: text and options first, then numbers and dates, then the owner.
    expect(await page.locator('[data-section]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['section']))).toEqual([
      'main',
      'numbers',
      'system',
    ]);

    // The owner, left empty, will be the creator (the server's rule): it says so instead of "Select".
    expect((await field(page, 'owner').locator('.el-select__placeholder').innerText()).trim()).toBe('You, if left empty');

    // Name left empty and a website without its scheme: the browser refuses both before sending anything.
    await field(page, 'website').locator('input').fill('northwind');
    await field(page, 'employees').locator('input').fill('250');
    await page.getByTestId('form-save').click();
    await fieldError(page, 'name').waitFor();
    expect(await fieldError(page, 'name').innerText()).toBe('Required');
    expect(await fieldError(page, 'website').innerText()).toContain('web address');
    expect(await page.getByTestId('errors-summary').innerText()).toContain('2 fields');
    expect(new URL(page.url()).pathname).toBe('/o/account/new');
    await shot(page, '01-form-errors', false);

    // Fixing a field clears its message at once.
    await field(page, 'name').locator('input').fill('Northwind Traders');
    await fieldError(page, 'name').waitFor({ state: 'detached' });
    await field(page, 'website').locator('input').fill('https://northwind.example');
    await fieldError(page, 'website').waitFor({ state: 'detached' });
    await chooseOption(page, field(page, 'industry').locator('.el-select'), 'Finance');
    await field(page, 'annualRevenue').locator('.amount input').fill('1200000');
    await page.getByTestId('form-save').click();

    await page.waitForURL((u) => /^\/o\/account\/[0-9a-f-]{36}$/.test(u.pathname));
    accountUrl = new URL(page.url()).pathname;
    await page.getByTestId('page-title').filter({ hasText: 'Northwind Traders' }).waitFor();
  });

  it('shows the 360° view: key facts, fields, related lists and the timeline', async () => {
    const header = page.getByTestId('record-header');
    await header.locator('[data-field="annualRevenue"]').filter({ hasText: '$1,200,000.00' }).waitFor();
    expect(await header.locator('[data-field="owner"]').innerText()).toContain('Admin'); // the creator, as the form said
    const details = page.getByTestId('record-details');
    expect(await details.locator('[data-field="industry"]').innerText()).toContain('Finance');
    expect(await details.locator('[data-field="website"] a').getAttribute('href')).toBe('https://northwind.example');

    // A related list per reverse relation: activities, contacts, opportunities, leads converted to it.
    const relations = await page.getByTestId('related-list').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['relation']));
    expect(relations).toEqual(expect.arrayContaining(['contacts', 'opportunities', 'activities', 'convertedLeads']));
    const contacts = page.locator('[data-testid="related-list"][data-relation="contacts"]');
    expect(await contacts.getByTestId('related-count').innerText()).toBe('0');

    await page.getByTestId('timeline').locator('[data-testid="timeline-entry"][data-kind="created"]').waitFor();
    await shot(page, '02-record-view');
  });

  it('creates a contact from the related list, with the account filled in', async () => {
    const contacts = page.locator('[data-testid="related-list"][data-relation="contacts"]');
    await contacts.getByTestId('related-new').click();
    await page.waitForURL((u) => u.pathname === '/o/contact/new' && u.searchParams.has('account'));
    // The lookup shows the account by its display field, not by its id.
    await field(page, 'account').locator('.el-select__selected-item', { hasText: 'Northwind Traders' }).waitFor();

    await field(page, 'lastName').locator('input').fill('Lin');
    await field(page, 'firstName').locator('input').fill('Mei');
    await field(page, 'email').locator('input').fill('mei.lin@northwind');
    await page.getByTestId('form-save').click();
    await fieldError(page, 'email').waitFor();
    expect(await fieldError(page, 'email').innerText()).toContain('email address');
    await field(page, 'email').locator('input').fill('mei.lin@northwind.example');
    await page.getByTestId('form-save').click();

    // Saved from the account's related list: back on the account.
    await page.waitForURL((u) => u.pathname === accountUrl);
    const related = page.locator('[data-testid="related-list"][data-relation="contacts"]');
    await related.getByTestId('related-count').filter({ hasText: '1' }).waitFor();
    expect(await related.getByTestId('related-row').innerText()).toContain('Lin');
  });

  it('edits the account: only the changed field is sent, and the timeline shows the change', async () => {
    await page.getByTestId('record-edit').click();
    await page.waitForURL((u) => u.pathname === `${accountUrl}/edit`);
    await field(page, 'name').locator('input').waitFor();
    expect(await field(page, 'name').locator('input').inputValue()).toBe('Northwind Traders');

    const sent: unknown[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.postData()?.includes('RecordUpdate'))
        sent.push((r.postDataJSON() as { variables: { input: unknown } }).variables.input);
    });
    await field(page, 'employees').locator('input').fill('300');
    await page.getByTestId('form-save').click();
    await page.waitForURL((u) => u.pathname === accountUrl);
    expect(sent).toEqual([{ employees: 300 }]);

    await page.getByTestId('record-details').locator('[data-field="employees"]').filter({ hasText: '300' }).waitFor();
    const updated = page.getByTestId('timeline').locator('[data-testid="timeline-entry"][data-kind="updated"]');
    await updated.first().waitFor();
    expect(await updated.first().innerText()).toContain('Employees');
    await shot(page, '03-record-edited');
  });

  it('finds the account in the list with a filter, and keeps it as a saved view', async () => {
    await page.getByTestId('nav-object-account').click();
    await page.waitForURL((u) => u.pathname === '/o/account');
    await page.getByTestId('list-total').filter({ hasText: '25 records' }).waitFor();

    await page.getByTestId('add-filter').click();
    const dialog = page.getByTestId('filter-dialog');
    await chooseOption(page, dialog.getByTestId('condition-field'), /^Account name$/);
    await dialog.getByTestId('filter-value').fill('northwind');
    await dialog.getByTestId('filter-apply').click();

    await page.getByTestId('list-total').filter({ hasText: '1 record' }).waitFor();
    expect(await page.getByTestId('filter-chip').innerText()).toContain('Account name contains northwind');
    expect(await page.getByTestId('record-link').allInnerTexts()).toEqual(['Northwind Traders']);
    await shot(page, '04-list-filtered');

    // Saved as a view of my own, it comes back after a reload (the view is in the address).
    await page.getByTestId('views-menu').click();
    await page.getByTestId('view-save-as').click();
    await page.getByTestId('view-name').fill('Northwind only');
    await page.getByTestId('view-save').click();
    await page.getByTestId('views-menu').filter({ hasText: 'Northwind only' }).waitFor();
    await page.waitForURL((u) => u.searchParams.has('view'));
    await page.reload();
    await page.getByTestId('views-menu').filter({ hasText: 'Northwind only' }).waitFor();
    await page.getByTestId('list-total').filter({ hasText: '1 record' }).waitFor();
    expect(await page.getByTestId('filter-chip').count()).toBe(1);

    // Removing the chip shows everything again, and marks the view as modified.
    await page.getByTestId('filter-chip-remove').click();
    await page.getByTestId('list-total').filter({ hasText: '25 records' }).waitFor();
    await page.getByTestId('view-modified').waitFor();
  });

  it('sorts by a header, bulk-edits the selection and exports the view as CSV', async () => {
    await page.getByTestId('views-menu').click();
    await page.getByTestId('view-all').click();
    await page.getByTestId('list-total').filter({ hasText: '25 records' }).waitFor();

    // Employees descending: the account with 300 comes first.
    const header = page.locator('th.col-employees');
    await header.click();
    await page.locator('th.col-employees.ascending').waitFor();
    await header.click();
    await page.locator('th.col-employees.descending').waitFor();
    await page.getByTestId('record-link').first().filter({ hasText: 'Northwind Traders' }).waitFor();

    // Two rows selected, one field set on both.
    const rows = page.locator('.el-table__body tr');
    await rows.nth(1).locator('.el-checkbox').click();
    await rows.nth(2).locator('.el-checkbox').click();
    await page.getByTestId('selection-bar').filter({ hasText: '2 selected' }).waitFor();
    await page.getByTestId('bulk-edit').click();
    const bulk = page.getByTestId('bulk-dialog');
    await chooseOption(page, bulk.getByTestId('bulk-field'), /^Industry$/);
    await chooseOption(page, bulk.getByTestId('bulk-value').locator('.el-select'), 'Software');
    await bulk.getByTestId('bulk-apply').click();
    await bulk.getByTestId('bulk-result').filter({ hasText: '2 records updated' }).waitFor();
    await shot(page, '05-bulk-edit', false);
    await page.keyboard.press('Escape');
    await bulk.waitFor({ state: 'hidden' });
    await page.locator('.el-table__body td.col-industry', { hasText: 'Software' }).nth(1).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(26);
    expect(lines[0]).toContain('Account name');
    expect(lines[1]).toContain('Northwind Traders');
    expect(lines[1]).toContain(',300,');
  });

  it('switches to 中文: list labels, filters and the form are translated', async () => {
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('page-title').filter({ hasText: '客户' }).waitFor();
    expect(await page.getByTestId('list-total').innerText()).toBe('25 条记录');
    expect(await page.getByTestId('list-new').innerText()).toBe('新建客户');
    const headers = await page.locator('.el-table__header th').allInnerTexts();
    expect(headers).toEqual(expect.arrayContaining(['客户名称', '行业', '员工人数', '负责人']));
    expect(await page.getByTestId('add-filter').innerText()).toBe('筛选');
    await page.locator('.el-table__body td.col-industry', { hasText: '软件' }).first().waitFor();
    await shot(page, '06-list-zh');

    await page.getByTestId('list-new').click();
    await page.getByTestId('page-title').filter({ hasText: '新建客户' }).waitFor();
    await page.getByTestId('form-save').click();
    expect(await fieldError(page, 'name').innerText()).toBe('必填');
    await shot(page, '07-form-zh', false);
    await page.getByTestId('lang-en').click();
  });

  it('fits a 390×844 phone: the list as cards and the form, without horizontal scrolling', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(p, server.url, t);
      await p.goto(`${server.url}/o/account`);
      await p.getByTestId('record-cards').locator('[data-testid="record-row"]').first().waitFor();
      expect(await p.getByTestId('record-row').count()).toBe(25);
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '08-phone-list');

      await p.getByTestId('add-filter').click();
      const dialog = p.getByTestId('filter-dialog');
      await chooseOption(p, dialog.getByTestId('condition-field'), /^Account name$/);
      await dialog.getByTestId('filter-value').fill('northwind');
      await dialog.getByTestId('filter-apply').click();
      await p.getByTestId('list-total').filter({ hasText: '1 record' }).waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '09-phone-list-filtered');

      await p.getByTestId('record-row').locator('a').click();
      await p.waitForURL((u) => u.pathname === accountUrl);
      await p.getByTestId('record-header').waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      await shot(p, '10-phone-record');

      await p.goto(`${server.url}/o/opportunity/new`);
      await field(p, 'name').locator('input').waitFor();
      await field(p, 'closeDate').locator('input').waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '11-phone-form', false);
    } finally {
      await phone.close();
    }
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
