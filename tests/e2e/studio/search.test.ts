// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * The header's global search in a real Chromium against the real server: opened by Ctrl K and by "/", recently
 * viewed records while empty, results across objects as one types (names, emails, phones, with the field that
 * matched), arrow keys and Enter open a record, nothing found says so; 中文; on a 390×844 phone from an icon, in a
 * full-screen dialog, without sideways scrolling. Screenshots go to `tests/e2e/screenshots/search-*.png`.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, testPool, type TestTenant } from '../../support/db.js';
import { launchChromium, PHONE, prepareStudio, screenshotter, scrollWidth, signIn, smallTouchTargets, STUDIO_DIST } from '../../support/browser.js';
import { salesModel } from '../../support/docs.js';

const shot = screenshotter('search-');
const results = (page: Page) => page.getByTestId('search-result');
const resultTexts = (page: Page) => results(page).evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));

describe('studio: global search', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let t: TestTenant;
  const ids = { acme: '', grace: '' };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    await applyDocs(pool, t, salesModel());
    server = await startTestServer({ studioDir: STUDIO_DIST });
    const token = await login(server.url, t.tenant.slug, t.email);
    const call = async (query: string, variables: Record<string, unknown>) => ok(await gql(server.url, query, variables, token));
    ids.acme = (
      await call('mutation($in: AccountInput!) { r: createAccount(input: $in) { id } }', { in: { name: 'Acme Robotics', phone: '+1 555 0100' } })
    ).r.id;
    ids.grace = (
      await call('mutation($in: ContactInput!) { r: createContact(input: $in) { id } }', {
        in: { firstName: 'Grace', lastName: 'Hopper', email: 'grace@acme.example', phone: '+1 555 0199', account: ids.acme },
      })
    ).r.id;
    await call('mutation($in: OpportunityInput!) { r: createOpportunity(input: $in) { id } }', {
      in: { name: 'Acme renewal', account: ids.acme, stage: 'prospecting' },
    });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  it('opens with Ctrl K, offers recently viewed records while empty', async () => {
    await signIn(page, server.url, t, `/o/account/${ids.acme}`);
    await page.getByTestId('page-title').filter({ hasText: 'Acme Robotics' }).waitFor();
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').waitFor();
    // Focus is in the search field, ready for typing.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'search-input');
    expect(await resultTexts(page)).toEqual(['A Acme Robotics Account']);
    expect(await page.locator('.search-heading').innerText()).toMatch(/recently viewed/i);
    await page.keyboard.press('Escape');
    await page.getByTestId('search-dialog').waitFor({ state: 'hidden' });
  });

  it('finds records across objects as one types, with the field that matched; Enter opens the chosen one', async () => {
    await page.keyboard.press('/');
    const input = page.getByTestId('search-input');
    await input.waitFor();
    await input.fill('acme');
    await results(page).nth(2).waitFor();
    expect(await resultTexts(page)).toEqual(['A Acme Robotics Account', 'O Acme renewal Opportunity', 'C Hopper Contact · Email: grace@acme.example']);
    await shot(page, 'desktop', false);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await results(page).nth(2).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === `/o/contact/${ids.grace}`);
    await page.getByTestId('page-title').filter({ hasText: 'Hopper' }).waitFor();
  });

  it('finds a phone number, and says when nothing matches', async () => {
    await page.getByTestId('search-open').click();
    const input = page.getByTestId('search-input');
    await input.fill('555 0199');
    await results(page).filter({ hasText: 'Phone: +1 555 0199' }).waitFor();
    expect(await resultTexts(page)).toEqual(['C Hopper Contact · Phone: +1 555 0199']);
    await input.fill('zzzz nothing');
    await page.getByTestId('search-empty').waitFor();
    expect(await page.getByTestId('search-empty').innerText()).toBe('Nothing matches “zzzz nothing”.');
    expect(await results(page).count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('reads in 中文', async () => {
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('search-open').click();
    const input = page.getByTestId('search-input');
    expect(await input.getAttribute('placeholder')).toBe('搜索名称、邮箱、电话…');
    expect(await page.locator('.search-heading').innerText()).toBe('最近查看');
    await input.fill('grace@');
    await results(page).first().waitFor();
    expect(await resultTexts(page)).toEqual(['联 Hopper 联系人 · 邮箱: grace@acme.example']);
    await shot(page, 'zh', false);
    await page.keyboard.press('Escape');
    await page.getByTestId('lang-en').click();
  });

  it('works on a 390×844 phone: an icon in the header, a full-screen dialog, fingertip-sized results', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(p, server.url, t, '/');
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      await p.getByTestId('search-open').tap();
      const input = p.getByTestId('search-input');
      await input.fill('acme');
      await results(p).nth(2).waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, 'phone', false);
      await results(p).filter({ hasText: 'Acme renewal' }).tap();
      await p.getByTestId('page-title').filter({ hasText: 'Acme renewal' }).waitFor();
    } finally {
      await phone.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
