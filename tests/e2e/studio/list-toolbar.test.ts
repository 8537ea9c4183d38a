// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * Lists on a rep's phone, in a real Chromium against the real server (issue 14 item 7): the quick filters "My
 * open opportunities" and "Closing this quarter" beside the filter dialog give exactly what the same filter gives
 * through the API (and are chips the user can read); every toolbar button says what it does in words, none cut
 * short, in English and 中文 on a 390×844 phone; and an account's related opportunities keep their amount and
 * close date as lines of each row's card on the phone.
 *
 * Serves the studio built into `STUDIO_DIST` (default `apps/studio/dist`, which `npm test` builds first).
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { quarterOf } from '../../../apps/studio/src/composables/records/quick-filters.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { launchChromium, PHONE, prepareStudio, screenshotter, scrollWidth, signIn, STUDIO_DIST } from '../../support/browser.js';
import { salesModel } from '../../support/docs.js';

const shot = screenshotter('list-toolbar-');
const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const inDays = (n: number) => {
  const now = new Date();
  return localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + n, 12));
};

describe('studio: quick filters, toolbar words and related lists on a phone', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let phone: Page;
  let t: TestTenant;
  let token = '';
  let adminId = '';
  let accountId = '';
  const pageErrors: string[] = [];
  const call = async (query: string, variables: Record<string, unknown> = {}) => ok(await gql(server.url, query, variables, token));
  const apiCount = async (filter: Record<string, unknown>) =>
    (await call('query($f: OpportunityFilter) { opportunities(filter: $f) { totalCount } }', { f: filter })).opportunities.totalCount as number;
  const listTotal = (p: Page, count: number) =>
    p
      .getByTestId('list-total')
      .filter({ hasText: new RegExp(`^${count} records?$`) })
      .waitFor();

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
    adminId = ok(await platformGql(server.url, '{ me { id } }', {}, token)).me.id as string;
    accountId = (await call('mutation($in: AccountInput!) { createAccount(input: $in) { id } }', { in: { name: 'Acme Corp' } })).createAccount.id as string;
    const deal = (input: Record<string, unknown>) => call('mutation($in: OpportunityInput!) { createOpportunity(input: $in) { id } }', { in: input });
    // Mine and open, in this quarter or not; won; someone else's; a deal of another account.
    const [, quarterEnd] = quarterOf(new Date());
    await deal({ name: 'Acme renewal', account: accountId, amount: { amount: 12000 }, closeDate: quarterEnd, stage: 'proposal' });
    await deal({ name: 'Acme expansion', account: accountId, amount: { amount: 4500 }, closeDate: inDays(120), stage: 'prospecting' });
    await deal({ name: 'Acme pilot', account: accountId, amount: { amount: 900 }, closeDate: quarterEnd, stage: 'closed_won' });
    await deal({ name: 'Rita deal', account: accountId, amount: { amount: 7000 }, closeDate: quarterEnd, stage: 'qualification', ownerId: rep.id });
    await deal({ name: 'Globex late', amount: { amount: 3000 }, closeDate: inDays(-200), stage: 'qualification' });

    browser = await launchChromium();
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page = await desktop.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, server.url, t);
    const small = await browser.newContext({ viewport: PHONE, locale: 'en-US', isMobile: true, hasTouch: true });
    phone = await small.newPage();
    phone.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(phone, server.url, t);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  it('"My open opportunities" shows what the same filter gives through the API, as chips in words', async () => {
    await page.goto(`${server.url}/o/opportunity`);
    await listTotal(page, 5);
    const quick = page.getByTestId('quick-filter');
    expect(await quick.allInnerTexts()).toEqual(['My open opportunities', 'Closing this quarter']);
    const myOpen = page.locator('[data-testid="quick-filter"][data-quick="myOpen"]');
    await myOpen.click();
    const expected = await apiCount({ ownerId: { in: [adminId] }, outcome: { isNull: true } });
    expect(expected).toBe(3);
    await listTotal(page, expected);
    expect(await myOpen.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('record-link').allInnerTexts()).toEqual(expect.arrayContaining(['Acme renewal', 'Acme expansion', 'Globex late']));
    const chips = await page.getByTestId('filter-chip').allInnerTexts();
    expect(chips).toHaveLength(2);
    expect(chips.join(' | ')).toContain('Owner');
    await shot(page, 'my-open');
    // Clicked again, it takes its chips away.
    await myOpen.click();
    await listTotal(page, 5);
    expect(await myOpen.getAttribute('aria-pressed')).toBe('false');
  });

  it('"Closing this quarter" shows the open deals whose close date falls in this calendar quarter', async () => {
    await page.locator('[data-testid="quick-filter"][data-quick="closingThisQuarter"]').click();
    const [from, to] = quarterOf(new Date());
    const expected = await apiCount({ closeDate: { gte: from, lte: to }, outcome: { isNull: true } });
    expect(expected).toBe(2);
    await listTotal(page, expected);
    expect((await page.getByTestId('record-link').allInnerTexts()).sort()).toEqual(['Acme renewal', 'Rita deal']);
  });

  it('says in words what every toolbar button does on a phone, none cut short, in English and 中文', async () => {
    await phone.goto(`${server.url}/o/opportunity`);
    await listTotal(phone, 5);
    for (const lang of ['en', 'zh'] as const) {
      if (lang === 'zh') {
        await phone.evaluate(() => localStorage.setItem('funnelcraft.locale', 'zh'));
        await phone.reload();
        await phone.getByTestId('list-total').filter({ hasText: '5 条记录' }).waitFor();
      }
      const buttons = phone.locator('.filter-row .el-button, [data-testid="quick-filter"]');
      const seen = await buttons.evaluateAll((els) =>
        els.map((el) => {
          const text = (el as HTMLElement).innerText.trim();
          const label = el.querySelector('span span, span') ?? el;
          return { text, title: el.getAttribute('title') ?? '', cut: label.scrollWidth > label.clientWidth + 1 || el.scrollWidth > el.clientWidth + 1 };
        }),
      );
      const words =
        lang === 'en'
          ? ['Filter', 'Any-of group', 'Columns', 'Export CSV', 'My open opportunities', 'Closing this quarter']
          : ['筛选', '“或”条件组', '列', '导出 CSV', '我的进行中商机', '本季度预计成交'];
      expect(seen.map((s) => s.text)).toEqual(words);
      expect(seen.filter((s) => s.cut)).toEqual([]);
      // The four tools also explain themselves in a tooltip.
      expect(seen.slice(0, 4).every((s) => s.title.length > s.text.length)).toBe(true);
      expect(await scrollWidth(phone)).toBeLessThanOrEqual(PHONE.width);
      await shot(phone, `phone-${lang}`);
    }
    await phone.evaluate(() => localStorage.setItem('funnelcraft.locale', 'en'));
  });

  it('keeps the amount and the close date of related opportunities as card lines on a phone', async () => {
    await phone.goto(`${server.url}/o/account/${accountId}`);
    const list = phone.locator('[data-testid="related-list"][data-relation="opportunities"]');
    // On a phone the record page has tabs: the related lists are under their own.
    await phone.getByTestId('record-tab-related').click();
    const row = list.getByTestId('related-row').filter({ hasText: 'Acme renewal' });
    await row.waitFor();
    const [, quarterEnd] = quarterOf(new Date());
    const closeText = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${quarterEnd}T00:00:00Z`));
    const lines = await row.locator('.row-meta').evaluateAll((els) =>
      els.map((el) => ({
        field: el.getAttribute('data-field'),
        text: (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
        shown: (el as HTMLElement).offsetHeight > 0,
      })),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        { field: 'amount', text: 'Amount $12,000.00', shown: true },
        { field: 'closeDate', text: `Close date ${closeText}`, shown: true },
      ]),
    );
    // Each a line of its own under the title, inside the screen.
    const boxes = await row.locator('.row-title, .row-meta').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.top).toBeGreaterThanOrEqual(boxes[i - 1]!.bottom - 1);
    expect(Math.max(...boxes.map((b) => b.right))).toBeLessThanOrEqual(PHONE.width);
    await shot(phone, 'related-phone');
    expect(pageErrors).toEqual([]);
  });
});
