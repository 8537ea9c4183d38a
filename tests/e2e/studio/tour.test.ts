// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * A tour of every studio screen on the demo workspace (the server's own first-run seed: sales model and sample
 * records), signed in as the demo admin, in three variants: English desktop, 中文 desktop, English phone. Each
 * screen is saved as `tests/e2e/screenshots/tour-<screen>-<en|zh|phone>.png` for a designer to look at, and checked:
 * - every variant: the page heading is the catalogue's, in the variant's language; Element Plus's own words
 *   (the date picker's weekdays, a confirmation's close button) are in it too; no placeholder is cut short, and
 *   nothing inside a rounded card paints over its corners;
 * - 中文: no visible text, placeholder or accessible name on the screen is an English string of our
 *   catalogue or of Element Plus's;
 * - phone: no sideways scrolling and no button or link smaller than a fingertip.
 *
 * Serves the studio built into `STUDIO_DIST` (default `apps/studio/dist`, which `npm test` builds first).
 */
import { en as elementEn, zhCn as elementZh } from 'element-plus/es/locale/index.mjs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { findTenantBySlug, type Pool } from '@funnelcraft/storage';
import { gql, login, ok, platformGql, startTestServer, uploadFile } from '../../support/api.js';
import { untilActivity } from '../../support/automation.js';
import { ormOf, testPool } from '../../support/db.js';
import {
  clippedPlaceholders,
  cornersPaintedOver,
  launchChromium,
  PHONE,
  prepareStudio,
  screenshotter,
  scrollWidth,
  smallTouchTargets,
  STUDIO_DIST,
} from '../../support/browser.js';

const DEMO = { tenant: 'demo', email: 'admin@demo.local', password: 'tour-password' };
const shot = screenshotter('tour-');

type Lang = 'en' | 'zh';
interface Variant {
  key: 'en' | 'zh' | 'phone';
  lang: Lang;
  viewport: { width: number; height: number };
}
const VARIANTS: Variant[] = [
  { key: 'en', lang: 'en', viewport: { width: 1280, height: 800 } },
  { key: 'zh', lang: 'zh', viewport: { width: 1280, height: 800 } },
  { key: 'phone', lang: 'en', viewport: PHONE },
];

/** The studio's messages this test reads by key (the whole catalogue is walked for English strings). */
interface Catalogue {
  login: { submit: string };
  nav: { setup: string };
  home: { welcome: string };
  records: { common: { cancel: string }; form: { newTitle: string }; view: { deleteOk: string }; widgets: { creatorIfEmpty: string } };
  board: { pageTitle: string; searchPlaceholder: string };
  designers: {
    home: { title: string };
    objects: { title: string; newTitle: string };
    fields: { edit: string; delete: string; moveUp: string; moveDown: string };
    pipelines: { title: string };
    users: { title: string };
  };
}

/**
 * The studio's catalogues, imported at run time: they are written for its bundler (imports without file
 * extensions), which the root tsconfig's Node resolution refuses, so the type checker must not follow them.
 */
const loadCatalogue = async (lang: Lang): Promise<Catalogue> =>
  ((await import(`../../../apps/studio/src/i18n/locales/${lang}.ts`)) as { default: Catalogue }).default;
const catalogue = { en: await loadCatalogue('en'), zh: await loadCatalogue('zh') };

/** `{name}` placeholders filled in, as vue-i18n does for these simple messages. */
const fill = (message: string, values: Record<string, string>) => message.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? `{${key}}`);

/**
 * Every English UI string whose Chinese differs, as a pattern matching a whole text (placeholders match
 * anything, plural forms are separate). Case counts, so API names shown as data ("phone", "name") are not
 * taken for the labels "Phone" and "Name"; strings with fewer than three letters of their own ("{count}",
 * "=") are left out, since they would match data.
 */
