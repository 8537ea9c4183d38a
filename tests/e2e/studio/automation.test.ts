// The page.evaluate callbacks of the phone checks run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * Setup › Automation in a real Chromium against the real server, with a real HTTP receiver on loopback: rules
 * applied through the platform API show in the rule list (object, trigger, enabled) and switch off and on in
 * place through applyDefinitions; a created account runs its rule, whose actions (task, notification, mail)
 * show in the run log with status and attempts, filtered by rule, record and status; a webhook to a receiver
 * answering 500 goes dead after the test servers' three attempts, shows in the dead-letter list and the rule's
 * failure count, and Retry re-runs it once the receiver answers 200; the mail kept in the built-in outbox (no
 * SMTP settings) shows with its merged subject. A business user's bell counts the rule's notification, lists it
 * and marks it read. Every step is checked against the API; 中文 labels; a phone gets no sideways scrolling
 * and fingertip-sized targets.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool, type RunLogEntry } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { settled, untilRuns } from '../../support/automation.js';
import { launchChromium, PHONE, prepareStudio, screenshotter, scrollWidth, signIn, smallTouchTargets, STUDIO_DIST } from '../../support/browser.js';
import { newTenant, ormOf, PASSWORD, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

const shot = screenshotter('automation-');

describe('studio: Setup › Automation', () => {
  let pool: Pool;
  let server: RunningServer;
  let receiver: Server;
  let receiverStatus = 500;
  const received: string[] = [];
  let browser: Browser;
  let page: Page;
  let t: TestTenant;
  let token: string;
  let rep: { id: string; email: string };
  let accountId = '';
  const pageErrors: string[] = [];

  const platform = <T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}) =>
    platformGql<T>(server.url, query, variables, token).then(ok);
  const ruleDoc = async (key: string) =>
    (await platform<{ definitions: Record<string, unknown>[] }>('{ definitions }')).definitions.find((d) => d['x-rule'] === key)!;
  const until = (rule: string, done: (runs: RunLogEntry[]) => boolean) => untilRuns(server, pool, t.tenant.id, done, { rule });
  const ruleRow = (key: string) => page.locator(`[data-testid="rule-row"][data-rule="${key}"]`);
  const tab = (name: string) => page.getByTestId(`automation-tab-${name}`);

  beforeAll(async () => {
    prepareStudio();
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push(`${req.url ?? ''} ${receiverStatus}`);
        res.statusCode = receiverStatus;
        res.end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    pool = await testPool();
    t = await newTenant(pool);
    const u = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `rep@${t.tenant.slug}.test`,
      name: 'Rita Rep',
      passwordHash: PASSWORD_HASH,
      roles: ['member'],
    });
    rep = { id: u.id, email: u.email };
    // No SMTP settings: mail goes to the built-in outbox.
    server = await startTestServer({ studioDir: STUDIO_DIST });
    token = await login(server.url, t.tenant.slug, t.email);

    // The rules are made through the platform API, the way the CLI and the designers apply documents.
    await platform('mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { applied } }', {
      d: [
        ...salesModel(),
        {
          'x-rule': 'welcomeAccount',
          'x-object': 'account',
          title: 'Welcome new accounts',
          'x-label': { en: 'Welcome new accounts', zh: '欢迎新客户' },
          order: 1,
          trigger: { type: 'created' },
          actions: [
            { type: 'create_task', subject: 'Call {{name}}', assignee: 'owner', due: { in: 2, unit: 'days' } },
            { type: 'notify', to: rep.id, message: { en: 'New account {{name}}', zh: '新客户 {{name}}' } },
            { type: 'send_email', to: rep.id, subject: 'Welcome {{name}}', body: 'Say hello to {{name}} today.' },
          ],
        },
        {
          'x-rule': 'erpHook',
          'x-object': 'contact',
          title: 'Tell the ERP',
          'x-label': { en: 'Tell the ERP', zh: '通知 ERP' },
          order: 1,
          trigger: { type: 'created' },
          actions: [{ type: 'webhook', url: `${base}/erp`, body: '{"contact": "{{lastName}}"}' }],
        },
      ],
    });

    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((r) => receiver?.close(r));
    await pool?.end();
  });

  it('opens from Setup with the rules: label, object, trigger, enabled, never run', async () => {
    await signIn(page, server.url, t, '/setup');
    await page.getByTestId('setup-automation').click();
    await page.waitForURL((url) => url.pathname === '/setup/automation');
    await page.getByTestId('page-title').filter({ hasText: 'Automation' }).waitFor();
    await ruleRow('welcomeAccount').waitFor();
    expect(await page.getByTestId('rule-row').count()).toBe(2);
    const row = ruleRow('welcomeAccount');
    expect(await row.getByTestId('rule-name').innerText()).toBe('Welcome new accounts');
    expect(await row.getByTestId('rule-object').innerText()).toBe('Account');
    expect(await row.getByTestId('rule-trigger').innerText()).toContain('When a record is created');
    expect(await row.getByTestId('rule-last-run').innerText()).toContain('Never run');
    expect(await row.getAttribute('data-enabled')).toBe('true');
    await shot(page, '01-rules');
  });

  it('disables and re-enables a rule in place, through the definitions', async () => {
    const row = ruleRow('erpHook');
    await row.getByTestId('rule-enabled').click();
    await page.locator('[data-testid="rule-row"][data-rule="erpHook"][data-enabled="false"]').waitFor();
    expect((await ruleDoc('erpHook'))['enabled']).toBe(false);
    // Only enabled changed: the rest of the document is as applied.
    expect((await ruleDoc('erpHook'))['trigger']).toEqual({ type: 'created' });
    await row.getByTestId('rule-enabled').click();
    await page.locator('[data-testid="rule-row"][data-rule="erpHook"][data-enabled="true"]').waitFor();
    expect((await ruleDoc('erpHook'))['enabled']).toBe(true);
  });

  it('shows a run in the run log with each action, filtered by rule, record and status', async () => {
    const made = ok(await gql<{ createAccount: { id: string } }>(server.url, 'mutation { createAccount(input: { name: "Acme" }) { id } }', {}, token));
    accountId = made.createAccount.id;
    const [run] = await until('welcomeAccount', settled);
    expect(run!.actions.map((a) => a.status)).toEqual(['done', 'done', 'done']);

    await page.getByTestId('automation-refresh').click();
    await ruleRow('welcomeAccount').getByTestId('rule-last-run').filter({ hasText: '1 run' }).waitFor();
    // The rule's "Runs" opens the log filtered to it.
    await ruleRow('welcomeAccount').getByTestId('rule-runs').click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'runs');
    const entry = page.locator(`[data-testid="run-entry"][data-record="${accountId}"]`);
    await entry.waitFor();
    expect(await page.getByTestId('run-entry').count()).toBe(1);
    expect(await entry.getByTestId('run-rule').innerText()).toBe('Welcome new accounts');
    expect(await entry.getByTestId('run-event').innerText()).toBe('Created');
    const actions = entry.getByTestId('action-run');
    expect(await actions.count()).toBe(3);
    expect(await actions.nth(0).innerText()).toContain('Create a task');
    expect(await actions.nth(1).innerText()).toContain('Notify');
    expect(await actions.nth(2).innerText()).toContain('Send an email');
    for (let i = 0; i < 3; i++) {
      expect(await actions.nth(i).getByTestId('action-status').innerText()).toBe('Done');
      expect(await actions.nth(i).getByTestId('action-attempts').innerText()).toBe('1 attempt');
      expect(await actions.nth(i).getByTestId('action-took').innerText()).toMatch(/^took \d+(\.\d)? m?s$/);
    }
    await shot(page, '02-run-log');

    // By status: no dead action in this rule's runs.
    await page.getByTestId('run-filter-status').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: /^Dead$/ }).click();
    await page.getByTestId('runs-empty').waitFor();
    await page.getByTestId('run-filter-clear').click();
    // By record: only that record's runs, whatever the rule.
    await page.getByTestId('run-filter-record').fill(accountId);
    await entry.waitFor();
    expect(await page.getByTestId('run-entry').count()).toBe(1);
    await page.getByTestId('run-filter-record').fill('00000000-0000-4000-8000-000000000000');
    await page.getByTestId('runs-empty').waitFor();
    await page.getByTestId('run-filter-clear').click();
    await entry.waitFor();
  });

  it('lists a dead webhook in the dead letters, and Retry delivers it once the receiver answers', async () => {
    ok(await gql(server.url, 'mutation { createContact(input: { firstName: "Fay", lastName: "Ling" }) { id } }', {}, token));
    const maxAttempts = server.platform.config.automation.maxAttempts;
    const [run] = await until('erpHook', (runs) => runs[0]?.actions[0]?.status === 'dead');
    expect(run!.actions[0]).toMatchObject({ attempts: maxAttempts, lastError: 'the webhook answered 500' });

    await tab('rules').click();
    await ruleRow('erpHook').getByTestId('rule-failures').filter({ hasText: '1 failing action' }).waitFor();
    await tab('dead').click();
    const dead = page.locator(`[data-testid="dead-panel"] [data-testid="run-entry"][data-rule="erpHook"]`);
    await dead.waitFor();
    const action = dead.getByTestId('action-run');
    expect(await action.getByTestId('action-status').innerText()).toBe('Dead');
    expect(await action.getByTestId('action-attempts').innerText()).toBe(`${maxAttempts} attempts`);
    expect(await action.getByTestId('action-error').innerText()).toContain('the webhook answered 500');
    await shot(page, '03-dead');

    receiverStatus = 200;
    await action.getByTestId('action-retry').click();
    const [retried] = await until('erpHook', (runs) => runs[0]?.actions[0]?.status === 'done');
    expect(retried!.actions[0]).toMatchObject({ status: 'done', attempts: 1, lastError: null });
    expect(received).toEqual([...Array.from({ length: maxAttempts }, () => '/erp 500'), '/erp 200']);
    await page.getByTestId('automation-refresh').click();
    await page.locator('[data-testid="dead-panel"] [data-testid="runs-empty"]').waitFor();
    await tab('runs').click();
    const done = page.locator('[data-testid="run-entry"][data-rule="erpHook"] [data-testid="action-run"]');
    await done.locator('[data-testid="action-status"]', { hasText: /^Done$/ }).waitFor();
    expect(await done.getByTestId('action-error').count()).toBe(0);
    await tab('rules').click();
    await ruleRow('erpHook').getByTestId('rule-failures').filter({ hasText: 'no failures' }).waitFor();
  });

  it('shows the mail kept in the outbox', async () => {
    const { mailOutbox } = await platform<{ mailOutbox: { to: string; subject: string; status: string }[] }>('{ mailOutbox { to subject status } }');
    expect(mailOutbox).toEqual([{ to: rep.email, subject: 'Welcome Acme', status: 'stored' }]);
    await tab('outbox').click();
    const mail = page.getByTestId('outbox-mail');
    await mail.waitFor();
    expect(await mail.getByTestId('mail-subject').innerText()).toBe('Welcome Acme');
    expect(await mail.getByTestId('mail-to').innerText()).toBe(rep.email);
    expect(await mail.getByTestId('mail-status').innerText()).toBe('Kept in the outbox');
    await mail.getByTestId('mail-toggle').click();
    expect(await mail.getByTestId('mail-body').innerText()).toBe('Say hello to Acme today.');
    await shot(page, '04-outbox');
  });

  it('speaks 中文: sections, rules, statuses and the outbox', async () => {
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('page-title').filter({ hasText: '自动化' }).waitFor();
    expect(await tab('rules').innerText()).toBe('规则');
    expect(await tab('runs').innerText()).toBe('运行日志');
    expect(await tab('dead').innerText()).toBe('死信');
    expect(await tab('outbox').innerText()).toBe('邮件发件箱');
    expect(await page.getByTestId('mail-status').innerText()).toBe('保存在发件箱');
    await tab('rules').click();
    expect(await ruleRow('welcomeAccount').getByTestId('rule-name').innerText()).toBe('欢迎新客户');
    expect(await ruleRow('welcomeAccount').getByTestId('rule-object').innerText()).toBe('客户');
    expect(await ruleRow('welcomeAccount').getByTestId('rule-trigger').innerText()).toContain('记录创建时');
    expect(await ruleRow('welcomeAccount').innerText()).toContain('已启用');
    await tab('runs').click();
    const entry = page.locator(`[data-testid="run-entry"][data-record="${accountId}"]`);
    await entry.waitFor();
    expect(await entry.getByTestId('run-event').innerText()).toBe('创建');
    expect(await entry.getByTestId('action-status').first().innerText()).toBe('已完成');
    expect(await entry.getByTestId('action-run').first().innerText()).toContain('创建任务');
    await shot(page, '05-zh');
    await page.getByTestId('lang-en').click();
    await page.getByTestId('page-title').filter({ hasText: 'Automation' }).waitFor();
  });

  it("rings a business user's bell: the unread count, the list, marking read", async () => {
    const member = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    try {
      const p = await member.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await p.goto(`${server.url}/login`);
      await p.locator('input[name="tenant"]').fill(t.tenant.slug);
      await p.locator('input[name="email"]').fill(rep.email);
      await p.locator('input[name="password"]').fill(PASSWORD);
      await p.getByTestId('login-submit').click();
      await p.waitForURL((u) => u.pathname === '/');
      await p.getByTestId('notification-count').filter({ hasText: /^1$/ }).waitFor();
      expect(await p.getByTestId('notification-bell').getAttribute('aria-label')).toBe('Notifications, 1 unread');
      await p.getByTestId('notification-bell').click();
      const item = p.getByTestId('notification-item');
      await item.waitFor();
      expect(await item.innerText()).toContain('New account Acme');
      expect(await item.getAttribute('data-read')).toBe('false');
      await shot(p, '06-bell', false);
      await item.getByTestId('notification-mark-read').click();
      await p.locator('[data-testid="notification-item"][data-read="true"]').waitFor();
      await p.getByTestId('notification-count').waitFor({ state: 'detached' });
      const repToken = await login(server.url, t.tenant.slug, rep.email);
      const mine = ok(await platformGql(server.url, '{ unreadNotificationCount notifications { message readAt } }', {}, repToken));
      expect(mine.unreadNotificationCount).toBe(0);
      expect(mine.notifications).toEqual([{ message: 'New account Acme', readAt: expect.any(String) }]);
      // A notification about a record opens it.
      await item.locator('.bell-text').click();
      await p.waitForURL((u) => u.pathname === `/o/account/${accountId}`);
      // The admin was not notified, and the automation screens are not the member's.
      expect(ok(await platformGql(server.url, '{ unreadNotificationCount }', {}, token)).unreadNotificationCount).toBe(0);
      expect((await platformGql(server.url, '{ automationRuleStats { rule } }', {}, repToken)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    } finally {
      await member.close();
    }
  });

  it('fits a 390×844 phone: no sideways scrolling, 40px targets in every section and the bell', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(p, server.url, t, '/setup/automation');
      for (const [section, ready] of [
        ['rules', '[data-testid="rule-row"]'],
        ['runs', '[data-testid="run-entry"]'],
        ['dead', '[data-testid="runs-empty"]'],
        ['outbox', '[data-testid="outbox-mail"]'],
      ] as const) {
        await p.getByTestId(`automation-tab-${section}`).click();
        await p.locator(ready).first().waitFor();
        expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
        expect(await smallTouchTargets(p)).toEqual([]);
        await shot(p, `07-phone-${section}`);
      }
      // The top bar's items (menu, mark, search, language, bell, account) sit side by side, none over another.
      const bar = await p.locator('header.topbar > *').evaluateAll((els) =>
        els
          .map((e) => e.getBoundingClientRect())
          .filter((b) => b.width > 0)
          .map((b) => [Math.round(b.left), Math.round(b.right)] as const),
      );
      expect(bar.length).toBeGreaterThanOrEqual(5);
      bar.slice(1).forEach(([left], i) => expect(left).toBeGreaterThanOrEqual(bar[i]![1]));
      await p.getByTestId('notification-bell').click();
      await p.getByTestId('notification-panel').waitFor();
      await shot(p, '08-phone-bell', false);
      const panel = await p.getByTestId('notification-panel').boundingBox();
      expect(panel!.x).toBeGreaterThanOrEqual(0);
      expect(panel!.x + panel!.width).toBeLessThanOrEqual(PHONE.width);
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
