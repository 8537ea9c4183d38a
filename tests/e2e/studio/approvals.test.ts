// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * Approvals in a real Chromium against the real server, on the demo's rule and model (demoSalesModel, the
 * demoBigDiscount rule of demoRules: a sample rep's discount over 20 % waits for the owner's manager, here as in
 * the demo the admin who manages the rep's team):
 * - a rep sets a discount of 25 % on their deal in the form: it says "Sent for approval" naming the admin, not an
 *   error, and the discount shows locked; through the API the deal still has 10 %;
 * - the admin sees the count on the home page, opens the inbox from the notification bell, sees the record, the
 *   change 10% → 25%, who asked and the step, and approves with a comment: the deal has 25 % (API), and its
 *   timeline shows the approval with the comment;
 * - the rep asks 30 %, the admin rejects it from the record page with a comment: the deal keeps 25 % (API), the
 *   request is rejected and the timeline says so;
 * - 中文: the rep's "sent for approval" and the admin's inbox in Chinese;
 * - a 390×844 phone: the inbox with no sideways scrolling and fingertip-sized targets, and a decision made on it.
 */
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import { demoRules, demoSalesModel } from '../../../apps/server/src/demo-data.js';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';
import { launchChromium, PHONE, prepareStudio, screenshotter, scrollWidth, smallTouchTargets, STUDIO_DIST, submitSignIn } from '../../support/browser.js';

const shot = screenshotter('approvals-');

interface ApiRequest {
  id: string;
  status: string;
  patch: Record<string, unknown>;
  decisions: { decision: string; comment: string | null; decidedBy: string }[];
}

