// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * Home is the signed-in user's day, in a real Chromium against the real server: activities due today and
 * overdue (done with one click, gone from the list and done on the server), open deals closing this month and
 * those past their close date, the open pipeline by stage with totals, the records opened lately; an admin's
 * "Team" adds another rep's work. Dates are relative to the day the test runs. Then 中文 and a 390×844 phone.
 * Screenshots go to `tests/e2e/screenshots/home-*.png`.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { launchChromium, PHONE, prepareStudio, screenshotter, scrollWidth, signIn, smallTouchTargets, STUDIO_DIST } from '../../support/browser.js';
import { salesModel } from '../../support/docs.js';

const shot = screenshotter('home-');
const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/** Noon, `offset` days from today, in this machine's zone (the browser's too). */
const noon = (offset: number) => {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset, 12);
};
const texts = async (page: Page, testId: string) => (await page.getByTestId(testId).allInnerTexts()).map((s) => s.trim());
const names = (page: Page, section: string) => page.locator(`[data-testid="${section}"] .home-link`).allInnerTexts();

describe('studio: home is my day', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let t: TestTenant;
  let token: string;
  const ids = { callToday: '', deal: '' };
  const pageErrors: string[] = [];
  const call = async (query: string, variables: Record<string, unknown> = {}) => ok(await gql(server.url, query, variables, token));

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
    const deal = async (input: Record<string, unknown>) =>
      (await call('mutation($in: OpportunityInput!) { createOpportunity(input: $in) { id } }', { in: { account, ...input } })).createOpportunity.id as string;
    // Closing this month: today or a later day of this month (the month's last day when today is not it).
    const thisMonth = localDay(new Date(noon(0).getFullYear(), noon(0).getMonth() + 1, 0));
    ids.deal = await deal({ name: 'Acme renewal', amount: { amount: 12000 }, closeDate: thisMonth, stage: 'proposal' });
    await deal({ name: 'Globex late', amount: { amount: 5000 }, closeDate: localDay(noon(-10)), stage: 'qualification' });
    await deal({ name: 'Initech next quarter', amount: { amount: 3000 }, closeDate: localDay(noon(62)), stage: 'prospecting' });
    await deal({ name: 'Stark won', amount: { amount: 9000 }, closeDate: thisMonth, stage: 'closed_won' });
    await deal({ name: 'Rita big deal', amount: { amount: 7000 }, closeDate: thisMonth, stage: 'prospecting', ownerId: rep.id });

    const activity = async (input: Record<string, unknown>) =>
      (await call('mutation($in: ActivityInput!) { createActivity(input: $in) { id } }', { in: { account, ...input } })).createActivity.id as string;
    ids.callToday = await activity({ subject: 'Call Acme today', type: 'call', dueAt: noon(0).toISOString(), opportunity: ids.deal });
    await activity({ subject: 'Send overdue proposal', type: 'email', dueAt: noon(-3).toISOString() });
    await activity({ subject: 'Finished yesterday', type: 'task', dueAt: noon(-1).toISOString(), done: true });
    await activity({ subject: 'Demo next week', type: 'meeting', dueAt: noon(7).toISOString() });
    await activity({ subject: 'Rita calls Globex', type: 'call', dueAt: noon(0).toISOString(), ownerId: rep.id });

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

  it('shows my activities due today and overdue, my deals to close and my open pipeline by stage', async () => {
    await signIn(page, server.url, t, '/');
    await page.getByTestId('home-activity').nth(1).waitFor();
    expect(await page.getByTestId('page-title').innerText()).toBe('Welcome, Admin');
    // Oldest first; done and later ones are not there, nor another rep's.
    expect(await names(page, 'home-activities')).toEqual(['Send overdue proposal', 'Call Acme today']);
    const due = await texts(page, 'activity-due');
    expect(due[0]).toMatch(/^Overdue · /);
    expect(due[1]).toMatch(/^Today /);
    expect(await page.getByTestId('activity-about').nth(1).innerText()).toContain('Acme renewal');
    expect(await page.getByTestId('home-activities-count').innerText()).toBe('2');

    await page.locator('[data-testid="home-deals-thisMonth"] [data-testid="home-deal"]').first().waitFor();
    expect(await names(page, 'home-deals-thisMonth')).toEqual(['Acme renewal']);
    expect(await names(page, 'home-deals-overdue')).toEqual(['Globex late']);
    expect(await page.locator('[data-testid="home-deals-thisMonth"] .home-row-meta').innerText()).toBe('Acme Corp · $12,000.00');

    await page.getByTestId('home-pipeline-total').waitFor();
    const stages = await page.getByTestId('home-stage').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    expect(stages).toEqual(['Prospecting $3,000 1 deal', 'Qualification $5,000 1 deal', 'Proposal $12,000 1 deal']);
    expect((await page.getByTestId('home-pipeline-total').innerText()).replace(/\s+/g, ' ').trim()).toBe('Total $20,000 3 deals');
    // The objects and their fields are Setup's business now.
    expect(await page.locator('.object-card').count()).toBe(0);
    await shot(page, 'desktop');
  });

  it('marks an activity done with one click', async () => {
    const row = page.locator(`[data-testid="home-activity"][data-id="${ids.callToday}"]`);
    await row.getByTestId('activity-done').click();
    await page.locator('.el-message', { hasText: '“Call Acme today” is done.' }).waitFor();
    await row.waitFor({ state: 'detached' });
    expect(await names(page, 'home-activities')).toEqual(['Send overdue proposal']);
    expect(await page.getByTestId('home-activities-count').innerText()).toBe('1');
    const { activity } = await call('query($id: ID!) { activity(id: $id) { done } }', { id: ids.callToday });
    expect(activity.done).toBe(true);
  });

  it('shows the team to an admin: another rep’s activities and deals join the totals', async () => {
    await page.getByTestId('scope-team').click();
    await page.locator('[data-testid="home-activities"] .home-link', { hasText: 'Rita calls Globex' }).waitFor();
    await page.getByTestId('home-pipeline-total').filter({ hasText: '4 deals' }).waitFor();
    expect((await page.getByTestId('home-pipeline-total').innerText()).replace(/\s+/g, ' ').trim()).toBe('Total $27,000 4 deals');
    expect(await names(page, 'home-deals-thisMonth')).toEqual(['Acme renewal', 'Rita big deal']);
    await page.getByTestId('scope-mine').click();
    await page.getByTestId('home-pipeline-total').filter({ hasText: '3 deals' }).waitFor();
  });

  it('lists the records I opened lately, newest first', async () => {
    expect(await page.getByTestId('home-recent-item').count()).toBe(0);
    await page.locator('[data-testid="home-deals-overdue"] .home-link', { hasText: 'Globex late' }).click();
    await page.getByTestId('page-title').filter({ hasText: 'Globex late' }).waitFor();
    await page.goto(`${server.url}/o/opportunity/${ids.deal}`);
    await page.getByTestId('page-title').filter({ hasText: 'Acme renewal' }).waitFor();
    await page.getByTestId('nav-home').click();
    await page.getByTestId('home-recent-item').nth(1).waitFor();
    expect(await names(page, 'home-recent')).toEqual(['Acme renewal', 'Globex late']);
    expect(await page.locator('[data-testid="home-recent"] .home-row-meta').allInnerTexts()).toEqual(['Opportunity', 'Opportunity']);
  });

  it('reads in 中文', async () => {
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('page-title').filter({ hasText: '欢迎，Admin' }).waitFor();
    expect(await page.locator('[data-testid="home-activities"] .home-card-title').innerText()).toContain('今天到期和已逾期的活动');
    expect((await texts(page, 'activity-due'))[0]).toMatch(/^已逾期 · /);
    await page.getByTestId('home-pipeline-total').filter({ hasText: '合计' }).waitFor();
    const stages = await page.getByTestId('home-stage').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    expect(stages).toEqual(['初步接洽 US$3,000 1 个商机', '需求确认 US$5,000 1 个商机', '方案报价 US$12,000 1 个商机']);
    expect(await page.getByTestId('home-recent').locator('.home-row-meta').first().innerText()).toBe('商机');
    expect(await texts(page, 'scope-team')).toEqual(['团队']);
    await shot(page, 'zh');
    await page.getByTestId('lang-en').click();
  });

  it('fits a 390×844 phone: one column, no sideways scrolling, fingertip-sized targets', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(p, server.url, t, '/');
      await p.getByTestId('home-pipeline-total').waitFor();
      await p.getByTestId('home-activity').first().waitFor();
      expect(await p.getByTestId('activity-done').first().boundingBox()).toMatchObject({ width: 40, height: 40 });
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, 'phone');
    } finally {
      await phone.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
