// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * Setup › Security in a real Chromium against the real server: an admin makes an API token with a role and an
 * expiry day, copies its secret (shown once), and the test uses that secret as a Bearer token on /graphql: it
 * reads with the token's read-only role and is refused a write; the admin revokes it after a confirmation and
 * the same secret is refused (401 UNAUTHENTICATED). The sign-in history shows a failed sign-in made in another
 * browser (wrong password, with Chromium's user agent), the token's use and its refusal; it filters by user and
 * by outcome and pages on. 中文 wording; a 390×844 phone without sideways scrolling and with fingertip targets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, recordLoginEvent, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';
import {
  chooseOption,
  launchChromium,
  PHONE,
  prepareStudio,
  screenshotter,
  scrollWidth,
  smallTouchTargets,
  STUDIO_DIST,
  submitSignIn,
} from '../../support/browser.js';

const shot = screenshotter('security-');
const ROLES_DIR = new URL('../../../schemas/examples/roles/', import.meta.url);
const roleDocs = () =>
  readdirSync(ROLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, ROLES_DIR), 'utf8')) as Record<string, unknown>);

interface ApiToken {
  id: string;
  name: string;
  roles: string[];
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The day after `days` from today, as the date picker's input takes it (YYYY-MM-DD, local time). */
const dayAhead = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return { d, text: `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}` };
};