describe('studio: approvals', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let t: TestTenant;
  let adminToken: string;
  const rep = { id: '', email: '', name: 'Rita Rep' };
  let deal: string;
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];

  const discount = async () =>
    (ok(await gql(server.url, 'query($id: ID!) { opportunity(id: $id) { discount } }', { id: deal }, adminToken)).opportunity as { discount: number }).discount;
  const requests = async () =>
    ok(
      await platformGql(
        server.url,
        'query($id: ID!) { recordApprovals(object: "opportunity", recordId: $id) { id status patch decisions { decision comment decidedBy } } }',
        { id: deal },
        adminToken,
      ),
    ).recordApprovals as ApiRequest[];

  async function open(email: string, options: { phone?: boolean; path?: string } = {}): Promise<Page> {
    const context = await browser.newContext(
      options.phone
        ? { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' }
        : { viewport: { width: 1280, height: 900 }, locale: 'en-US' },
    );
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const path = options.path ?? '/';
    await page.goto(`${server.url}${path === '/' ? '/login' : path}`);
    await submitSignIn(page, { ...t, email });
    await page.waitForURL((u) => u.pathname === path);
    return page;
  }

  /** The rep asks for a discount in the form; the form says it was sent for approval, naming the approver. */
  async function askDiscount(page: Page, value: number, sent: string): Promise<void> {
    await page.goto(`${server.url}/o/opportunity/${deal}/edit`);
    const input = page.locator('[data-testid="record-form"] [data-field="discount"] input');
    await input.fill(String(value));
    await input.press('Tab');
    await page.getByTestId('form-save').click();
    await page.getByTestId('approval-sent').filter({ hasText: sent }).waitFor();
    await page.locator('[data-field="discount"][data-locked="true"]').waitFor();
  }

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    const user = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `rita@${t.tenant.slug}.test`,
      name: rep.name,
      passwordHash: PASSWORD_HASH,
      roles: ['member'],
    });
    Object.assign(rep, { id: user.id, email: user.email });
    // The demo's model and its discount rule, for this tenant's rep.
    const rule = demoRules([rep.id]).find((r) => r['x-rule'] === 'demoBigDiscount')!;
    await applyDocs(pool, t, [...demoSalesModel(salesModel()), rule]);
    server = await startTestServer({ studioDir: STUDIO_DIST });
    adminToken = await login(server.url, t.tenant.slug, t.email);
    // As in the demo: the admin manages the rep's team.
    const team = ok(
      await platformGql(server.url, 'mutation($m: ID) { createTeam(name: "Sales team", managerId: $m) { id } }', { m: t.actor.userId }, adminToken),
    ).createTeam.id as string;
    ok(await platformGql(server.url, 'mutation($t: ID, $u: ID!) { setUserTeam(teamId: $t, userId: $u) { id } }', { t: team, u: rep.id }, adminToken));
    const repToken = await login(server.url, t.tenant.slug, rep.email);
    deal = ok(await gql(server.url, 'mutation { createOpportunity(input: { name: "Orbit Labs renewal", discount: 10 }) { id } }', {}, repToken))
      .createOpportunity.id as string;
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  let repPage: Page;
  let adminPage: Page;

  it('a rep setting a 25 % discount gets "Sent for approval" naming the manager, and the discount locked; nothing written', async () => {
    repPage = await open(rep.email);
    await askDiscount(repPage, 25, 'Sent for approval');
    expect(await repPage.getByTestId('approval-sent').innerText()).toContain('Admin');
    expect(await repPage.getByTestId('save-error').count()).toBe(0);
    expect(await repPage.locator('[data-field="discount"] [data-testid="field-locked"]').innerText()).toBe('Waiting for approval');
    await shot(repPage, '01-sent');
    expect(await discount()).toBe(10);
    const [pending] = await requests();
    expect(pending).toMatchObject({ status: 'pending', patch: { discount: 25 } });
    // The record page shows the pending request, without Approve for the requester.
    await repPage.goto(`${server.url}/o/opportunity/${deal}`);
    await repPage.getByTestId('record-approvals').getByTestId('approval-status').filter({ hasText: 'Pending' }).waitFor();
    expect(await repPage.getByTestId('record-approvals').getByTestId('approval-approve').count()).toBe(0);
  });

  it('the manager sees the count at home, opens the inbox from the bell and approves with a comment: 25 % applied, on the timeline', async () => {
    adminPage = await open(t.email);
    await adminPage.getByTestId('home-approvals').filter({ hasText: '1 approval waits for you' }).waitFor();
    await adminPage.getByTestId('notification-bell').click();
    await adminPage.getByTestId('notification-approvals').click();
    await adminPage.waitForURL((u) => u.pathname === '/approvals');
    const card = adminPage.getByTestId('approval-request');
    await card.waitFor();
    expect(await card.count()).toBe(1);
    await card.getByTestId('approval-record').filter({ hasText: 'Orbit Labs renewal' }).waitFor();
    const change = card.locator('[data-testid="approval-changes"] [data-field="discount"]');
    expect((await change.innerText()).replace(/\s+/g, ' ')).toMatch(/Discount 10% → 25%/);
    expect(await card.getByTestId('approval-requester').innerText()).toBe(`Asked by ${rep.name}`);
    expect(await card.getByTestId('approval-step').innerText()).toMatch(/Step 1 of 1: Manager · Approvers: Admin/);
    await shot(adminPage, '02-inbox');
    await card.getByTestId('approval-comment').fill('Strategic account');
    await card.getByTestId('approval-approve').click();
    await adminPage.getByTestId('approvals-empty').waitFor();
    expect(await discount()).toBe(25);
    const [approved] = await requests();
    expect(approved).toMatchObject({ status: 'approved', decisions: [{ decision: 'approved', comment: 'Strategic account', decidedBy: t.actor.userId }] });

    await adminPage.goto(`${server.url}/o/opportunity/${deal}`);
    const entry = adminPage.locator('[data-testid="timeline-entry"][data-kind="approval"]').filter({ hasText: 'Change approved and applied: Discount' });
    await entry.waitFor();
    expect(await entry.getByTestId('timeline-approval-comment').innerText()).toBe('“Strategic account”');
    await adminPage.locator('[data-testid="timeline-entry"][data-kind="approval"]').filter({ hasText: 'Approval asked for: Discount' }).waitFor();
    await adminPage.locator('[data-testid="record-details"] [data-field="discount"]').filter({ hasText: '25%' }).waitFor();
  });

  it('the manager rejects a 30 % discount from the record page with a comment: the deal keeps 25 %', async () => {
    await askDiscount(repPage, 30, 'Sent for approval');
    await adminPage.reload();
    const panel = adminPage.getByTestId('record-approvals');
    const pending = panel.locator('[data-testid="approval-request"][data-status="pending"]');
    await pending.waitFor();
    await panel.getByTestId('record-approvals-locked').filter({ hasText: 'Locked while pending: Discount' }).waitFor();
    await pending.getByTestId('approval-comment').fill('Too much for this deal');
    await pending.getByTestId('approval-reject').click();
    await panel.locator('[data-testid="approval-request"][data-status="rejected"]').first().waitFor();
    await adminPage.locator('[data-testid="timeline-entry"][data-kind="approval"]').filter({ hasText: 'Change rejected: Discount' }).waitFor();
    await shot(adminPage, '03-rejected');
    expect(await discount()).toBe(25);
    const [rejected] = await requests();
    expect(rejected).toMatchObject({ status: 'rejected', patch: { discount: 30 }, decisions: [{ decision: 'rejected', comment: 'Too much for this deal' }] });
  });

  it('speaks 中文: the rep is told 已提交审批, the manager decides in 审批', async () => {
    await repPage.getByTestId('lang-zh').click();
    await askDiscount(repPage, 35, '已提交审批');
    expect(await repPage.locator('[data-field="discount"] [data-testid="field-locked"]').innerText()).toBe('等待审批');
    await adminPage.getByTestId('lang-zh').click();
    await adminPage.goto(`${server.url}/approvals`);
    await adminPage.getByTestId('page-title').filter({ hasText: '审批' }).waitFor();
    const card = adminPage.getByTestId('approval-request');
    expect(await card.getByTestId('approval-requester').innerText()).toBe(`申请人：${rep.name}`);
    expect(await card.getByTestId('approval-reject').innerText()).toBe('驳回');
    await shot(adminPage, '04-inbox-zh');
    await card.getByTestId('approval-reject').click();
    await adminPage.getByTestId('approvals-empty').filter({ hasText: '没有等待你审批的变更。' }).waitFor();
    expect(await discount()).toBe(25);
    await repPage.getByTestId('lang-en').click();
    await adminPage.getByTestId('lang-en').click();
  });

  it('fits a 390×844 phone: the inbox has no sideways scrolling and fingertip-sized targets, and approves', async () => {
    await askDiscount(repPage, 40, 'Sent for approval');
    const phone = await open(t.email, { phone: true, path: '/approvals' });
    const card = phone.getByTestId('approval-request');
    await card.waitFor();
    expect(await scrollWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    expect(await smallTouchTargets(phone)).toEqual([]);
    await shot(phone, '05-phone');
    await card.getByTestId('approval-approve').click();
    await phone.getByTestId('approvals-empty').waitFor();
    expect(await discount()).toBe(40);
    expect(pageErrors).toEqual([]);
  });
});
