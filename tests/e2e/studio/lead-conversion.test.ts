// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * Converting a lead in a real Chromium against the real server, on a tenant where the lead's company already
 * exists as an account: the lead page and form leave out the empty "converted to" links; the dialog offers the
 * duplicate account (and, for the second lead, the duplicate contact) and asks the new opportunity's name,
 * amount and close date; after converting, the lead page shows its links and the opportunity page what was
 * typed, tied to the existing account. English on a desktop, then 中文 on a 390×844 phone.
 * Screenshots: `convert-*.png`.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, testPool, type TestTenant } from '../../support/db.js';
import { launchChromium, PHONE, prepareStudio, screenshotter, scrollWidth, signIn, smallTouchTargets, STUDIO_DIST } from '../../support/browser.js';
import { salesModel } from '../../support/docs.js';

const shot = screenshotter('convert-');
const detail = (page: Page, name: string) => page.getByTestId('record-details').locator(`[data-field="${name}"]`);
const target = (page: Page, key: string) => page.getByTestId('convert-dialog').locator(`[data-target="${key}"]`);
const asked = (page: Page, name: string) => target(page, 'opportunity').locator(`[data-field="${name}"]`);

describe('studio: converting a lead that has a duplicate account', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let t: TestTenant;
  let token: string;
  const ids = { account: '', contact: '', ada: '', charles: '' };
  const pageErrors: string[] = [];
  const call = async (query: string, variables: Record<string, unknown> = {}) => ok(await gql(server.url, query, variables, token));
  const create = async (type: string, input: Record<string, unknown>) =>
    (await call(`mutation($in: ${type}Input!) { r: create${type}(input: $in) { id } }`, { in: input })).r.id as string;
  const lead = async (id: string) =>
    (
      await call(
        'query($id: ID!) { lead(id: $id) { status convertedAccount { id } convertedContact { id lastName account { id } } convertedOpportunity { id name amount { amount } closeDate account { id } } } }',
        { id },
      )
    ).lead;

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    await applyDocs(pool, t, salesModel());
    server = await startTestServer({ studioDir: STUDIO_DIST });
    token = await login(server.url, t.tenant.slug, t.email);
    ids.account = await create('Account', { name: 'Analytical Engines' });
    ids.contact = await create('Contact', { lastName: 'Babbage', email: 'charles@engines.example', account: ids.account });
    ids.ada = await create('Lead', { name: 'Ada Lovelace', company: 'analytical engines', email: 'ada@engines.example' });
    ids.charles = await create('Lead', { name: 'Charles Babbage', company: 'Analytical Engines', email: 'charles@engines.example' });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  it('leaves the empty "converted to" links off the lead page and form', async () => {
    await signIn(page, server.url, t, `/o/lead/${ids.ada}`);
    await page.getByTestId('page-title').filter({ hasText: 'Ada Lovelace' }).waitFor();
    await detail(page, 'company').waitFor();
    for (const name of ['convertedAccount', 'convertedContact', 'convertedOpportunity']) expect(await detail(page, name).count()).toBe(0);
    await page.getByTestId('record-edit').click();
    await page.getByTestId('record-form').locator('[data-field="company"]').waitFor();
    expect(await page.getByTestId('record-form').locator('[data-field^="converted"]').count()).toBe(0);
    await page.goto(`${server.url}/o/lead/new`);
    await page.getByTestId('record-form').locator('[data-field="company"]').waitFor();
    expect(await page.getByTestId('record-form').locator('[data-field^="converted"]').count()).toBe(0);
  });

  it('attaches the lead to the existing account and creates the opportunity with the name, amount and close date typed', async () => {
    await page.goto(`${server.url}/o/lead/${ids.ada}`);
    await page.getByTestId('record-convert').click();
    const dialog = page.getByTestId('convert-dialog');
    await target(page, 'account').locator('.dupes').waitFor();
    expect(await target(page, 'account').locator('.el-radio.is-checked').innerText()).toContain('Link to “Analytical Engines”');
    expect(await target(page, 'account').locator('.matched').innerText()).toBe('same Account name');
    expect(await target(page, 'contact').locator('.el-radio.is-checked').innerText()).toBe('Create a new Contact');
    // The opportunity's fields start from the mapping (its name from the lead's company).
    expect(await asked(page, 'name').locator('input').inputValue()).toBe('analytical engines');
    expect(
      await target(page, 'opportunity')
        .locator('.form-field')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-field'))),
    ).toEqual(['name', 'amount', 'closeDate']);
    await asked(page, 'name').locator('input').fill('Analytical Engines – difference engine');
    await asked(page, 'amount').locator('.amount input').fill('25000');
    await asked(page, 'closeDate').locator('input').click();
    await page.locator('.el-picker-panel td.today').first().click();
    await shot(page, 'dialog');
    await dialog.getByTestId('convert-submit').click();
    await dialog.waitFor({ state: 'hidden' });

    const converted = page.getByTestId('converted');
    await converted.waitFor();
    expect(await converted.locator('li').allInnerTexts()).toEqual([
      expect.stringContaining('Account: linked'),
      expect.stringContaining('Contact: created'),
      expect.stringContaining('Opportunity: created'),
    ]);
    // The lead's links are shown now that it is converted.
    await detail(page, 'convertedAccount').filter({ hasText: 'Analytical Engines' }).waitFor();
    await detail(page, 'convertedOpportunity').filter({ hasText: 'Analytical Engines – difference engine' }).waitFor();
    expect(await detail(page, 'status').innerText()).toContain('Converted');

    const saved = await lead(ids.ada);
    expect(saved.convertedAccount.id).toBe(ids.account);
    expect(saved.convertedContact).toMatchObject({ lastName: 'Ada Lovelace', account: { id: ids.account } });
    expect(saved.convertedOpportunity).toMatchObject({
      name: 'Analytical Engines – difference engine',
      amount: { amount: 25000 },
      account: { id: ids.account },
    });
    expect(saved.convertedOpportunity.closeDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await call('{ accounts { totalCount } }')).accounts.totalCount).toBe(1);

    // The opportunity's page reads what was typed, under the existing account.
    await converted.locator('li', { hasText: 'Opportunity' }).getByRole('link').click();
    await page.getByTestId('page-title').filter({ hasText: 'Analytical Engines – difference engine' }).waitFor();
    expect(await detail(page, 'amount').innerText()).toContain('$25,000.00');
    expect(await detail(page, 'account').innerText()).toContain('Analytical Engines');
    await shot(page, 'opportunity');
  });

  it('attaches to the existing account and contact in 中文 on a 390×844 phone', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(p, server.url, t, `/o/lead/${ids.charles}`);
      await p.getByTestId('page-title').filter({ hasText: 'Charles Babbage' }).waitFor();
      // A browser in Chinese gets the studio in Chinese.
      await p.getByTestId('record-convert').filter({ hasText: '转化' }).tap();
      await target(p, 'contact').locator('.dupes').waitFor();
      expect(await target(p, 'account').locator('.el-radio.is-checked').innerText()).toContain('关联到“Analytical Engines”');
      expect(await target(p, 'contact').locator('.el-radio.is-checked').innerText()).toContain('关联到“Babbage”');
      expect(await target(p, 'contact').locator('.matched').innerText()).toBe('邮箱相同');
      await target(p, 'opportunity').locator('.el-radio', { hasText: '不创建' }).tap();
      expect(await target(p, 'opportunity').getByTestId('convert-asked').count()).toBe(0);
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p, true)).toEqual([]);
      await shot(p, 'phone-dialog');
      await p.getByTestId('convert-submit').tap();
      const converted = p.getByTestId('converted');
      await converted.waitFor();
      expect(await converted.locator('li').allInnerTexts()).toEqual([expect.stringContaining('客户：已关联'), expect.stringContaining('联系人：已关联')]);
      await detail(p, 'convertedContact').filter({ hasText: 'Babbage' }).waitFor();
      expect(await detail(p, 'convertedOpportunity').count()).toBe(0);
      const saved = await lead(ids.charles);
      expect(saved).toMatchObject({
        status: 'converted',
        convertedAccount: { id: ids.account },
        convertedContact: { id: ids.contact },
        convertedOpportunity: null,
      });
      expect((await call('{ contacts { totalCount } }')).contacts.totalCount).toBe(2);
      await shot(p, 'phone-lead');
    } finally {
      await phone.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
