// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * Setup › Users and teams in a real Chromium against the real server: an admin builds a team tree three deep
 * with managers, is refused a move that would make a cycle (the server's coded refusal, worded in English and
 * in 中文), renames, moves and deletes teams, puts a rep in a team and gives roles, is refused deactivating the
 * last active admin, deactivates and reactivates a rep, and makes an invite link that the invited user opens to
 * set a password and land signed in. Each action is checked against the platform API afterwards. A business
 * user sees no Setup; a phone gets no sideways scrolling and fingertip-sized targets.
 */
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { login, ok, platformGql, startTestServer } from '../../support/api.js';
import { newTenant, ormOf, PASSWORD, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { launchChromium, PHONE, prepareStudio, screenshotter, scrollWidth, smallTouchTargets, STUDIO_DIST, submitSignIn } from '../../support/browser.js';

const shot = screenshotter('users-');

interface ApiTeam {
  id: string;
  name: string;
  parentId: string | null;
  managerId: string | null;
}
interface ApiUser {
  id: string;
  email: string;
  name: string;
  roles: string[];
  teamId: string | null;
  deactivatedAt: string | null;
  inviteExpiresAt: string | null;
}

/** Picks the option with this exact text of an Element Plus select (its list is teleported to <body>). */
async function choose(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  const item = page.locator('.el-select-dropdown__item:visible', { hasText: option }).filter({ hasText: new RegExp(`^\\s*${option}\\s*$`) });
  await item.first().click();
  await item.first().waitFor({ state: 'hidden' });
}

describe('studio: Setup › Users and teams', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let t: TestTenant;
  let token: string;
  const people: Record<'vera' | 'lee' | 'rita', { id: string; email: string }> = {} as never;
  const pageErrors: string[] = [];

  const platform = <T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}) =>
    platformGql<T>(server.url, query, variables, token).then(ok);
  const apiTeams = async () => (await platform<{ teams: ApiTeam[] }>('{ teams { id name parentId managerId } }')).teams;
  const apiUsers = async () => (await platform<{ users: ApiUser[] }>('{ users { id email name roles teamId deactivatedAt inviteExpiresAt } }')).users;
  const apiTeam = async (name: string) => (await apiTeams()).find((x) => x.name === name);
  const apiUser = async (id: string) => (await apiUsers()).find((u) => u.id === id)!;

  const node = (name: string) => page.locator(`[data-testid="team-node"][data-team="${name}"]`);
  const row = (p: Page, email: string) => p.getByTestId('user-row').filter({ hasText: email });
  const dialog = () => page.getByTestId('team-dialog');
  const confirmBox = () => page.locator('.el-message-box');

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    for (const [key, name] of [
      ['vera', 'Vera Vance'],
      ['lee', 'Lee Lin'],
      ['rita', 'Rita Ross'],
    ] as const) {
      const u = await createUser(ormOf(pool), {
        tenantId: t.tenant.id,
        email: `${key}@${t.tenant.slug}.test`,
        name,
        passwordHash: PASSWORD_HASH,
        roles: ['member'],
      });
      people[key] = { id: u.id, email: u.email };
    }
    server = await startTestServer({ studioDir: STUDIO_DIST });
    token = await login(server.url, t.tenant.slug, t.email);
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

  it('opens from Setup with the people and an empty team tree', async () => {
    await page.goto(`${server.url}/login`);
    await submitSignIn(page, t);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('nav-setup').click();
    await page.getByTestId('setup-users').filter({ hasText: 'Users & teams' }).click();
    await page.waitForURL((url) => url.pathname === '/setup/users');
    await page.getByTestId('page-title').filter({ hasText: 'Users & teams' }).waitFor();
    await page.getByTestId('teams-empty').waitFor();
    expect(await page.getByTestId('user-row').count()).toBe(4);
    expect(await row(page, people.rita.email).innerText()).toContain('No team');
  });

  it('builds a team tree three deep with managers, each checked against the API', async () => {
    await page.getByTestId('add-team').click();
    await dialog().waitFor();
    await dialog().getByTestId('team-name-input').fill('Sales');
    await choose(page, dialog().getByTestId('team-manager-select'), 'Vera Vance');
    await page.getByTestId('team-save').click();
    await dialog().waitFor({ state: 'hidden' });
    await node('Sales').getByTestId('team-manager').filter({ hasText: 'Vera Vance' }).waitFor();
    const sales = (await apiTeam('Sales'))!;
    expect(sales).toMatchObject({ parentId: null, managerId: people.vera.id });

    await node('Sales').getByTestId('team-add-sub').click();
    await dialog().waitFor();
    // Opened from a team: the parent is that team.
    expect(await dialog().getByTestId('team-parent').innerText()).toContain('Sales');
    await dialog().getByTestId('team-name-input').fill('East');
    await choose(page, dialog().getByTestId('team-manager-select'), 'Lee Lin');
    await page.getByTestId('team-save').click();
    await dialog().waitFor({ state: 'hidden' });
    await node('East').waitFor();

    await node('East').getByTestId('team-add-sub').click();
    await dialog().getByTestId('team-name-input').fill('East A');
    await page.getByTestId('team-save').click();
    await dialog().waitFor({ state: 'hidden' });
    await node('East A').waitFor();

    expect(await node('Sales').getAttribute('data-depth')).toBe('0');
    expect(await node('East').getAttribute('data-depth')).toBe('1');
    expect(await node('East A').getAttribute('data-depth')).toBe('2');
    expect(await node('East A').getByTestId('team-manager').innerText()).toBe('No manager');
    const east = (await apiTeam('East'))!;
    expect(east).toMatchObject({ parentId: sales.id, managerId: people.lee.id });
    expect(await apiTeam('East A')).toMatchObject({ parentId: east.id, managerId: null });
    await shot(page, '01-tree');
  });

  it("shows the server's refusal of a move that would make a cycle at the parent field, and changes nothing", async () => {
    await node('Sales').getByTestId('team-edit').click();
    await dialog().waitFor();
    await choose(page, dialog().getByTestId('team-parent'), 'East A');
    await page.getByTestId('team-save').click();
    await dialog()
      .getByTestId('team-parent-item')
      .locator('.el-form-item__error')
      .filter({ hasText: 'A team cannot move under itself or under one of its own sub-teams.' })
      .waitFor();
    expect(await dialog().isVisible()).toBe(true);
    await shot(page, '02-cycle-refused', false);
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
    expect((await apiTeam('Sales'))!.parentId).toBeNull();
  });

  it('renames a team and moves it, with everything below it', async () => {
    await node('East A').getByTestId('team-edit').click();
    await dialog().getByTestId('team-name-input').fill('East Alpha');
    await choose(page, dialog().getByTestId('team-parent'), 'Sales');
    await page.getByTestId('team-save').click();
    await dialog().waitFor({ state: 'hidden' });
    await node('East Alpha').waitFor();
    expect(await node('East Alpha').getAttribute('data-depth')).toBe('1');
    const sales = (await apiTeam('Sales'))!;
    expect(await apiTeam('East Alpha')).toMatchObject({ parentId: sales.id });
    expect(await apiTeam('East A')).toBeUndefined();
  });

  it("puts a rep in a team and changes roles; the last active admin's refusal is shown at the roles", async () => {
    await row(page, people.rita.email).getByTestId('user-edit').click();
    const edit = page.getByTestId('user-access-dialog');
    await edit.waitFor();
    await choose(page, edit.getByTestId('user-team'), 'East');
    await page.getByTestId('user-access-save').click();
    await edit.waitFor({ state: 'hidden' });
    await row(page, people.rita.email).getByTestId('user-team-name').filter({ hasText: 'Sales › East' }).waitFor();
    await node('East').getByTestId('team-member').filter({ hasText: 'Rita Ross' }).waitFor();
    expect((await apiUser(people.rita.id)).teamId).toBe((await apiTeam('East'))!.id);

    // The only admin takes admin away from themself: refused, in the user's words.
    await row(page, t.email).getByTestId('user-edit').click();
    await edit.waitFor();
    await edit.locator('[data-role="admin"]').click();
    await edit.locator('[data-role="member"]').click();
    await page.getByTestId('user-access-save').click();
    await edit.getByTestId('user-roles-item').locator('.el-form-item__error').filter({ hasText: 'The workspace needs an active administrator' }).waitFor();
    await shot(page, '03-last-admin', false);
    await page.keyboard.press('Escape');
    await edit.waitFor({ state: 'hidden' });
    expect((await apiUser(t.actor.userId)).roles).toEqual(['admin']);

    // Lee becomes an admin too.
    await row(page, people.lee.email).getByTestId('user-edit').click();
    await edit.locator('[data-role="admin"]').click();
    await page.getByTestId('user-access-save').click();
    await edit.waitFor({ state: 'hidden' });
    await row(page, people.lee.email).getByTestId('user-roles-cell').filter({ hasText: 'Administrator' }).waitFor();
    expect((await apiUser(people.lee.id)).roles.sort()).toEqual(['admin', 'member']);
    // Back to member only, so the admin is the last active admin again for the next test.
    await row(page, people.lee.email).getByTestId('user-edit').click();
    await edit.locator('[data-role="admin"]').click();
    await page.getByTestId('user-access-save').click();
    await edit.waitFor({ state: 'hidden' });
    await row(page, people.lee.email).getByTestId('user-roles-cell').filter({ hasNotText: 'Administrator' }).waitFor();
    expect((await apiUser(people.lee.id)).roles).toEqual(['member']);
  });

  it('deactivates and reactivates a rep after confirming; deactivating the last active admin is refused', async () => {
    await row(page, t.email).getByTestId('user-deactivate').click();
    await confirmBox().waitFor();
    await confirmBox().locator('.el-message-box__btns button').filter({ hasText: 'Deactivate' }).click();
    await page.getByTestId('users-problem').filter({ hasText: 'The workspace needs an active administrator' }).waitFor();
    expect((await apiUser(t.actor.userId)).deactivatedAt).toBeNull();

    await row(page, people.rita.email).getByTestId('user-deactivate').click();
    await confirmBox().filter({ hasText: 'Rita Ross will no longer be able to sign in' }).waitFor();
    await shot(page, '04-deactivate-confirm', false);
    await confirmBox().locator('.el-message-box__btns button').filter({ hasText: 'Deactivate' }).click();
    await page.locator(`[data-testid="user-row"][data-active="false"]`).filter({ hasText: people.rita.email }).waitFor();
    expect(await row(page, people.rita.email).getByTestId('user-state').innerText()).toBe('Deactivated');
    expect((await apiUser(people.rita.id)).deactivatedAt).toEqual(expect.any(String));
    // Their team stays.
    expect((await apiUser(people.rita.id)).teamId).toBe((await apiTeam('East'))!.id);

    await row(page, people.rita.email).getByTestId('user-reactivate').click();
    await page.locator(`[data-testid="user-row"][data-active="true"]`).filter({ hasText: people.rita.email }).waitFor();
    expect((await apiUser(people.rita.id)).deactivatedAt).toBeNull();
  });

  it('makes a one-time invite link to copy; the invited user opens it, sets a password and is signed in', async () => {
    await row(page, people.vera.email).getByTestId('user-invite').click();
    const invite = page.getByTestId('invite-dialog');
    const link = invite.getByTestId('invite-link');
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/invite#fci_[A-Za-z0-9_-]{43}$`));
    expect(await invite.getByTestId('invite-once').innerText()).toContain('You will not see this link again');
    await invite.getByTestId('invite-link-copy').click();
    await invite.getByTestId('invite-link-copy').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await shot(page, '05-invite-link', false);
    await page.getByTestId('invite-done').click();
    await invite.waitFor({ state: 'hidden' });
    const pending = (await apiUser(people.vera.id)).inviteExpiresAt;
    expect(pending).toEqual(expect.any(String));
    await row(page, people.vera.email).getByTestId('user-state').filter({ hasText: 'Invited, link valid until' }).waitFor();

    const invited = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    try {
      const p = await invited.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await p.goto(url);
      await p.getByTestId('page-title').filter({ hasText: 'Set your password' }).waitFor();
      await p.getByTestId('invite-password').fill('short');
      await p.getByTestId('invite-submit').click();
      await p.getByTestId('invite-password-error').filter({ hasText: 'Use at least 10 characters.' }).waitFor();
      await p.getByTestId('invite-password').fill('vera-chose-this-1');
      await p.getByTestId('invite-confirm').fill('vera-chose-this-1');
      await shot(p, '06-invite-page');
      await p.getByTestId('invite-submit').click();
      await p.waitForURL((u) => u.pathname === '/');
      await p.getByTestId('page-title').filter({ hasText: 'Vera Vance' }).waitFor();
      // A member: no Setup for them.
      expect(await p.getByTestId('nav-setup').count()).toBe(0);

      // The link worked once.
      await p.goto(url);
      await p.getByTestId('invite-password').fill('vera-again-2222');
      await p.getByTestId('invite-confirm').fill('vera-again-2222');
      await p.getByTestId('invite-submit').click();
      await p.getByTestId('invite-error').filter({ hasText: 'This invite link has been used, has expired or was replaced' }).waitFor();
    } finally {
      await invited.close();
    }
    await login(server.url, t.tenant.slug, people.vera.email, 'vera-chose-this-1');
    expect((await apiUser(people.vera.id)).inviteExpiresAt).toBeNull();
  });

  it('deletes a team after confirming: its members move up to its parent', async () => {
    await node('East').getByTestId('team-delete').click();
    await confirmBox().filter({ hasText: 'Its sub-teams and members move up to “Sales”' }).waitFor();
    await confirmBox().locator('.el-message-box__btns button').filter({ hasText: 'Delete team' }).click();
    await node('East').waitFor({ state: 'detached' });
    const sales = (await apiTeam('Sales'))!;
    expect(await apiTeam('East')).toBeUndefined();
    expect((await apiUser(people.rita.id)).teamId).toBe(sales.id);
    await node('Sales').getByTestId('team-member').filter({ hasText: 'Rita Ross' }).waitFor();
  });

  it('speaks 中文: the tree, the rows and the refusal of a cycle', async () => {
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('page-title').filter({ hasText: '用户与团队' }).waitFor();
    expect(await node('Sales').getByTestId('team-manager').innerText()).toBe('负责人：Vera Vance');
    expect(await row(page, people.lee.email).getByTestId('user-team-name').innerText()).toContain('无团队');
    await node('Sales').getByTestId('team-edit').click();
    await dialog().waitFor();
    await choose(page, dialog().getByTestId('team-parent'), 'East Alpha');
    await page.getByTestId('team-save').click();
    await dialog().getByTestId('team-parent-item').locator('.el-form-item__error').filter({ hasText: '团队不能移到它自己或它的下级团队之下。' }).waitFor();
    await shot(page, '07-cycle-zh', false);
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
    await page.getByTestId('lang-en').click();
    await page.getByTestId('page-title').filter({ hasText: 'Users & teams' }).waitFor();
  });

  it('fits a 390×844 phone: no sideways scrolling, 40px targets, full-screen dialogs', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await p.goto(`${server.url}/setup/users`);
      await submitSignIn(p, t);
      await p.waitForURL((url) => url.pathname === '/setup/users');
      await p.locator('[data-testid="team-node"][data-team="East Alpha"]').waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '08-phone');
      await row(p, people.rita.email).getByTestId('user-edit').click();
      await p.getByTestId('user-access-dialog').waitFor();
      expect((await p.locator('.el-dialog.is-fullscreen').boundingBox())?.width).toBe(PHONE.width);
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(p)).toEqual([]);
      await shot(p, '09-phone-user-dialog', false);
    } finally {
      await phone.close();
    }
  });

  it('shows a business user no Setup, and sends them home from its address', async () => {
    const member = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    try {
      const p = await member.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await p.goto(`${server.url}/login`);
      await p.locator('input[name="tenant"]').fill(t.tenant.slug);
      await p.locator('input[name="email"]').fill(people.rita.email);
      await p.locator('input[name="password"]').fill(PASSWORD);
      await p.getByTestId('login-submit').click();
      await p.waitForURL((u) => u.pathname === '/');
      await p.getByTestId('side-nav').waitFor();
      expect(await p.getByTestId('nav-setup').count()).toBe(0);
      await p.goto(`${server.url}/setup/users`);
      await p.waitForURL((u) => u.pathname === '/');
      // The server refuses them anyway.
      const res = await platformGql(server.url, 'mutation { createTeam(name: "Mine") { id } }', {}, await login(server.url, t.tenant.slug, people.rita.email));
      expect(res.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    } finally {
      await member.close();
    }
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