function englishPatterns(): RegExp[] {
  const out: RegExp[] = [];
  const walk = (a: unknown, b: unknown): void => {
    if (typeof a === 'string') {
      if (a === b) return;
      for (const part of a.split(' | ')) {
        const literal = part.replace(/\{'(.)'\}/g, '$1');
        if ((literal.replace(/\{\w+\}/g, '').match(/[A-Za-z]/g) ?? []).length < 3) continue;
        const source = literal
          .trim()
          .split(/\{\w+\}/)
          .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.+');
        out.push(new RegExp(`^${source}$`));
      }
    } else if (a && typeof a === 'object') {
      for (const [key, value] of Object.entries(a)) walk(value, (b as Record<string, unknown> | undefined)?.[key]);
    }
  };
  walk(catalogue.en, catalogue.zh);
  walk(elementEn, elementZh);
  return out;
}
const ENGLISH = englishPatterns();

/**
 * What a person reads on the screen: each visible element's own text (not its children's), and the
 * placeholders and accessible names of controls.
 */
const visibleTexts = (page: Page) =>
  page.evaluate(() => {
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    const texts: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (el.closest('script, style, svg, [aria-hidden="true"]') || !visible(el)) continue;
      const own = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (own) texts.push(own);
      for (const attribute of ['placeholder', 'aria-label']) {
        const value = el.getAttribute(attribute)?.trim();
        if (value) texts.push(value);
      }
    }
    return texts;
  });

/** Texts on the screen that are English UI strings (the 中文 screens must have none). */
async function englishLeaks(page: Page): Promise<string[]> {
  const texts = await visibleTexts(page);
  return [...new Set(texts.filter((text) => ENGLISH.some((p) => p.test(text))))];
}

const title = (page: Page) => page.getByTestId('page-title');

interface Screen {
  name: string;
  path: () => string;
  /** Waits until the screen shows what it is for, then checks it in the variant's language. */
  open: (page: Page, lang: Lang) => Promise<void>;
  /** Only targets on screen count at phone size (board columns scroll sideways inside the board). */
  onScreenOnly?: boolean;
}

/** Waits for the page heading to read the catalogue's text, in the variant's language. */
async function heading(page: Page, text: string): Promise<void> {
  await title(page).filter({ hasText: text }).waitFor();
  expect((await title(page).innerText()).trim()).toBe(text);
}

