// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * Quick actions on a record page in a real Chromium against the real server: log a call, add a task with a due
 * time and a reminder, add a note — each in a dialog, the page stays, the timeline shows it at once, and the
 * activity is linked to the record and to its account. The timeline sits beside the fields on a desktop; on a
 * 390×844 phone the page is tabs (details, related, timeline). 中文 too. Screenshots: `quick-*.png`.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, testPool, type TestTenant } from '../../support/db.js';
import { launchChromium, PHONE, prepareStudio, screenshotter, scrollWidth, signIn, smallTouchTargets, STUDIO_DIST } from '../../support/browser.js';
import { salesModel } from '../../support/docs.js';

const shot = screenshotter('quick-');
const entry = (page: Page, text: string) => page.getByTestId('timeline-entry').filter({ hasText: text });

describe('studio: quick actions on a record', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let t: TestTenant;
  let token: string;
  const ids = { account: '', deal: '' };
  const pageErrors: string[] = [];
  const call = async (query: string, variables: Record<string, unknown> = {}) => ok(await gql(server.url, query, variables, token));
  const activities = async () =>
    (
      await call(
        'query($f: ActivityFilter) { activities(filter: $f, orderBy: [{field: createdAt, direction: ASC}]) { nodes { subject type done dueAt remindAt notes opportunityId accountId } } }',
        { f: { opportunity: { eq: ids.deal } } },
      )
    ).activities.nodes as Record<string, unknown>[];

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    await applyDocs(pool, t, salesModel());
    server = await startTestServer({ studioDir: STUDIO_DIST });
    token = await login(server.url, t.tenant.slug, t.email);
    ids.account = (await call('mutation($in: AccountInput!) { r: createAccount(input: $in) { id } }', { in: { name: 'Acme Corp' } })).r.id;
    ids.deal = (
      await call('mutation($in: OpportunityInput!) { r: createOpportunity(input: $in) { id } }', {
        in: { name: 'Acme renewal', account: ids.account, stage: 'prospecting' },
      })
    ).r.id;
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  it('shows the timeline beside the fields on a desktop', async () => {
    await signIn(page, server.url, t, `/o/opportunity/${ids.deal}`);
    await page.getByTestId('page-title').filter({ hasText: 'Acme renewal' }).waitFor();
    await page.getByTestId('timeline-entry').first().waitFor();
    const details = (await page.getByTestId('record-details').boundingBox())!;
    const timeline = (await page.getByTestId('timeline-entry').first().boundingBox())!;
    expect(timeline.x).toBeGreaterThan(details.x + details.width - 1);
    expect(timeline.y).toBeLessThan(details.y + details.height);
    expect(await page.getByTestId('record-tabs').count()).toBe(0);
    expect(await page.getByTestId('quick-actions').locator('button').allInnerTexts()).toEqual(['Log a call', 'Add a task', 'Add a note']);
  });

  it('logs a call: the timeline shows it at once, linked to the deal and its account', async () => {
    await page.getByTestId('quick-call').click();
    const dialog = page.getByTestId('quick-dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('quick-subject').inputValue()).toBe('Phone call');
    await page.getByTestId('quick-notes').fill('Talked pricing with Grace');
    await page.getByTestId('quick-save').click();
    await page.locator('.el-message', { hasText: 'Call logged.' }).waitFor();
    await entry(page, 'Phone call').waitFor();
    expect(page.url()).toBe(`${server.url}/o/opportunity/${ids.deal}`);
    expect(await activities()).toEqual([
      expect.objectContaining({
        subject: 'Phone call',
        type: 'call',
        done: true,
        notes: 'Talked pricing with Grace',
        opportunityId: ids.deal,
        accountId: ids.account,
        remindAt: null,
      }),
    ]);
  });

  it('adds a task with a due time and a reminder; a task needs a subject', async () => {
    await page.getByTestId('quick-task').click();
    await page.getByTestId('quick-dialog').waitFor();
    await page.getByTestId('quick-subject').fill('');
    await page.getByTestId('quick-save').click();
    await page.getByTestId('quick-dialog').getByRole('alert').filter({ hasText: 'Required' }).waitFor();
    expect(await activities()).toHaveLength(1);
    await page.getByTestId('quick-subject').fill('Send the contract');
    const due = page.locator('[data-testid="quick-due"] input');
    await due.fill('2030-05-06 14:30');
    await due.press('Enter');
    await page.locator('.el-picker-panel:visible').waitFor({ state: 'hidden' });
    await page.getByTestId('quick-reminder').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '1 hour before' }).click();
    await shot(page, 'task-dialog', false);
    await page.getByTestId('quick-save').click();
    await page.locator('.el-message', { hasText: 'Task added.' }).waitFor();
    await entry(page, 'Send the contract').waitFor();
    const task = (await activities())[1]!;
    expect(task).toMatchObject({ subject: 'Send the contract', type: 'task', done: false });
    expect(new Date(String(task['dueAt'])).getTime()).toBe(new Date(2030, 4, 6, 14, 30).getTime());
    expect(new Date(String(task['dueAt'])).getTime() - new Date(String(task['remindAt'])).getTime()).toBe(3_600_000);
  });

  it('adds a note', async () => {
    await page.getByTestId('quick-note').click();
    await page.getByTestId('quick-dialog').waitFor();
    await page.getByTestId('quick-subject').fill('Budget confirmed');
    await page.getByTestId('quick-notes').fill('CFO signed off on 12k');
    await page.getByTestId('quick-save').click();
    await entry(page, 'Budget confirmed').waitFor();
    expect((await activities())[2]).toMatchObject({ subject: 'Budget confirmed', type: 'note', done: true, notes: 'CFO signed off on 12k' });
    await shot(page, 'desktop');
  });

  it('reads in 中文', async () => {
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('quick-actions').locator('button', { hasText: '记录通话' }).waitFor();
    expect(await page.getByTestId('quick-actions').locator('button').allInnerTexts()).toEqual(['记录通话', '添加任务', '添加备注']);
    await page.getByTestId('quick-task').click();
    await page.getByTestId('quick-dialog').locator('.el-dialog__title', { hasText: '添加任务' }).waitFor();
    expect(await page.getByTestId('quick-subject').inputValue()).toBe('跟进');
    await page.getByTestId('quick-dialog').getByRole('button', { name: '取消' }).click();
    await page.getByTestId('lang-en').click();
  });

  it('is tabs on a 390×844 phone: details first, a quick action lands on the timeline', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(p, server.url, t, `/o/account/${ids.account}`);
      await p.getByTestId('record-tabs').waitFor();
      expect(await p.getByTestId('record-tabs').locator('button').allInnerTexts()).toEqual(['Details', 'Related', 'Timeline']);
      await p.getByTestId('record-details').waitFor();
      expect(await p.getByTestId('timeline-entry').count()).toBe(0);
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, 'phone-details');
      await p.getByTestId('record-tab-related').tap();
      await p.locator('[data-testid="related-list"][data-relation="opportunities"]').waitFor();
      expect(await p.getByTestId('record-details').count()).toBe(0);
      await p.getByTestId('quick-call').tap();
      await p.getByTestId('quick-save').tap();
      await p.getByTestId('record-tab-timeline').and(p.locator('[aria-selected="true"]')).waitFor();
      await entry(p, 'Phone call').first().waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, 'phone-timeline');
    } finally {
      await phone.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
