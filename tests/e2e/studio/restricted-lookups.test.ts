/**
 * A sales rep (own visibility) in a real Chromium: its deal points at an account of the admin's, which the data
 * API answers with the id only. The list cell, the record page and the board card show a lock and "Restricted" (受限 in Chinese)
 * instead of a link, and never the account's name; the admin sees the name as a link.
 *
 * Serves the studio built into `STUDIO_DIST` (default `apps/studio/dist`, which `npm test` builds first).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { launchChromium, prepareStudio, signIn, STUDIO_DIST } from '../../support/browser.js';
import { salesModel } from '../../support/docs.js';

const ROLES_DIR = new URL('../../../schemas/examples/roles/', import.meta.url);
const roleDocs = () =>
  readdirSync(ROLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, ROLES_DIR), 'utf8')) as Record<string, unknown>);
const SECRET = 'Hidden Holdings';

describe('studio: a lookup the user may not follow', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let t: TestTenant;
  let rep: TestTenant;
  let deal: string;

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    await applyDocs(pool, t, [...salesModel(), ...roleDocs()]);
    const u = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `rep@${t.tenant.slug}.test`,
      name: 'Rita Rep',
      passwordHash: PASSWORD_HASH,
      roles: ['salesRep'],
    });
    rep = { ...t, email: u.email };
    server = await startTestServer({ studioDir: STUDIO_DIST });
    const admin = await login(server.url, t.tenant.slug, t.email);
    const account = ok(await gql(server.url, 'mutation($n: String!) { createAccount(input: {name: $n}) { id } }', { n: SECRET }, admin)).createAccount.id;
    const repToken = await login(server.url, t.tenant.slug, u.email);
    deal = ok(await gql(server.url, 'mutation($a: ID!) { createOpportunity(input: {name: "Rep deal", account: $a}) { id } }', { a: account }, repToken))
      .createOpportunity.id;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  it('the list cell, the record page and the board card show a lock and "Restricted", not the name; the admin gets the link', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    await signIn(page, server.url, rep, '/o/opportunity');
    const cell = page.locator('.restricted-value').first();
    await expect.poll(() => cell.textContent()).toContain('Restricted');
    expect(await cell.locator('svg').count()).toBe(1);
    expect(await page.content()).not.toContain(SECRET);
    await page.goto(`${server.url}/o/opportunity/${deal}`);
    const onPage = page.locator('[data-field="account"] .restricted-value').first();
    await expect.poll(() => onPage.textContent()).toContain('Restricted');
    expect(await page.locator('[data-field="account"] a').count()).toBe(0);
    await page.goto(`${server.url}/board/opportunity`);
    const onCard = page.locator('.card-line[data-field="account"] .restricted-value').first();
    await expect.poll(() => onCard.textContent()).toContain('Restricted');
    expect(await page.content()).not.toContain(SECRET);
    await context.close();

    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const adminPage = await admin.newPage();
    await signIn(adminPage, server.url, t, `/o/opportunity/${deal}`);
    const link = adminPage.locator('[data-field="account"] a.lookup-link').first();
    await expect.poll(() => link.textContent()).toBe(SECRET);
    await admin.close();
  });

  it('in Chinese the word is 受限', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, server.url, rep, `/o/opportunity/${deal}`);
    const onPage = page.locator('[data-field="account"] .restricted-value').first();
    await expect.poll(() => onPage.textContent()).toContain('受限');
    await context.close();
  });
});