describe('studio: a tour of every screen', () => {
  let server: RunningServer;
  let browser: Browser;
  const ids = { account: '', accountName: '' };
  const pageErrors: string[] = [];
  let token: string;

  const SCREENS: Screen[] = [
    {
      name: 'home',
      path: () => '/',
      open: async (page, lang) => {
        await heading(page, fill(catalogue[lang].home.welcome, { name: 'Admin' }));
        // The demo's day: activities due, deals to close, the open pipeline by stage.
        await page.getByTestId('home-activity').first().waitFor();
        await page.getByTestId('home-pipeline-total').waitFor();
      },
    },
    {
      name: 'accounts',
      path: () => '/o/account',
      open: async (page, lang) => {
        await heading(page, lang === 'en' ? 'Accounts' : '客户');
        await page
          .getByTestId('list-total')
          .filter({ hasText: lang === 'en' ? '60 records' : '60' })
          .waitFor();
        await page.getByTestId('pager').waitFor();
      },
    },
    {
      name: 'opportunities',
      path: () => '/o/opportunity',
      open: async (page, lang) => {
        await heading(page, lang === 'en' ? 'Opportunities' : '商机');
        await page.getByTestId('list-total').filter({ hasText: '200' }).waitFor();
        await page.getByTestId('pager').waitFor();
      },
    },
    {
      name: 'opportunity-new',
      path: () => '/o/opportunity/new',
      open: async (page, lang) => {
        await heading(page, fill(catalogue[lang].records.form.newTitle, { label: lang === 'en' ? 'Opportunity' : '商机' }));
        // Left empty, the owner is the creator (the server's rule): the owner says so, not "Select".
        const owner = page.locator('[data-field="owner"] .el-select__placeholder');
        await owner.filter({ hasText: catalogue[lang].records.widgets.creatorIfEmpty }).waitFor();
        expect((await owner.innerText()).trim()).toBe(catalogue[lang].records.widgets.creatorIfEmpty);
      },
    },
    {
      name: 'account',
      path: () => `/o/account/${ids.account}`,
      open: async (page, lang) => {
        await heading(page, ids.accountName);
        expect(await page.locator('.eyebrow').textContent()).toBe(lang === 'en' ? 'Account' : '客户');
        // On a phone the record is tabs: details, related, timeline (rendered with the header).
        const tabs = (await page.getByTestId('record-tabs').count()) > 0;
        if (tabs) await page.getByTestId('record-tab-related').click();
        await page.locator('[data-testid="related-list"][data-relation="contacts"] [data-testid="related-row"]').first().waitFor();
        await page.locator('[data-testid="related-list"][data-relation="opportunities"] [data-testid="related-row"]').first().waitFor();
        if (tabs) await page.getByTestId('record-tab-timeline').click();
        await page.getByTestId('timeline-entry').first().waitFor();
        await page.getByTestId('attachment').filter({ hasText: 'proposal.txt' }).waitFor();
      },
    },
    {
      name: 'board',
      path: () => '/board/opportunity',
      open: async (page, lang) => {
        await heading(page, fill(catalogue[lang].board.pageTitle, { object: lang === 'en' ? 'Opportunities' : '商机' }));
        await page.getByTestId('board-card').first().waitFor();
        // The search names the object as a sentence does: "Search opportunities", "搜索商机".
        expect(await page.getByTestId('board-search').getAttribute('placeholder')).toBe(
          fill(catalogue[lang].board.searchPlaceholder, { objects: lang === 'en' ? 'opportunities' : '商机' }),
        );
      },
      onScreenOnly: true,
    },
    { name: 'setup', path: () => '/setup', open: (page, lang) => heading(page, catalogue[lang].designers.home.title) },
    {
      name: 'setup-objects',
      path: () => '/setup/objects',
      open: async (page, lang) => {
        await heading(page, catalogue[lang].designers.objects.title);
        await page.getByTestId('setup-object-opportunity').waitFor();
      },
    },
    {
      name: 'object-account',
      path: () => '/setup/objects/account',
      open: async (page, lang) => {
        await heading(page, lang === 'en' ? 'Account' : '客户');
        await page.getByTestId('field-row').nth(5).waitFor();
        // The buttons of a field name it by its label in the variant's language, not by its API name.
        const name = lang === 'en' ? 'Account name' : '客户名称';
        const messages = catalogue[lang].designers.fields;
        const row = page.locator('[data-testid="field-row"][data-field="name"]');
        expect(await row.locator('.actions button').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')))).toEqual(
          [messages.moveUp, messages.moveDown, messages.edit, messages.delete].map((m) => fill(m, { name })),
        );
      },
    },
    {
      name: 'object-new',
      path: () => '/setup/objects?new=1',
      open: async (page, lang) => {
        await heading(page, catalogue[lang].designers.objects.newTitle);
        await page.getByTestId('object-label-en').waitFor();
      },
    },
    {
      name: 'setup-pipelines',
      path: () => '/setup/pipelines',
      open: async (page, lang) => {
        await heading(page, catalogue[lang].designers.pipelines.title);
        await page.getByTestId('setup-pipeline-newBusiness').waitFor();
      },
    },
    {
      name: 'pipeline',
      path: () => '/setup/pipelines/newBusiness',
      open: async (page, lang) => {
        await heading(page, lang === 'en' ? 'New business' : '新业务');
        await page.getByTestId('stage-list').getByTestId('stage-card').nth(5).waitFor();
      },
    },
    {
      name: 'users',
      path: () => '/setup/users',
      open: async (page, lang) => {
        await heading(page, catalogue[lang].designers.users.title);
        await page.getByTestId('user-row').filter({ hasText: DEMO.email }).waitFor();
      },
    },
  ];

  beforeAll(async () => {
    prepareStudio();
    // The server's first start creates the demo workspace, exactly as a new install does.
    server = await startTestServer({ studioDir: STUDIO_DIST, seedDemo: true, adminEmail: DEMO.email, adminPassword: DEMO.password });
    token = await login(server.url, DEMO.tenant, DEMO.email, DEMO.password);
    const api = <T>(query: string, variables: Record<string, unknown> = {}) => gql<T>(server.url, query, variables, token).then(ok);
    // The first account by name that has opportunities (every demo account has contacts and activities).
    const { opportunities } = await api<{ opportunities: { nodes: { account: { id: string; name: string } }[] } }>(
      '{ opportunities(first: 1, orderBy: [{field: name, direction: ASC}]) { nodes { account { id name } } } }',
    );
    ids.account = opportunities.nodes[0]!.account.id;
    ids.accountName = opportunities.nodes[0]!.account.name;
    const uploaded = await uploadFile(server.url, token, {
      object: 'account',
      recordId: ids.account,
      fileName: 'proposal.txt',
      content: 'Proposal for the tour\n',
      contentType: 'text/plain',
    });
    if (uploaded.status !== 201) throw new Error(`upload failed: ${JSON.stringify(uploaded.body)}`);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe.each(VARIANTS)('$key', (variant) => {
    const phone = variant.key === 'phone';
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      context = await browser.newContext({
        viewport: variant.viewport,
        locale: 'en-US',
        ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
      });
      page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${variant.key}: ${error.message}`));
    });

    afterAll(async () => {
      await context?.close();
    });

    /**
     * The screenshot first (so that a failing check still leaves the picture to look at), then the checks every
     * screen gets in this variant. A page is shot in a window as tall as the page, so that sticky bars sit where
     * a person would see them instead of halfway down a full-page capture; a popup is shot in the window.
     */
    async function review(name: string, options: { onScreenOnly?: boolean; popup?: boolean } = {}): Promise<void> {
      if (options.popup) {
        await shot(page, `${name}-${variant.key}`, false);
      } else {
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.setViewportSize({ width: variant.viewport.width, height: Math.max(height, variant.viewport.height) });
        await shot(page, `${name}-${variant.key}`, false);
        await page.setViewportSize(variant.viewport);
      }
      if (variant.lang === 'zh') expect(await englishLeaks(page)).toEqual([]);
      expect(await clippedPlaceholders(page)).toEqual([]);
      expect(await cornersPaintedOver(page)).toEqual([]);
      if (phone) {
        expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
        expect(await smallTouchTargets(page, options.onScreenOnly)).toEqual([]);
      }
    }

    it('signs in as the demo admin', async () => {
      await page.goto(`${server.url}/login`);
      if (variant.lang === 'zh') {
        await page.getByTestId('lang-zh').click();
        await page.getByTestId('login-submit').filter({ hasText: catalogue.zh.login.submit }).waitFor();
      }
      expect(await page.locator('input[name="tenant"]').inputValue()).toBe(DEMO.tenant);
      await review('login');
      await page.locator('input[name="email"]').fill(DEMO.email);
      await page.locator('input[name="password"]').fill(DEMO.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((u) => u.pathname === '/');
    });

    // On a phone the navigation is a drawer: a screen of its own.
    if (phone) {
      it('opens the navigation drawer', async () => {
        await page.goto(`${server.url}/`);
        await page.getByTestId('nav-toggle').click();
        const setup = page.getByTestId('nav-setup'); // no sidebar on a phone: only the drawer has it
        await setup.waitFor();
        expect(await setup.innerText()).toBe(catalogue.en.nav.setup);
        await review('nav', { popup: true });
        await page.keyboard.press('Escape');
        await setup.waitFor({ state: 'hidden' });
      });
    }

    for (const screen of SCREENS) {
      it(`shows ${screen.name}`, async () => {
        await page.goto(`${server.url}${screen.path()}`);
        await screen.open(page, variant.lang);
        // The navigation, in the variant's language (on a phone it is in the drawer).
        if (!phone) expect(await page.getByTestId('nav-setup').innerText()).toBe(catalogue[variant.lang].nav.setup);
        await review(screen.name, { onScreenOnly: screen.onScreenOnly });
      });
    }

    it('opens the date picker of the new-opportunity form in the interface language', async () => {
      await page.goto(`${server.url}/o/opportunity/new`);
      await page.locator('[data-field="closeDate"] input').click();
      const panel = page.locator('.el-picker-panel:visible');
      await panel.waitFor();
      // The panel's weekday heads come from Element Plus's catalogue.
      const weekdays = await panel.locator('.el-date-table th').allInnerTexts();
      const el = variant.lang === 'en' ? elementEn.el : elementZh.el;
      expect(weekdays.map((w) => w.trim())).toEqual(expect.arrayContaining([el.datepicker.weeks.mon, el.datepicker.weeks.fri]));
      await review('opportunity-datepicker', { popup: true });
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden' });
    });

    it('asks before deleting a record, with the buttons in the interface language', async () => {
      // ElMessageBox is opened imperatively, outside the app's ElConfigProvider: its texts must come from us.
      await page.goto(`${server.url}/o/account/${ids.account}`);
      await heading(page, ids.accountName);
      await page.getByTestId('record-delete').click();
      const box = page.locator('.el-message-box');
      await box.waitFor();
      const texts = catalogue[variant.lang].records;
      expect((await box.locator('.el-message-box__btns button').allInnerTexts()).map((s) => s.trim())).toEqual([texts.common.cancel, texts.view.deleteOk]);
      // Its close button is Element Plus's own: it follows the app-wide provider, the first one mounted.
      expect(await box.locator('.el-message-box__headerbtn').getAttribute('aria-label')).toBe(
        (variant.lang === 'en' ? elementEn : elementZh).el.messagebox.close,
      );
      await review('account-delete', { popup: true });
      await box.locator('.el-message-box__btns button').first().click();
      await box.waitFor({ state: 'hidden' });
      expect(new URL(page.url()).pathname).toBe(`/o/account/${ids.account}`);
    });
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });

  // After the screens, so that nothing they show has moved: the demo's automation rules are applied and fire.
  describe('demo rules', () => {
    let pool: Pool;
    const api = <T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}) => gql<T>(server.url, query, variables, token).then(ok);
    beforeAll(async () => {
      pool = await testPool();
    });
    afterAll(async () => {
      await pool?.end();
    });

    it('are applied, the ERP webhook disabled until configured, and the close-date reminders of open deals scheduled', async () => {
      const docs = ok(await platformGql(server.url, '{ definitions }', {}, token)).definitions as Record<string, unknown>[];
      const rules = docs.filter((d) => d['x-rule']).map((d) => [d['x-rule'], d['enabled'] ?? true]);
      expect(rules).toEqual(
        expect.arrayContaining([
          ['demoProposalFollowUp', true],
          ['demoCloseDateReminder', true],
          ['demoNewLead', true],
          ['demoWonToErp', false],
          ['demoBigDiscount', true],
        ]),
      );
      const tenant = (await findTenantBySlug(ormOf(pool), DEMO.tenant))!;
      const timers = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key LIKE $1`, [
        `automation-timer:${tenant.id}:demoCloseDateReminder:%`,
      ]);
      expect(timers.rows[0]!.n).toBeGreaterThan(0);
    });

    it('give an opportunity moved into Proposal a follow-up task for its owner, due in two days', async () => {
      const tenant = (await findTenantBySlug(ormOf(pool), DEMO.tenant))!;
      const { opportunities } = await api<{ opportunities: { nodes: { id: string; version: number; name: string; owner: { id: string } }[] } }>(
        '{ opportunities(first: 1, filter: { stage: { eq: "qualification" } }, orderBy: [{field: name, direction: ASC}]) { nodes { id version name owner { id } } } }',
      );
      const opp = opportunities.nodes[0]!;
      await api('mutation($id: ID!, $v: Int!) { moveOpportunity(id: $id, version: $v, stage: "proposal") { id } }', { id: opp.id, v: opp.version });
      const task = await untilActivity(pool, [server], async () => {
        const { rows } = await pool.query<{ subject: string; owner_id: string; due_at: string }>(
          `SELECT subject, owner_id, due_at FROM ${tenant.schema}.activity WHERE opportunity = $1 AND subject LIKE 'Follow up on the proposal%'`,
          [opp.id],
        );
        return rows.length ? rows : undefined;
      });
      expect(task).toHaveLength(1);
      expect(task[0]).toMatchObject({ subject: expect.stringContaining(opp.name), owner_id: opp.owner.id });
      const dueIn = new Date(task[0]!.due_at).getTime() - Date.now();
      expect(dueIn).toBeGreaterThan(86_400_000 * 1.9);
      expect(dueIn).toBeLessThan(86_400_000 * 2.1);
    });

    it('give a new lead an owner from the Sales team in turn, then a welcome task for that owner', async () => {
      const tenant = (await findTenantBySlug(ormOf(pool), DEMO.tenant))!;
      const teams = ok(await platformGql(server.url, '{ teams { id name } users { id teamId } }', {}, token)) as {
        teams: { id: string; name: string }[];
        users: { id: string; teamId: string | null }[];
      };
      const sales = teams.teams.find((x) => x.name === 'Sales team')!;
      const members = teams.users.filter((u) => u.teamId === sales.id).map((u) => u.id);
      expect(members).toHaveLength(3);
      const lead = (await api('mutation { createLead(input: { name: "Tour Lead", company: "Tour Works" }) { id } }')).createLead.id as string;
      const found = await untilActivity(pool, [server], async () => {
        const { rows } = await pool.query<{ owner_id: string; lead_owner: string }>(
          `SELECT a.owner_id, l.owner_id AS lead_owner FROM ${tenant.schema}.activity a JOIN ${tenant.schema}.lead l ON l.id = a.lead
            WHERE a.lead = $1 AND a.subject = 'Welcome Tour Lead (Tour Works)'`,
          [lead],
        );
        return rows.length ? rows : undefined;
      });
      expect(found).toHaveLength(1);
      expect(members).toContain(found[0]!.lead_owner);
      expect(found[0]!.owner_id).toBe(found[0]!.lead_owner);
    });

    it("hold a sample rep's discount over 20 % for the admin, the rep's manager; the admin's own deals are not held", async () => {
      type Opp = { id: string; version: number; discount: number | null };
      const update = (as: string, o: Opp, input: Record<string, unknown>) =>
        gql(
          server.url,
          'mutation($id: ID!, $v: Int!, $in: OpportunityInput!) { updateOpportunity(id: $id, version: $v, input: $in) { id version discount } }',
          {
            id: o.id,
            v: o.version,
            in: input,
          },
          as,
        );
      const { opportunities } = await api<{ opportunities: { nodes: Opp[] } }>(
        '{ opportunities(first: 2, filter: { stage: { eq: "prospecting" } }, orderBy: [{field: name, direction: DESC}]) { nodes { id version discount } } }',
      );
      const [own, given] = opportunities.nodes as [Opp, Opp];
      expect(ok(await update(token, own, { discount: 30 })).updateOpportunity.discount).toBe(30);

      // Lena, a sample rep, signs in through an invite link and is given a deal.
      const users = ok(await platformGql(server.url, '{ users { id email } }', {}, token)).users as { id: string; email: string }[];
      const lena = users.find((u) => u.email.startsWith('lena.li@'))!;
      const secret = ok(await platformGql(server.url, 'mutation($u: ID!) { inviteUser(userId: $u) { secret } }', { u: lena.id }, token)).inviteUser.secret;
      const lenaToken = ok(
        await platformGql(server.url, 'mutation($s: String!) { acceptInvite(secret: $s, password: "lena-password") { token } }', { s: secret }),
      ).acceptInvite.token as string;
      const hers = ok(await update(token, given, { ownerId: lena.id })).updateOpportunity as Opp;
      const held = await update(lenaToken, hers, { discount: 25 });
      expect(held.errors?.[0]?.extensions.code).toBe('APPROVAL_REQUIRED');
      const requestId = held.errors![0]!.extensions.details![0]!['requestId'] as string;
      const inbox = ok(await platformGql(server.url, '{ myApprovals { id rule requestedBy } }', {}, token)).myApprovals as { id: string; rule: string }[];
      expect(inbox).toContainEqual(expect.objectContaining({ id: requestId, rule: 'demoBigDiscount' }));
      ok(await platformGql(server.url, 'mutation($id: ID!) { approveChange(id: $id, comment: "Fine") { status } }', { id: requestId }, token));
      const after = await api<{ opportunity: Opp }>('query($id: ID!) { opportunity(id: $id) { id version discount } }', { id: given.id });
      expect(after.opportunity.discount).toBe(25);
    });
  });
});
