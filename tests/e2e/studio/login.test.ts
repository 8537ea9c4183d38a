// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * The studio in a real Chromium against the real server: sign-in, the shell and its navigation, an object's
 * field list, Chinese, a reload, sign-out, and a phone-sized screen. Each step saves a screenshot under
 * `tests/e2e/screenshots/` (ignored by git) for a human to look at.
 *
 * Builds nothing: it serves `apps/studio/dist`, which `npm test` builds first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, PASSWORD, testPool, type TestTenant } from '../../support/db.js';
import { launchChromium, PHONE, prepareStudio, screenshotter, scrollWidth, smallTouchTargets, STUDIO_DIST, submitSignIn } from '../../support/browser.js';

const SALES_MODEL = new URL('../../../schemas/examples/sales/', import.meta.url);

const salesDocuments = () =>
  readdirSync(SALES_MODEL)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, SALES_MODEL), 'utf8')) as unknown);

const shot = screenshotter('');
const navLabels = (page: Page) => page.getByTestId('nav-objects').locator('[data-testid^="nav-object-"] .nav-text').allInnerTexts();

// The steps share one browser page and run in order, each starting where the previous one left off.
describe('studio: sign-in and shell', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  let t: TestTenant;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    await applyDocs(pool, t, salesDocuments());
    server = await startTestServer({ studioDir: STUDIO_DIST });
    browser = await launchChromium();
    desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page = await desktop.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  it('sends a visitor to the sign-in page, and shows the server error for a wrong password', async () => {
    await page.goto(`${server.url}/o/opportunity`);
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/o/opportunity');
    await page.getByRole('heading', { name: 'Funnelcraft' }).waitFor();
    expect(await page.locator('input[name="tenant"]').inputValue()).toBe('demo');
    await shot(page, '01-login');

    await submitSignIn(page, t, 'not-the-password');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('Wrong tenant, email or password');
    expect(new URL(page.url()).pathname).toBe('/login');
    await shot(page, '02-login-wrong-password');
  });

  it('signs in and lists the tenant’s objects in the navigation', async () => {
    await submitSignIn(page, t, PASSWORD);
    // Back to where the visitor was headed before signing in.
    await page.waitForURL((url) => url.pathname === '/o/opportunity');
    await page.getByTestId('nav-objects').waitFor();
    expect(await navLabels(page)).toEqual(['Accounts', 'Activities', 'Contacts', 'Leads', 'Opportunities', 'Contact roles']);
    expect(await page.getByTestId('nav-setup').innerText()).toBe('Setup');
    expect(await page.getByTestId('tenant-chip').innerText()).toBe(t.tenant.slug);

    await page.getByTestId('nav-home').click();
    await page.getByTestId('page-title').filter({ hasText: 'Welcome, Admin' }).waitFor();
    await shot(page, '03-shell-home');
  });

  it('shows the Setup placeholder', async () => {
    await page.getByTestId('nav-setup').click();
    await page.waitForURL((url) => url.pathname === '/setup');
    await page.getByTestId('page-title').filter({ hasText: 'Setup' }).waitFor();
    await shot(page, '04-setup');
  });

  it('opens an object’s generated list', async () => {
    await page.getByTestId('nav-object-opportunity').click();
    await page.waitForURL((url) => url.pathname === '/o/opportunity');
    await page.getByTestId('page-title').filter({ hasText: 'Opportunit' }).waitFor();
    // This workspace has no records yet: the list says so (records.test.ts covers lists with data).
    await page.getByTestId('list-empty').waitFor();
    expect(await page.title()).toBe('Opportunities · Funnelcraft');
    await shot(page, '05-object-list');
  });

  it('switches to 中文: navigation, pages and object labels', async () => {
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('nav-setup').filter({ hasText: '设置' }).waitFor();
    expect(await navLabels(page)).toEqual(['客户', '活动', '联系人', '线索', '商机', '联系人角色']);
    await page.getByTestId('page-title').filter({ hasText: '商机' }).waitFor();
    expect(await page.getByTestId('list-empty').innerText()).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.title()).toBe('商机 · Funnelcraft');
    await shot(page, '06-object-zh');
  });

  it('keeps the session and the language across a reload', async () => {
    await page.reload();
    await page.getByTestId('nav-objects').waitFor();
    expect(new URL(page.url()).pathname).toBe('/o/opportunity');
    expect(await navLabels(page)).toEqual(['客户', '活动', '联系人', '线索', '商机', '联系人角色']);
    await page.getByTestId('page-title').filter({ hasText: '商机' }).waitFor();
    await shot(page, '07-reload-zh');
  });

  it('logs out from the user menu, and then guards the shell', async () => {
    await page.getByTestId('user-menu').click();
    const logout = page.getByRole('menuitem', { name: '退出登录' });
    await logout.waitFor();
    await shot(page, '08-user-menu');
    await logout.click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('heading', { name: '登录你的工作区' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('funnelcraft.token'))).toBeNull();
    await page.goto(`${server.url}/setup`);
    await page.waitForURL((url) => url.pathname === '/login');
    await shot(page, '09-logged-out-zh');
  });

  it('ends the session when the server rejects the stored token', async () => {
    await page.evaluate(() => localStorage.setItem('funnelcraft.token', 'not-a-token'));
    await page.goto(`${server.url}/o/opportunity`);
    await page.getByTestId('login-expired').waitFor();
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/o/opportunity');
    expect(await page.evaluate(() => localStorage.getItem('funnelcraft.token'))).toBeNull();
    await shot(page, '10-session-expired-zh');
  });

  it('fits a 390×844 phone: no horizontal scrolling, a drawer for the navigation, 40px touch targets', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await p.goto(`${server.url}/login`);
      await p.getByTestId('login-submit').waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '11-phone-login');

      await submitSignIn(p, t, PASSWORD);
      await p.waitForURL((url) => url.pathname === '/');
      await p.getByTestId('page-title').filter({ hasText: 'Welcome' }).waitFor();
      expect(await p.getByTestId('side-nav').count()).toBe(0); // no sidebar: the navigation is in the drawer
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '12-phone-shell');

      await p.getByTestId('nav-toggle').click();
      const item = p.getByTestId('nav-object-opportunity');
      await item.waitFor();
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '13-phone-drawer');

      await item.click();
      await p.waitForURL((url) => url.pathname === '/o/opportunity');
      await item.waitFor({ state: 'hidden' }); // the drawer closes after navigating
      await p.getByTestId('list-empty').waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      await shot(p, '14-phone-object');
    } finally {
      await phone.close();
    }
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
