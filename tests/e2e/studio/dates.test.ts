/**
 * Dates typed, in a real Chromium against the real server (issue 14 item 6): a close date typed the English ways
 * (12/20/2026, Dec 20 2026), the Chinese ways (2026/12/20, 2026年12月20日) and as ISO, each checked through the
 * API; an unreadable one says so under the input and is not saved; a due time typed with its time, read in the
 * browser's time zone (Asia/Shanghai here, so a UTC slip would show). Then the same date in one format on the
 * list, the record page and the timeline, in both languages.
 *
 * Serves the studio built into `STUDIO_DIST` (default `apps/studio/dist`, which `npm test` builds first).
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, testPool, type TestTenant } from '../../support/db.js';
import { chooseOption, launchChromium, prepareStudio, screenshotter, signIn, STUDIO_DIST } from '../../support/browser.js';
import { salesModel } from '../../support/docs.js';

const shot = screenshotter('dates-');
const field = (page: Page, name: string) => page.locator(`[data-field="${name}"]`);
const dateText = (page: Page, name: string) => field(page, name).getByTestId('date-text').locator('input');

describe('studio: dates you can type, shown in one format', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let t: TestTenant;
  let token = '';
  let dealUrl = '';
  const pageErrors: string[] = [];

  const saved = async (id: string) =>
    ok(await gql(server.url, 'query($id: ID!) { opportunity(id: $id) { closeDate } }', { id }, token)).opportunity as { closeDate: string | null };
  const idOf = (url: string) => url.split('/').pop()!;

  /** Types into a date input and leaves it with Enter, as a user would. */
  async function type(name: string, text: string): Promise<void> {
    const input = dateText(page, name);
    await input.fill(text);
    await input.press('Enter');
  }

  /** Edits the deal's close date by typing `text`, saves, and returns what the API holds. */
  async function retype(text: string): Promise<string | null> {
    await page.goto(`${server.url}${dealUrl}/edit`);
    await dateText(page, 'closeDate').waitFor();
    await type('closeDate', text);
    await page.getByTestId('form-save').click();
    await page.waitForURL((u) => u.pathname === dealUrl);
    return (await saved(idOf(dealUrl))).closeDate;
  }

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    await applyDocs(pool, t, salesModel());
    server = await startTestServer({ studioDir: STUDIO_DIST });
    token = await login(server.url, t.tenant.slug, t.email);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, server.url, t);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  it('reads a close date typed the English way (12/20/2026) and shows it back in the one format', async () => {
    await page.goto(`${server.url}/o/opportunity/new`);
    await field(page, 'name').locator('input').fill('Acme renewal');
    await type('closeDate', '12/20/2026');
    expect(await dateText(page, 'closeDate').inputValue()).toBe('Dec 20, 2026');
    await shot(page, 'typed-en');
    await page.getByTestId('form-save').click();
    await page.waitForURL((u) => /^\/o\/opportunity\/[0-9a-f-]{36}$/.test(u.pathname));
    dealUrl = new URL(page.url()).pathname;
    expect((await saved(idOf(dealUrl))).closeDate).toBe('2026-12-20');
    await page.getByTestId('record-details').locator('[data-field="closeDate"]').filter({ hasText: 'Dec 20, 2026' }).waitFor();
  });

  it('reads month names and ISO too', async () => {
    expect(await retype('Jan 5 2027')).toBe('2027-01-05');
    expect(await retype('2027-03-15')).toBe('2027-03-15');
  });

  it('says under the input that a date cannot be read, and does not save it', async () => {
    await page.goto(`${server.url}${dealUrl}/edit`);
    await dateText(page, 'closeDate').waitFor();
    await type('closeDate', '31/12/2026');
    const problem = field(page, 'closeDate').getByTestId('date-unreadable');
    await problem.waitFor();
    expect(await problem.innerText()).toBe('“31/12/2026” is not a date. Type it like 12/20/2026, Dec 20 2026 or 2026-12-20.');
    expect(await dateText(page, 'closeDate').getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'unreadable');
    await page.getByTestId('form-save').click();
    // The form refuses it as the record schema does, and stays.
    await field(page, 'closeDate').getByTestId('field-error').waitFor();
    expect(new URL(page.url()).pathname).toBe(`${dealUrl}/edit`);
    expect((await saved(idOf(dealUrl))).closeDate).toBe('2027-03-15');
    // Corrected, it saves.
    await type('closeDate', '3/16/2027');
    await field(page, 'closeDate').getByTestId('date-unreadable').waitFor({ state: 'detached' });
    await page.getByTestId('form-save').click();
    await page.waitForURL((u) => u.pathname === dealUrl);
    expect((await saved(idOf(dealUrl))).closeDate).toBe('2027-03-16');
  });

  it('reads a due time typed with its time, in the browser’s time zone', async () => {
    await page.goto(`${server.url}/o/activity/new`);
    await field(page, 'subject').locator('input').fill('Call Acme');
    await chooseOption(page, field(page, 'type').locator('.el-select'), 'Call');
    await type('dueAt', '12/20/2026 2:30 PM');
    expect((await dateText(page, 'dueAt').inputValue()).replace(/\u202f/g, ' ')).toBe('Dec 20, 2026, 2:30 PM');
    await page.getByTestId('form-save').click();
    await page.waitForURL((u) => /^\/o\/activity\/[0-9a-f-]{36}$/.test(u.pathname));
    const id = idOf(page.url());
    const activity = ok(await gql(server.url, 'query($id: ID!) { activity(id: $id) { dueAt } }', { id }, token)).activity as { dueAt: string };
    // 14:30 in Shanghai (UTC+8).
    expect(new Date(activity.dueAt).toISOString()).toBe('2026-12-20T06:30:00.000Z');
    await page
      .getByTestId('record-details')
      .locator('[data-field="dueAt"]')
      .filter({ hasText: /Dec 20, 2026, 2:30\sPM/ })
      .waitFor();
  });

  it('shows one date format on the list, the record page and the timeline', async () => {
    await page.goto(`${server.url}/o/opportunity`);
    const cell = page.locator('.el-table__body td.col-closeDate').first();
    await cell.filter({ hasText: 'Mar 16, 2027' }).waitFor();
    await page.goto(`${server.url}${dealUrl}`);
    await page.getByTestId('record-details').locator('[data-field="closeDate"]').filter({ hasText: 'Mar 16, 2027' }).waitFor();
    const change = page.getByTestId('timeline').locator('[data-testid="timeline-entry"][data-kind="updated"]').first().locator('.change');
    await change.filter({ hasText: 'Close date' }).waitFor();
    expect(await change.locator('.from').innerText()).toBe('Mar 15, 2027');
    expect(await change.locator('.to').innerText()).toBe('Mar 16, 2027');
    // The timeline's own times say the same day the same way.
    const title = await page.getByTestId('timeline').locator('time').first().getAttribute('title');
    expect(title?.replace(/\u202f/g, ' ')).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M$/);
  });

  it('in 中文 reads 2026/12/20 and 2026年12月20日, and shows 2026年…月…日 everywhere', async () => {
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('record-details').locator('[data-field="closeDate"]').filter({ hasText: '2027年3月16日' }).waitFor();
    expect(await retype('2026/12/20')).toBe('2026-12-20');
    expect(await retype('2026年11月3日')).toBe('2026-11-03');
    expect(await retype('2026-10-01')).toBe('2026-10-01');
    await page.goto(`${server.url}${dealUrl}/edit`);
    expect(await dateText(page, 'closeDate').inputValue()).toBe('2026年10月1日');
    expect(await dateText(page, 'closeDate').getAttribute('placeholder')).toBe('例如 2026/12/20');
    await type('closeDate', '12/20/2026');
    expect(await field(page, 'closeDate').getByTestId('date-unreadable').innerText()).toContain('无法识别日期“12/20/2026”');
    await shot(page, 'unreadable-zh');

    await page.goto(`${server.url}${dealUrl}`);
    const change = page.getByTestId('timeline').locator('[data-testid="timeline-entry"][data-kind="updated"]').first().locator('.change');
    await change.locator('.to').filter({ hasText: '2026年10月1日' }).waitFor();
    expect(await change.locator('.from').innerText()).toBe('2026年11月3日');
    await page.goto(`${server.url}/o/opportunity`);
    await page.locator('.el-table__body td.col-closeDate').first().filter({ hasText: '2026年10月1日' }).waitFor();
    await page.goto(`${server.url}/o/activity`);
    await page.locator('.el-table__body td.col-dueAt').first().filter({ hasText: '2026年12月20日 14:30' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
