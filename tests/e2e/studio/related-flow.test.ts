// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * Related records in a real Chromium against the real server, on a tenant with the sales model: "New" from an
 * account's contacts comes back to the account with the contact listed; breadcrumbs say where a screen was
 * opened from; a person's name is given name first in English and family name first in 中文 (a Han name is
 * family name first in both); an opportunity's contact roles are added and edited from its related list, with
 * one primary contact kept by the server (checked through the API). Screenshots: `related-*.png`.
 */
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, testPool, type TestTenant } from '../../support/db.js';
import { chooseOption, launchChromium, PHONE, prepareStudio, screenshotter, scrollWidth, signIn, STUDIO_DIST } from '../../support/browser.js';
import { salesModel } from '../../support/docs.js';

const shot = screenshotter('related-');
const field = (page: Page, name: string) => page.getByTestId('record-form').locator(`[data-field="${name}"]`);
const related = (page: Page, relation: string) => page.locator(`[data-testid="related-list"][data-relation="${relation}"]`);
const crumbs = (page: Page) => page.getByTestId('breadcrumbs').getByTestId('crumb').allInnerTexts();
const rowTitles = (list: Locator) => list.getByTestId('related-row-title').allInnerTexts();

describe('studio: related records flow', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let t: TestTenant;
  let token: string;
  const ids = { acme: '', deal: '', grace: '', lin: '', mei: '' };
  const pageErrors: string[] = [];
  const call = async (query: string, variables: Record<string, unknown> = {}) => ok(await gql(server.url, query, variables, token));
  const create = async (type: string, input: Record<string, unknown>) =>
    (await call(`mutation($in: ${type}Input!) { r: create${type}(input: $in) { id } }`, { in: input })).r.id as string;
  /** The deal's contact roles as the API has them: last name → primary. */
  const primaries = async () => {
    const { opportunity } = await call('query($id: ID!) { opportunity(id: $id) { contactRoles { nodes { isPrimary role contact { lastName } } } } }', {
      id: ids.deal,
    });
    return Object.fromEntries(
      (opportunity.contactRoles.nodes as { isPrimary: boolean; contact: { lastName: string } }[]).map((n) => [n.contact.lastName, n.isPrimary]),
    );
  };

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    await applyDocs(pool, t, salesModel());
    server = await startTestServer({ studioDir: STUDIO_DIST });
    token = await login(server.url, t.tenant.slug, t.email);
    ids.acme = await create('Account', { name: 'Acme Corp' });
    ids.deal = await create('Opportunity', { name: 'Big deal', account: ids.acme });
    ids.grace = await create('Contact', { firstName: 'Grace', lastName: 'Hopper', account: ids.acme });
    ids.lin = await create('Contact', { firstName: '美', lastName: '林', account: ids.acme });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, server.url, t, `/o/account/${ids.acme}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  it('creates a contact from the account and comes back to the account, where the contact is listed', async () => {
    const contacts = related(page, 'contacts');
    await contacts.getByTestId('related-count').filter({ hasText: '2' }).waitFor();
    expect(await crumbs(page)).toEqual(['Accounts', 'Acme Corp']);
    await contacts.getByTestId('related-new').click();
    await page.waitForURL((u) => u.pathname === '/o/contact/new' && u.searchParams.get('account') === ids.acme);
    await page.getByTestId('breadcrumbs').getByText('Acme Corp').waitFor();
    expect(await crumbs(page)).toEqual(['Accounts', 'Acme Corp', 'New contact']);
    await field(page, 'account').locator('.el-select__selected-item', { hasText: 'Acme Corp' }).waitFor();
    await field(page, 'firstName').locator('input').fill('Mei');
    await field(page, 'lastName').locator('input').fill('Lin');
    await shot(page, 'new-contact');
    await page.getByTestId('form-save').click();

    await page.waitForURL((u) => u.pathname === `/o/account/${ids.acme}`);
    await contacts.getByTestId('related-count').filter({ hasText: '3' }).waitFor();
    expect(await rowTitles(contacts)).toEqual(expect.arrayContaining(['Mei Lin', 'Grace Hopper', '林美']));
    const { contacts: saved } = await call('query($f: ContactFilter) { contacts(filter: $f) { nodes { id account { id } } } }', {
      f: { lastName: { eq: 'Lin' } },
    });
    expect(saved.nodes).toHaveLength(1);
    expect(saved.nodes[0].account.id).toBe(ids.acme);
    ids.mei = saved.nodes[0].id;
  });

  it('shows where a record was opened from in its breadcrumbs', async () => {
    await related(page, 'contacts').getByTestId('related-row').filter({ hasText: 'Mei Lin' }).click();
    await page.waitForURL((u) => u.pathname === `/o/contact/${ids.mei}`);
    await page.getByTestId('page-title').filter({ hasText: 'Mei Lin' }).waitFor();
    expect(await crumbs(page)).toEqual(['Accounts', 'Acme Corp', 'Mei Lin']);
    // Its edit form keeps the way back, and saving returns to the account.
    await page.getByTestId('record-edit').click();
    await page.waitForURL((u) => u.pathname === `/o/contact/${ids.mei}/edit`);
    await field(page, 'email').locator('input').waitFor();
    expect(await crumbs(page)).toEqual(['Accounts', 'Acme Corp', 'Mei Lin', 'Edit']);
    await page.getByTestId('breadcrumbs').getByRole('link', { name: 'Acme Corp' }).click();
    await page.waitForURL((u) => u.pathname === `/o/account/${ids.acme}`);

    // Opened from its list, a record's breadcrumbs are its list and itself.
    await page.goto(`${server.url}/o/opportunity`);
    await page.getByTestId('record-link').filter({ hasText: 'Big deal' }).click();
    await page.waitForURL((u) => u.pathname === `/o/opportunity/${ids.deal}`);
    await page.getByTestId('page-title').filter({ hasText: 'Big deal' }).waitFor();
    expect(await crumbs(page)).toEqual(['Opportunities', 'Big deal']);
    await page.getByTestId('breadcrumbs').getByRole('link', { name: 'Opportunities' }).click();
    await page.waitForURL((u) => u.pathname === '/o/opportunity');
  });

  it('adds contact roles from the opportunity, with one primary contact', async () => {
    await page.goto(`${server.url}/o/opportunity/${ids.deal}`);
    const roles = related(page, 'contactRoles');
    await roles.getByTestId('related-count').filter({ hasText: '0' }).waitFor();
    expect(await roles.locator('.title').innerText()).toBe('Contact roles');

    const addRole = async (contact: string, role: string, primary: boolean) => {
      await roles.getByTestId('related-new').click();
      await page.waitForURL((u) => u.pathname === '/o/opportunityContactRole/new' && u.searchParams.get('opportunity') === ids.deal);
      await page.getByTestId('breadcrumbs').getByText('Big deal').waitFor();
      expect(await crumbs(page)).toEqual(['Opportunities', 'Big deal', 'New contact role']);
      await field(page, 'opportunity').locator('.el-select__selected-item', { hasText: 'Big deal' }).waitFor();
      await field(page, 'contact').locator('.el-select').click();
      // Found by the given name (a person is searched by both parts): wait for the search's answer, then pick it.
      await page.keyboard.type(contact.split(' ')[0]!);
      await page.waitForFunction((name) => {
        const shown = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].filter((e) => e.offsetParent !== null);
        return shown.length === 1 && shown[0]!.textContent?.includes(name);
      }, contact);
      await page.locator('.el-select-dropdown__item:visible', { hasText: contact }).click();
      await field(page, 'contact').locator('.el-select__selected-item', { hasText: contact }).waitFor();
      await chooseOption(page, field(page, 'role').locator('.el-select'), role);
      if (primary) await field(page, 'isPrimary').locator('.el-switch').click();
      await page.getByTestId('form-save').click();
      await page.waitForURL((u) => u.pathname === `/o/opportunity/${ids.deal}`);
    };

    await addRole('Grace Hopper', 'Decision maker', true);
    await roles.getByTestId('related-count').filter({ hasText: '1' }).waitFor();
    const row = (name: string) => roles.locator('li').filter({ has: page.getByTestId('related-row-title').filter({ hasText: name }) });
    expect(await row('Grace Hopper').innerText()).toContain('Decision maker');
    expect(await row('Grace Hopper').getByTestId('related-badge').innerText()).toBe('Primary contact');

    // A second primary contact takes the badge: the server turned the first one's flag off.
    await addRole('Mei Lin', 'Influencer', true);
    await roles.getByTestId('related-count').filter({ hasText: '2' }).waitFor();
    await row('Mei Lin').getByTestId('related-badge').waitFor();
    expect(await row('Grace Hopper').getByTestId('related-badge').count()).toBe(0);
    expect(await primaries()).toEqual({ Hopper: false, Lin: true });
    await shot(page, 'contact-roles');

    // Edited from the list: Grace is primary again, and the form comes back to the opportunity.
    await row('Grace Hopper').getByTestId('related-edit').click();
    await page.waitForURL((u) => /^\/o\/opportunityContactRole\/[0-9a-f-]{36}\/edit$/.test(u.pathname));
    await field(page, 'isPrimary').locator('.el-switch').waitFor();
    expect(await crumbs(page)).toEqual(['Opportunities', 'Big deal', 'Grace Hopper', 'Edit']);
    await field(page, 'isPrimary').locator('.el-switch').click();
    await page.getByTestId('form-save').click();
    await page.waitForURL((u) => u.pathname === `/o/opportunity/${ids.deal}`);
    await row('Grace Hopper').getByTestId('related-badge').waitFor();
    expect(await row('Mei Lin').getByTestId('related-badge').count()).toBe(0);
    expect(await primaries()).toEqual({ Hopper: true, Lin: false });

    // Through the API too: a role created as primary clears the others, and one call cannot make two.
    await create('OpportunityContactRole', { opportunity: ids.deal, contact: ids.lin, role: 'evaluator', isPrimary: true });
    expect(await primaries()).toEqual({ Hopper: false, Lin: false, 林: true });
    const twice = await gql(
      server.url,
      'mutation($in: [OpportunityContactRoleInput!]!) { createOpportunityContactRoles(inputs: $in) { id } }',
      {
        in: [
          { opportunity: ids.deal, contact: ids.grace, role: 'user', isPrimary: true },
          { opportunity: ids.deal, contact: ids.mei, role: 'user', isPrimary: true },
        ],
      },
      token,
    );
    expect(twice.errors?.[0]?.extensions?.['code']).toBe('VALIDATION_FAILED');
  });

  it('orders names by the language: given name first in English, family name first in 中文', async () => {
    await page.goto(`${server.url}/o/account/${ids.acme}`);
    const contacts = related(page, 'contacts');
    await contacts.getByTestId('related-count').filter({ hasText: '3' }).waitFor();
    expect((await rowTitles(contacts)).sort()).toEqual(['Grace Hopper', 'Mei Lin', '林美']);
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('breadcrumbs').getByText('客户').first().waitFor();
    await contacts.getByTestId('related-row-title').filter({ hasText: 'Lin Mei' }).waitFor();
    expect((await rowTitles(contacts)).sort()).toEqual(['Hopper Grace', 'Lin Mei', '林美']);
    await shot(page, 'account-zh');

    // The contact's page and the lookups to it (a contact role on the opportunity) say the same.
    await contacts.getByTestId('related-row').filter({ hasText: 'Lin Mei' }).click();
    await page.getByTestId('page-title').filter({ hasText: 'Lin Mei' }).waitFor();
    expect(await crumbs(page)).toEqual(['客户', 'Acme Corp', 'Lin Mei']);
    await page.goto(`${server.url}/o/opportunity/${ids.deal}`);
    const roles = related(page, 'contactRoles');
    await roles.getByTestId('related-count').filter({ hasText: '3' }).waitFor();
    expect((await rowTitles(roles)).sort()).toEqual(['Hopper Grace', 'Lin Mei', '林美']);
    expect(await roles.locator('.title').innerText()).toBe('联系人角色');
    expect(await roles.getByTestId('related-badge').innerText()).toBe('主要联系人');
    await page.getByTestId('lang-en').click();
    await roles.getByTestId('related-row-title').filter({ hasText: 'Mei Lin' }).waitFor();
    expect((await rowTitles(roles)).sort()).toEqual(['Grace Hopper', 'Mei Lin', '林美']);
  });

  it('keeps the breadcrumbs and related rows within a 390×844 phone', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(p, server.url, t, `/o/opportunity/${ids.deal}`);
      await p.getByTestId('record-tab-related').click();
      await related(p, 'contactRoles').getByTestId('related-count').filter({ hasText: '3' }).waitFor();
      expect(await crumbs(p)).toEqual(['商机', 'Big deal']);
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      await shot(p, 'phone-zh');
    } finally {
      await phone.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