describe('studio: Setup › Security', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let t: TestTenant;
  let admin: string;
  let rita: { id: string; email: string };
  let secret = '';
  const pageErrors: string[] = [];

  const apiTokens = async () =>
    ok(
      await platformGql<{ apiTokens: ApiToken[] }>(
        server.url,
        '{ apiTokens(includeRevoked: true) { id name roles expiresAt revokedAt lastUsedAt } }',
        {},
        admin,
      ),
    ).apiTokens;
  const tokenRow = (name: string) => page.locator(`[data-testid="token-row"][data-token="${name}"]`);
  const loginRows = (p: Page = page) => p.getByTestId('login-table').locator('tbody tr.login-row');
  const accounts = (token: string) => gql(server.url, '{ accounts(first: 5) { totalCount } }', {}, token);

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    await applyDocs(pool, t, [...salesModel(), ...roleDocs()]);
    const u = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `rita@${t.tenant.slug}.test`,
      name: 'Rita Ross',
      passwordHash: PASSWORD_HASH,
      roles: ['member'],
    });
    rita = { id: u.id, email: u.email };
    server = await startTestServer({ studioDir: STUDIO_DIST });
    admin = await login(server.url, t.tenant.slug, t.email);
    browser = await launchChromium();
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await desktop.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await desktop.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  it('opens from the Setup home on the API tokens tab', async () => {
    await page.goto(`${server.url}/login`);
    await submitSignIn(page, t);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('nav-setup').click();
    await page.getByTestId('setup-security').filter({ hasText: 'Security' }).click();
    await page.waitForURL((url) => url.pathname === '/setup/security');
    await page.getByTestId('page-title').filter({ hasText: 'Security' }).waitFor();
    await page.getByTestId('tokens-empty').waitFor();
  });

  it('makes a token with a role and an expiry day; its secret, shown once and copied, works as a Bearer token', async () => {
    await page.getByTestId('add-token').click();
    const dialog = page.getByTestId('token-dialog');
    await dialog.waitFor();
    // Nothing filled: the form says what is missing, and nothing is made.
    await page.getByTestId('token-create').click();
    await dialog.getByTestId('token-name-item').locator('.el-form-item__error').filter({ hasText: 'Give the token a name' }).waitFor();
    await dialog.getByTestId('token-roles-item').locator('.el-form-item__error').filter({ hasText: 'Pick at least one role.' }).waitFor();
    await dialog.getByTestId('token-name').fill('Website form');
    await dialog.locator('[data-role="readOnly"]').filter({ hasText: 'Read only' }).click();
    const expiry = dayAhead(30);
    const picker = dialog.getByTestId('token-expiry-item').locator('input');
    await picker.fill(expiry.text);
    await picker.press('Enter');
    expect(await picker.inputValue()).toBe(expiry.text);
    await page.getByTestId('token-create').click();

    const field = dialog.getByTestId('token-secret');
    await field.waitFor();
    secret = await field.inputValue();
    expect(secret).toMatch(/^fc_[A-Za-z0-9_-]{20,}$/);
    expect(await dialog.getByTestId('token-once').innerText()).toContain('you will not see it again');
    await dialog.getByTestId('token-secret-copy').click();
    await dialog.getByTestId('token-secret-copy').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await shot(page, '01-secret', false);
    await page.getByTestId('token-done').click();
    await dialog.waitFor({ state: 'hidden' });

    // The list shows it; the API has it with that role and an expiry at the end of the picked day.
    const [made] = await apiTokens();
    expect(made).toMatchObject({ name: 'Website form', roles: ['readOnly'], revokedAt: null, lastUsedAt: null });
    const expires = new Date(made!.expiresAt);
    expect([expires.getFullYear(), expires.getMonth(), expires.getDate(), expires.getHours()]).toEqual([
      expiry.d.getFullYear(),
      expiry.d.getMonth(),
      expiry.d.getDate(),
      23,
    ]);
    const row = tokenRow('Website form');
    expect(await row.getAttribute('data-status')).toBe('active');
    expect(await row.getByTestId('token-roles').innerText()).toBe('Read only');
    expect(await row.getByTestId('token-last-used').innerText()).toBe('Never');

    // The secret as a Bearer token on the data API: reads with its read-only role, and may not write.
    const read = await accounts(secret);
    expect(read.status).toBe(200);
    expect(read.data).toEqual({ accounts: { totalCount: 0 } });
    const write = await gql(server.url, 'mutation { createAccount(input: { name: "Acme" }) { id } }', {}, secret);
    expect(write.errors?.[0]?.extensions.code).toBe('FORBIDDEN');

    // Its use shows as "last used" once the page reloads the list.
    await vi.waitFor(async () => expect((await apiTokens())[0]!.lastUsedAt).not.toBeNull(), { timeout: 10_000, interval: 50 });
    await page.reload();
    await row.getByTestId('token-last-used').filter({ hasNotText: 'Never' }).waitFor();
  });

  it('revokes the token after a confirmation; the same secret is then refused', async () => {
    const row = tokenRow('Website form');
    await row.getByTestId('token-revoke').click();
    const box = page.locator('.el-message-box');
    await box.filter({ hasText: 'Revoke “Website form”?' }).waitFor();
    // Cancelled: still active.
    await box.getByRole('button', { name: 'Cancel' }).click();
    await box.waitFor({ state: 'hidden' });
    expect((await apiTokens())[0]!.revokedAt).toBeNull();
    expect((await accounts(secret)).status).toBe(200);

    await row.getByTestId('token-revoke').click();
    await box.getByRole('button', { name: 'Revoke token' }).click();
    await page.locator('.el-message--success').filter({ hasText: 'Token “Website form” revoked.' }).waitFor();
    await page.getByTestId('tokens-empty').waitFor();
    expect((await apiTokens())[0]!.revokedAt).not.toBeNull();

    const refused = await accounts(secret);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');

    // Shown among the revoked ones on request, without a revoke button.
    await page.getByTestId('tokens-show-revoked').click();
    await tokenRow('Website form').waitFor();
    expect(await tokenRow('Website form').getAttribute('data-status')).toBe('revoked');
    expect(await tokenRow('Website form').getByTestId('token-status').innerText()).toMatch(/^Revoked /);
    expect(await tokenRow('Website form').getByTestId('token-revoke').count()).toBe(0);
  });

  it('shows a failed sign-in from another browser in the history, filtered by user and outcome', async () => {
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    let agent: string;
    try {
      const p = await other.newPage();
      agent = await p.evaluate(() => navigator.userAgent);
      await p.goto(`${server.url}/login`);
      await p.locator('input[name="tenant"]').fill(t.tenant.slug);
      await p.locator('input[name="email"]').fill(rita.email);
      await p.locator('input[name="password"]').fill('not her password');
      await p.getByTestId('login-submit').click();
      await p.getByText('Sign-in failed').first().waitFor();
    } finally {
      await other.close();
    }

    await page.getByRole('tab', { name: 'Sign-in history' }).click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'logins');
    await loginRows().first().waitFor();
    // Newest first: Rita's failure, the refused revoked token, the token's use, the admin's sign-ins.
    const first = loginRows().first();
    expect(await first.getByTestId('login-user').innerText()).toBe('Rita Ross');
    expect(await first.getByTestId('login-method').innerText()).toBe('Password');
    expect(await first.getByTestId('login-outcome').innerText()).toBe('Failed');
    expect(await first.getByTestId('login-reason').innerText()).toBe('Wrong password');
    expect(await first.getByTestId('login-ip').innerText()).toMatch(/127\.0\.0\.1|::1/);
    expect(await first.getByTestId('login-agent').innerText()).toBe(agent);
    expect(await loginRows().getByTestId('login-reason').filter({ hasText: 'Token revoked' }).count()).toBe(1);
    expect(await loginRows().getByTestId('login-method').filter({ hasText: 'API token' }).count()).toBeGreaterThanOrEqual(2);

    // By outcome: only failures.
    await chooseOption(page, page.getByTestId('login-filter-outcome'), 'Failed');
    await page.getByTestId('login-shown').filter({ hasText: '2 shown' }).waitFor();
    expect(await loginRows().getByTestId('login-outcome').allInnerTexts()).toEqual(['Failed', 'Failed']);
    // And by user: Rita's failure alone.
    await chooseOption(page, page.getByTestId('login-filter-user'), 'Rita Ross');
    await page.getByTestId('login-shown').filter({ hasText: '1 shown' }).waitFor();
    expect(await loginRows().first().getByTestId('login-user').innerText()).toBe('Rita Ross');
    const api = ok(
      await platformGql(
        server.url,
        'query($f: LoginHistoryFilter) { loginHistory(filter: $f) { nodes { id } } }',
        { f: { userId: rita.id, outcome: 'FAILURE' } },
        admin,
      ),
    );
    expect(api.loginHistory.nodes).toHaveLength(1);
    await shot(page, '02-history-filtered');
    await page.getByTestId('login-filter-clear').click();
    await page.getByTestId('login-filter-clear').waitFor({ state: 'hidden' });
  });

  it('pages on: 50 at a time, then Show more follows the cursor to the end', async () => {
    // Enough sign-ins for a second page: one real sign-in, and 50 written as the server records them.
    await login(server.url, t.tenant.slug, rita.email);
    for (let i = 0; i < 50; i++)
      await recordLoginEvent(pool, {
        tenantId: t.tenant.id,
        userId: rita.id,
        tokenId: null,
        method: 'password',
        outcome: 'success',
        tenantSlug: t.tenant.slug,
        email: rita.email,
        ip: `203.0.113.${i}`,
        userAgent: 'integration check',
        reason: null,
      });
    const total = ok(await platformGql(server.url, '{ loginHistory(first: 200) { nodes { id } hasNextPage } }', {}, admin)).loginHistory;
    expect(total.hasNextPage).toBe(false);
    await page.reload();
    await page.getByTestId('login-shown').filter({ hasText: '50 shown' }).waitFor();
    await page.getByTestId('login-more').click();
    await page
      .getByTestId('login-shown')
      .filter({ hasText: `${total.nodes.length} shown` })
      .waitFor();
    expect(await page.getByTestId('login-more').count()).toBe(0);
    expect(await loginRows().count()).toBe(total.nodes.length);
  });

  it('speaks 中文: tabs, outcomes, reasons and the token list', async () => {
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('page-title').filter({ hasText: '安全' }).waitFor();
    await chooseOption(page, page.getByTestId('login-filter-outcome'), '失败');
    await page.getByTestId('login-shown').filter({ hasText: '已显示 2 条' }).waitFor();
    expect(await loginRows().getByTestId('login-reason').allInnerTexts()).toEqual(['密码错误', '令牌已吊销']);
    expect(await loginRows().first().getByTestId('login-method').innerText()).toBe('密码');
    await page.getByRole('tab', { name: 'API 令牌' }).click();
    await page.getByTestId('tokens-empty').filter({ hasText: '还没有 API 令牌。' }).waitFor();
    await page.getByTestId('tokens-show-revoked').click();
    await tokenRow('Website form').waitFor();
    expect(await tokenRow('Website form').getByTestId('token-roles').innerText()).toBe('只读');
    expect(await tokenRow('Website form').getByTestId('token-status').innerText()).toMatch(/^已于 .+ 吊销$/);
    await shot(page, '03-tokens-zh');
    await page.getByTestId('lang-en').click();
    await page.getByTestId('page-title').filter({ hasText: 'Security' }).waitFor();
  });

  it('fits a 390×844 phone: no sideways scrolling, 40px targets, a full-screen token dialog', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await p.goto(`${server.url}/setup/security`);
      await submitSignIn(p, t);
      await p.waitForURL((url) => url.pathname === '/setup/security');
      await p.getByTestId('tokens-empty').waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await p.getByTestId('add-token').click();
      await p.getByTestId('token-dialog').waitFor();
      expect((await p.locator('.el-dialog.is-fullscreen').boundingBox())?.width).toBe(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '04-phone-token-dialog', false);
      await p.keyboard.press('Escape');
      await p.getByTestId('token-dialog').waitFor({ state: 'hidden' });
      await p.getByRole('tab', { name: 'Sign-in history' }).click();
      await loginRows(p).first().waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '05-phone-history');
    } finally {
      await phone.close();
    }
  });

  it('is for admins: the server refuses a business user', async () => {
    const member = await login(server.url, t.tenant.slug, rita.email);
    const res = await platformGql(server.url, '{ apiTokens { id } }', {}, member);
    expect(res.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
