// The page.evaluate callbacks below run in the browser, so they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * The Opportunity board in a real Chromium against the real server: columns with totals, a card dragged to the
 * next stage (both columns' count and amount change), a gated move refused and explained, the search, 中文, and
 * the same board on a 390×844 phone, where cards move through "Move to…" and by a finger after a long press
 * (while a swipe still scrolls). Screenshots go to `tests/e2e/screenshots/`.
 *
 * Serves the built studio: `STUDIO_DIST` if set, else `apps/studio/dist` (which `npm test` builds first).
 */
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { CARD_ROW } from '../../../apps/studio/src/components/board/card-layout.js';
import { LONG_PRESS_MS } from '../../../apps/studio/src/composables/board/touch-press.js';
import { gql, login, ok, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, testPool, type TestTenant } from '../../support/db.js';
import { launchChromium, PHONE, prepareStudio, screenshotter, scrollWidth, signIn, smallTouchTargets, STUDIO_DIST } from '../../support/browser.js';
import { salesModel } from '../../support/docs.js';

const STAGES_EN = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'];
const STAGES_ZH = ['初步接洽', '需求确认', '方案报价', '谈判审核', '赢单', '输单'];
const WON = 150;
/** A second Opportunity pipeline: no skipping, and a json-logic gate with its own message. */
const ENTERPRISE = {
  'x-pipeline': 'enterprise',
  'x-object': 'opportunity',
  title: 'Enterprise',
  'x-label': { en: 'Enterprise', zh: '大客户' },
  'x-amount-field': 'amount',
  'x-allow-skip': false,
  stages: [
    { key: 'intro', label: { en: 'Intro', zh: '初识' }, probability: 10, category: 'open' },
    {
      key: 'review',
      label: { en: 'Review', zh: '评审' },
      probability: 40,
      category: 'open',
      gate: { condition: { '>=': [{ var: 'amount' }, 1000] }, message: { en: 'Enterprise deals start at 1,000', zh: '大客户商机金额至少 1,000' } },
    },
    { key: 'contract', label: { en: 'Contract', zh: '合同' }, probability: 80, category: 'open' },
    { key: 'signed', label: { en: 'Signed', zh: '已签约' }, probability: 100, category: 'won' },
    { key: 'dropped', label: { en: 'Dropped', zh: '已放弃' }, probability: 0, category: 'lost' },
  ],
};

const shot = screenshotter('');

/** A GraphQL response of the named operation (the studio names every operation it sends). */
const graphqlResponse = (page: Page, operation: string) =>
  page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes(operation));

const column = (page: Page, stage: string) => page.locator(`[data-testid="board-column"][data-stage="${stage}"]`);
const cardIn = (page: Page, stage: string, name: string) => column(page, stage).getByTestId('board-card').filter({ hasText: name });

async function totals(page: Page, stage: string): Promise<{ count: string; amount: string; weighted: string }> {
  const c = column(page, stage);
  return {
    count: (await c.getByTestId('column-count').innerText()).trim(),
    amount: (await c.getByTestId('column-amount').innerText()).trim(),
    weighted: (await c.getByTestId('column-weighted').innerText()).trim(),
  };
}

const count = (t: { count: string }) => Number(t.count);
const money = (t: { amount: string }) => Number(t.amount.replace(/[^0-9.]/g, ''));

/** Playwright's drag: mouse down on the card, moves, mouse up over the column (native HTML5 drag in Chromium). */
async function drag(page: Page, card: Locator, target: Locator): Promise<void> {
  await card.dragTo(target, { targetPosition: { x: 40, y: 120 } });
}

describe('studio: the Opportunity board', () => {
  let pool: Pool;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let t: TestTenant;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    prepareStudio();
    pool = await testPool();
    t = await newTenant(pool);
    await applyDocs(pool, t, [...salesModel(), ENTERPRISE]);
    server = await startTestServer({ studioDir: STUDIO_DIST });

    // The sales pipeline's opportunities, created through the API as any client would.
    const token = await login(server.url, t.tenant.slug, t.email);
    const call = async (query: string, variables: Record<string, unknown>) => ok(await gql(server.url, query, variables, token));
    const account = (await call('mutation($in: AccountInput!) { createAccount(input: $in) { id } }', { in: { name: 'Acme Corp' } })).createAccount.id as string;
    const create = async (input: Record<string, unknown>) =>
      (await call('mutation($in: OpportunityInput!) { createOpportunity(input: $in) { id } }', { in: { account, ...input } })).createOpportunity.id as string;
    await create({ name: 'Acme renewal', amount: { amount: 12000 }, closeDate: '2026-09-30', stage: 'prospecting' });
    await create({ name: 'Globex pilot', amount: { amount: 5000 }, stage: 'prospecting' });
    const stale = await create({ name: 'Hooli rollout', amount: { amount: 8000 }, closeDate: '2026-08-15', stage: 'prospecting' });
    await create({ name: 'Initech expansion', amount: { amount: 30000 }, closeDate: '2026-07-01', stage: 'qualification' });
    await create({ name: 'Umbrella inquiry', stage: 'qualification' });
    await create({ name: 'Stark upgrade', amount: { amount: 45000 }, closeDate: '2026-06-30', stage: 'proposal' });
    await create({ name: 'Wayne pilot', amount: { amount: 500 }, pipeline: 'enterprise', stage: 'intro' });
    // A long column: more cards than the first answer holds, so it loads more as it scrolls.
    const won = Array.from({ length: WON }, (_, i) => ({
      name: `Won deal ${i + 1}`,
      account,
      amount: { amount: 100 },
      closeDate: '2026-05-01',
      stage: 'closed_won',
    }));
    await call('mutation($in: [OpportunityInput!]!) { createOpportunities(inputs: $in) { id } }', { in: won });
    // Forty days in Prospecting, whose idle limit is thirty: the card is flagged.
    await pool.query(`UPDATE "${t.tenant.schema}".opportunity SET stage_entered_at = now() - interval '40 days' WHERE id = $1`, [stale]);

    browser = await launchChromium();
    const desktop = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    page = await desktop.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pool?.end();
  });

  it('opens from the navigation: a column per stage with count, amount and weighted amount, cards with their lines', async () => {
    await signIn(page, server.url, t, '/');
    await page.getByTestId('nav-board-opportunity').click();
    await page.waitForURL((u) => u.pathname === '/board/opportunity');
    await cardIn(page, 'prospecting', 'Acme renewal').waitFor();

    expect(await page.getByTestId('page-title').innerText()).toBe('Opportunities board');
    expect(await page.getByTestId('column-title').allInnerTexts()).toEqual(STAGES_EN);
    expect(await totals(page, 'prospecting')).toEqual({ count: '3', amount: '$25,000.00', weighted: 'Weighted $2,500.00' });
    expect(await totals(page, 'qualification')).toEqual({ count: '2', amount: '$30,000.00', weighted: 'Weighted $7,500.00' });
    expect(await totals(page, 'negotiation')).toMatchObject({ count: '0', amount: '$0.00' });

    const card = cardIn(page, 'prospecting', 'Acme renewal');
    expect(await card.locator('[data-field="amount"] dd').innerText()).toBe('$12,000.00');
    expect(await card.locator('[data-field="account"] dd').innerText()).toBe('Acme Corp');
    expect(await card.locator('[data-field="closeDate"] dd').innerText()).toBe('Sep 30, 2026');
    expect(await card.locator('.owner-name').innerText()).toBe('Admin');
    // Longest in stage first, and flagged idle past the stage's limit.
    const hooli = column(page, 'prospecting').getByTestId('board-card').first();
    expect(await hooli.getByTestId('card-title').innerText()).toBe('Hooli rollout');
    expect(await hooli.getByTestId('card-idle').innerText()).toBe('Idle · 40 d');
    expect(await card.getByTestId('card-idle').count()).toBe(0);
    // Its close date has passed and it is still open: overdue. Globex pilot has no close date.
    expect(await card.getByTestId('card-overdue').innerText()).toBe('Overdue');
    expect(await cardIn(page, 'prospecting', 'Globex pilot').getByTestId('card-overdue').count()).toBe(0);
    expect(await page.title()).toBe('Opportunities board · Funnelcraft');
    // Won and lost start collapsed, stuck to the right edge: in view without scrolling sideways.
    for (const stage of ['closed_won', 'closed_lost']) {
      expect(await column(page, stage).getAttribute('class')).toContain('collapsed');
      const box = (await column(page, stage).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1440);
      expect(box.width).toBeLessThan(60);
    }
    expect(await column(page, 'closed_won').getByTestId('column-count').innerText()).toBe(String(WON));
    await page.getByTestId('board').evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await page.getByTestId('board').evaluate((el) => el.scrollTo({ left: 0 }));
    const lostBox = (await column(page, 'closed_lost').boundingBox())!;
    expect(lostBox.x + lostBox.width).toBeLessThanOrEqual(1440);
    await shot(page, 'board-01-desktop');
  });

  it('drags a card to the next stage: both columns’ count and amount change, and the server has it there', async () => {
    const totalsAnswer = graphqlResponse(page, 'BoardTotals');
    const moved = graphqlResponse(page, 'BoardMove');
    await drag(page, cardIn(page, 'prospecting', 'Acme renewal'), column(page, 'qualification'));
    expect((await (await moved).json()).data.moved).toMatchObject({ stage: 'qualification', probability: 25 });
    await totalsAnswer;

    await cardIn(page, 'qualification', 'Acme renewal').waitFor();
    expect(await cardIn(page, 'prospecting', 'Acme renewal').count()).toBe(0);
    expect(await totals(page, 'prospecting')).toEqual({ count: '2', amount: '$13,000.00', weighted: 'Weighted $1,300.00' });
    expect(await totals(page, 'qualification')).toEqual({ count: '3', amount: '$42,000.00', weighted: 'Weighted $10,500.00' });
    expect(await page.getByTestId('board-announcement').innerText()).toBe('“Acme renewal” moved to Qualification.');
    await shot(page, 'board-02-dragged');

    // A reload shows what the server stored.
    await page.reload();
    await cardIn(page, 'qualification', 'Acme renewal').waitFor();
    expect(await totals(page, 'qualification')).toMatchObject({ count: '3', amount: '$42,000.00' });
  });

  it('refuses a gated move: the card snaps back and the missing fields are named', async () => {
    const before = await totals(page, 'qualification');
    const refused = graphqlResponse(page, 'BoardMove');
    await drag(page, cardIn(page, 'qualification', 'Umbrella inquiry'), column(page, 'proposal'));
    expect((await (await refused).json()).errors[0].extensions.code).toBe('STAGE_GATE_BLOCKED');

    // The refusal opens with the missing fields to fill in, as the record form shows them.
    const dialog = page.getByTestId('gate-fix-dialog');
    await dialog.waitFor();
    const inDialog = dialog.getByTestId('move-problem');
    expect(await inDialog.getAttribute('data-code')).toBe('STAGE_GATE_BLOCKED');
    expect(await inDialog.getByTestId('move-problem-title').innerText()).toBe('“Umbrella inquiry” cannot enter Proposal');
    expect(await inDialog.getByTestId('move-problem-gate').innerText()).toBe('A proposal needs an amount and a close date');
    expect(await inDialog.getByTestId('move-problem-item').allInnerTexts()).toEqual(['Amount is required', 'Close date is required']);
    expect(await dialog.locator('.form-field').evaluateAll((els) => els.map((el) => el.getAttribute('data-field')))).toEqual(['amount', 'closeDate']);
    // Saved empty: the same checks as the form, nothing sent.
    await dialog.getByTestId('gate-fix-save').click();
    await dialog.getByTestId('field-error').first().waitFor();
    expect(await dialog.getByTestId('field-error').allInnerTexts()).toEqual(['Needed for this stage', 'Needed for this stage']);
    await shot(page, 'board-03-gate-fix');
    // Given up: the refusal stays on the board.
    await dialog.getByTestId('gate-fix-cancel').click();
    await dialog.waitFor({ state: 'hidden' });

    const problem = page.getByTestId('move-problem');
    await problem.waitFor();
    expect(await problem.getByTestId('move-problem-title').innerText()).toBe('“Umbrella inquiry” cannot enter Proposal');
    expect(await problem.getByTestId('move-problem-item').allInnerTexts()).toEqual(['Amount is required', 'Close date is required']);

    const back = cardIn(page, 'qualification', 'Umbrella inquiry');
    await back.waitFor();
    expect(await back.getAttribute('class')).toContain('refused');
    expect(await cardIn(page, 'proposal', 'Umbrella inquiry').count()).toBe(0);
    expect(await totals(page, 'qualification')).toEqual(before);
    expect(await totals(page, 'proposal')).toMatchObject({ count: '1', amount: '$45,000.00' });
    await shot(page, 'board-03-gate-refused');
  });

  it('switches to 中文: stages, totals, cards and the refusal in Chinese', async () => {
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('page-title').filter({ hasText: '商机看板' }).waitFor();
    expect(await page.getByTestId('column-title').allInnerTexts()).toEqual(STAGES_ZH);
    const problem = page.getByTestId('move-problem');
    expect(await problem.getByTestId('move-problem-title').innerText()).toBe('“Umbrella inquiry”无法进入方案报价');
    expect(await problem.getByTestId('move-problem-gate').innerText()).toBe('报价阶段需要金额和预计成交日期');
    expect(await problem.getByTestId('move-problem-item').allInnerTexts()).toEqual(['金额为必填项', '预计成交日期为必填项']);
    const card = cardIn(page, 'qualification', 'Initech expansion');
    expect(await card.locator('[data-field="amount"] dt').innerText()).toBe('金额');
    expect(await card.locator('[data-field="account"] dt').innerText()).toBe('客户');
    expect(await column(page, 'proposal').getByTestId('column-weighted').innerText()).toMatch(/^加权 US\$22,500\.00$/);
    expect(await page.title()).toBe('商机看板 · Funnelcraft');
    await shot(page, 'board-04-zh');

    await problem.getByTestId('move-problem-dismiss').click();
    await problem.waitFor({ state: 'detached' });
    await page.getByTestId('lang-en').click();
    await page.getByTestId('page-title').filter({ hasText: 'Opportunities board' }).waitFor();
  });

  it('fills in what the gate asked for right in the refusal, and the move completes', async () => {
    const refused = graphqlResponse(page, 'BoardMove');
    await drag(page, cardIn(page, 'qualification', 'Umbrella inquiry'), column(page, 'proposal'));
    await refused;
    const dialog = page.getByTestId('gate-fix-dialog');
    await dialog.waitFor();
    await dialog.locator('[data-field="amount"] .amount input').fill('-5');
    await dialog.locator('[data-field="amount"] .amount input').fill('2500');
    await dialog.locator('[data-field="closeDate"] input').click();
    await page.locator('.el-picker-panel td.today').first().click();
    const fixed = graphqlResponse(page, 'BoardFixMove');
    await dialog.getByTestId('gate-fix-save').click();
    expect((await (await fixed).json()).data.moved).toMatchObject({ stage: 'proposal', amount: { amount: 2500 } });
    await dialog.waitFor({ state: 'hidden' });
    await cardIn(page, 'proposal', 'Umbrella inquiry').waitFor();
    expect(await cardIn(page, 'qualification', 'Umbrella inquiry').count()).toBe(0);
    expect(await page.getByTestId('move-problem').count()).toBe(0);
    expect(await page.getByTestId('board-announcement').innerText()).toBe('“Umbrella inquiry” moved to Proposal.');
    await column(page, 'proposal').getByTestId('column-count').filter({ hasText: '2' }).waitFor();
    expect(await totals(page, 'proposal')).toMatchObject({ count: '2', amount: '$47,500.00' });
    // Today is its close date: not overdue.
    expect(await cardIn(page, 'proposal', 'Umbrella inquiry').getByTestId('card-overdue').count()).toBe(0);
  });

  it('logs a call from a card without leaving the board', async () => {
    const card = cardIn(page, 'proposal', 'Stark upgrade');
    await card.getByTestId('card-quick').click();
    await page.getByTestId('card-quick-call').click();
    const dialog = page.getByTestId('quick-dialog');
    await dialog.waitFor();
    await page.getByTestId('quick-notes').fill('Board call with Tony');
    await page.getByTestId('quick-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('board-announcement').filter({ hasText: 'Saved on “Stark upgrade”.' }).waitFor({ state: 'attached' });
    expect(new URL(page.url()).pathname).toBe('/board/opportunity');
    const token = await login(server.url, t.tenant.slug, t.email);
    const found = ok(
      await gql(
        server.url,
        'query($f: ActivityFilter) { activities(filter: $f) { nodes { subject type done notes opportunity { name } account { name } } } }',
        {
          f: { type: { eq: 'call' } },
        },
        token,
      ),
    ).activities.nodes;
    expect(found).toEqual([
      {
        subject: 'Phone call',
        type: 'call',
        done: true,
        notes: 'Board call with Tony',
        opportunity: { name: 'Stark upgrade' },
        account: { name: 'Acme Corp' },
      },
    ]);
  });

  it('flags overdue and idle deals in the list too, never a won one; 中文 as well', async () => {
    await page.getByTestId('nav-object-opportunity').click();
    const row = (name: string) => page.locator('tr.record-row').filter({ hasText: name });
    const search = async (text: string) => {
      await page.getByTestId('list-search').fill(text);
      await row(text).first().waitFor();
      await page.waitForFunction((n) => [...document.querySelectorAll('tr.record-row')].every((r) => r.textContent!.includes(n)), text);
    };
    await search('Hooli rollout');
    expect(await row('Hooli rollout').getByTestId('row-overdue').innerText()).toBe('Overdue');
    expect(await row('Hooli rollout').getByTestId('row-idle').innerText()).toBe('Idle');
    await page.getByTestId('lang-zh').click();
    await row('Hooli rollout').getByTestId('row-overdue').filter({ hasText: '已逾期' }).waitFor();
    expect(await row('Hooli rollout').getByTestId('row-idle').innerText()).toBe('停滞');
    await shot(page, 'board-05-list-flags-zh');
    await page.getByTestId('lang-en').click();
    await search('Acme renewal');
    expect(await row('Acme renewal').getByTestId('row-overdue').count()).toBe(1);
    expect(await row('Acme renewal').getByTestId('row-idle').count()).toBe(0);
    await search('Globex pilot');
    expect(await row('Globex pilot').locator('.deal-flag').count()).toBe(0);
    await search('Won deal 1');
    expect(await page.locator('tr.record-row .deal-flag').count()).toBe(0);
    await page.getByTestId('list-search').fill('');
    await page.getByTestId('nav-board-opportunity').click();
    await cardIn(page, 'qualification', 'Initech expansion').waitFor();
  });

  it('filters by a search on the name, kept in the URL', async () => {
    const reloaded = graphqlResponse(page, 'query Board(');
    await page.getByRole('searchbox', { name: 'Search opportunities', exact: true }).fill('globex');
    await reloaded;
    await page.waitForURL((u) => u.searchParams.get('q') === 'globex');
    await page.getByTestId('board-card').filter({ hasText: 'Globex pilot' }).waitFor();
    expect(await page.getByTestId('board-card').count()).toBe(1);
    expect(await totals(page, 'prospecting')).toMatchObject({ count: '1', amount: '$5,000.00' });
    expect(await totals(page, 'qualification')).toMatchObject({ count: '0' });
    await shot(page, 'board-05-search');

    const cleared = graphqlResponse(page, 'query Board(');
    await page.getByRole('searchbox', { name: 'Search opportunities', exact: true }).fill('');
    await cleared;
    await cardIn(page, 'qualification', 'Initech expansion').waitFor();
  });

  it('loads a long column as it scrolls, keeping only the cards in view in the DOM', async () => {
    const won = column(page, 'closed_won');
    await won.getByTestId('column-expand').click();
    await won.getByTestId('column-collapse').waitFor();
    await won.scrollIntoViewIfNeeded();
    expect(await totals(page, 'closed_won')).toMatchObject({ count: String(WON), amount: '$15,000.00' });
    const list = won.locator('.column-list');
    const listHeight = () => list.evaluate((el) => el.getBoundingClientRect().height);
    expect(await listHeight()).toBe(20 * CARD_ROW); // the board's first answer: 20 cards per column, none loaded yet
    const rendered = () => won.getByTestId('board-card').count();
    expect(await rendered()).toBeLessThan(20);

    const scroller = won.getByTestId('column-scroll');
    for (let loaded = 20; loaded < WON; loaded = Math.min(WON, loaded + 50)) {
      const more = graphqlResponse(page, 'BoardColumnMore');
      await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await more;
      const expected = Math.min(WON, loaded + 50) * CARD_ROW;
      await page.waitForFunction(([el, h]) => (el as HTMLElement).getBoundingClientRect().height === h, [await list.elementHandle(), expected] as const);
      expect(await rendered()).toBeLessThan(20);
    }
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await won.getByTestId('board-card').last().waitFor();
    expect(await won.getByTestId('column-loading').count()).toBe(0);
    expect(await rendered()).toBeLessThan(20);
    await shot(page, 'board-06-long-column');
  });

  it('switches pipelines; a refused skip and a failed gate condition are explained in the pipeline’s words', async () => {
    await page.getByTestId('board-toolbar').locator('.toolbar-pipeline').click();
    await page.getByRole('option', { name: 'Enterprise' }).click();
    await page.waitForURL((u) => u.pathname === '/board/opportunity/enterprise');
    await cardIn(page, 'intro', 'Wayne pilot').waitFor();
    expect(await page.getByTestId('column-title').allInnerTexts()).toEqual(['Intro', 'Review', 'Contract', 'Signed', 'Dropped']);

    const skip = graphqlResponse(page, 'BoardMove');
    await drag(page, cardIn(page, 'intro', 'Wayne pilot'), column(page, 'contract'));
    expect((await (await skip).json()).errors[0].extensions.code).toBe('STAGE_MOVE_REFUSED');
    const problem = page.getByTestId('move-problem');
    await problem.getByTestId('move-problem-title').filter({ hasText: '“Wayne pilot” cannot move to Contract' }).waitFor();
    expect(await problem.getByTestId('move-problem-item').allInnerTexts()).toEqual(['This pipeline does not skip stages: the next one is Review.']);
    await cardIn(page, 'intro', 'Wayne pilot').waitFor();

    const gate = graphqlResponse(page, 'BoardMove');
    await drag(page, cardIn(page, 'intro', 'Wayne pilot'), column(page, 'review'));
    expect((await (await gate).json()).errors[0].extensions.code).toBe('STAGE_GATE_BLOCKED');
    await problem.getByTestId('move-problem-title').filter({ hasText: '“Wayne pilot” cannot enter Review' }).waitFor();
    expect(await problem.getByTestId('move-problem-item').allInnerTexts()).toEqual(['Enterprise deals start at 1,000']);
    await page.getByTestId('lang-zh').click();
    await problem.getByTestId('move-problem-item').filter({ hasText: '大客户商机金额至少 1,000' }).waitFor();
    expect(await page.getByTestId('column-title').allInnerTexts()).toEqual(['初识', '评审', '合同', '已签约', '已放弃']);
    await shot(page, 'board-07-pipeline-zh');
    await page.getByTestId('lang-en').click();
    await cardIn(page, 'intro', 'Wayne pilot').waitFor();
  });

  it('fits a 390×844 phone: one column per screen inside the board, no page scrolling sideways, moves through “Move to…”', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(p, server.url, t, '/board/opportunity');
      await cardIn(p, 'qualification', 'Initech expansion').waitFor({ state: 'attached' });
      await cardIn(p, 'prospecting', 'Globex pilot').waitFor();

      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      const geometry = await p.getByTestId('board').evaluate((board) => {
        const first = board.querySelector('[data-testid="board-column"]')!.getBoundingClientRect();
        return { scrollWidth: board.scrollWidth, clientWidth: board.clientWidth, columnWidth: first.width, snap: getComputedStyle(board).scrollSnapType };
      });
      expect(geometry.scrollWidth).toBeGreaterThan(geometry.clientWidth * 4); // six columns side by side, inside the board
      expect(geometry.columnWidth).toBeGreaterThan(PHONE.width * 0.8);
      expect(geometry.snap).toContain('x');
      expect(await smallTouchTargets(p, true)).toEqual([]);
      await shot(p, 'board-08-phone');

      // Through the stage strip to the second column, then its card's menu.
      await p
        .getByTestId('stage-strip')
        .getByRole('button', { name: /Qualification/ })
        .tap();
      const initech = cardIn(p, 'qualification', 'Initech expansion');
      await initech.getByTestId('card-move').tap();
      const options = p.getByTestId('move-stages');
      await options.waitFor();
      expect(await smallTouchTargets(p, true)).toEqual([]);
      await shot(p, 'board-09-phone-move-to');
      const moved = graphqlResponse(p, 'BoardMove');
      const totalsAnswer = graphqlResponse(p, 'BoardTotals');
      await options.locator('[data-stage="proposal"]').tap();
      expect((await (await moved).json()).data.moved).toMatchObject({ stage: 'proposal', probability: 50 });
      await totalsAnswer;
      await cardIn(p, 'proposal', 'Initech expansion').waitFor({ state: 'attached' });
      expect(await cardIn(p, 'qualification', 'Initech expansion').count()).toBe(0);
      expect(await totals(p, 'proposal')).toMatchObject({ count: '3', amount: '$77,500.00' });

      // Lost needs a reason in this pipeline: the dialog asks for it before moving.
      const globex = cardIn(p, 'prospecting', 'Globex pilot');
      await p
        .getByTestId('stage-strip')
        .getByRole('button', { name: /Prospecting/ })
        .tap();
      await globex.getByTestId('card-move').tap();
      await options.locator('[data-stage="closed_lost"]').tap();
      const reason = p.getByTestId('lost-reason');
      await reason.waitFor();
      await p.getByTestId('lost-confirm').tap();
      await p.getByText('Enter a reason to mark it lost.').waitFor();
      await reason.fill('Chose a competitor');
      await shot(p, 'board-10-phone-lost-reason');
      const lost = graphqlResponse(p, 'BoardMove');
      await p.getByTestId('lost-confirm').tap();
      expect((await (await lost).json()).data.moved).toMatchObject({ stage: 'closed_lost', probability: 0 });
      await cardIn(p, 'closed_lost', 'Globex pilot').waitFor({ state: 'attached' });
      expect(await scrollWidth(p)).toBeLessThanOrEqual(PHONE.width);
      await shot(p, 'board-11-phone-after-moves');
    } finally {
      await phone.close();
    }
  });

  it('drags a card with a finger on a phone: a long press picks it up, a swipe scrolls the board instead', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      const moves: string[] = [];
      p.on('request', (r) => {
        if ((r.postData() ?? '').includes('BoardMove')) moves.push(r.postData()!);
      });
      await signIn(p, server.url, t, '/board/opportunity');
      const hooli = cardIn(p, 'prospecting', 'Hooli rollout');
      await hooli.waitFor();
      const before = { prospecting: await totals(p, 'prospecting'), qualification: await totals(p, 'qualification') };

      // page.touchscreen only taps: a touch that lasts and moves goes through the DevTools protocol.
      const cdp = await phone.newCDPSession(p);
      const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x = 0, y = 0) =>
        cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
      const boardScroll = () => p.getByTestId('board').evaluate((el) => el.scrollLeft);
      const ghost = p.getByTestId('card-drag-ghost');
      const box = (await hooli.locator('.card-lines').boundingBox())!;
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;

      // A swipe across the card: the finger moves at once, so the board scrolls to the next stage. Held still
      // afterwards for longer than a long press, it still picks nothing up. (There is no event for "nothing
      // happened": this one waits out the press time.)
      await touch('touchStart', x, y);
      for (let step = 1; step <= 8; step += 1) await touch('touchMove', x - step * 30, y);
      await p.evaluate((ms) => new Promise((done) => setTimeout(done, ms)), LONG_PRESS_MS * 2);
      expect(await ghost.count()).toBe(0);
      expect(await p.locator('[data-testid="board-card"].dragging, [data-testid="board-column"].drop-target').count()).toBe(0);
      await touch('touchEnd');
      await p.waitForFunction(() => document.querySelector('[data-testid="board"]')!.scrollLeft > 100);
      expect(await totals(p, 'prospecting')).toEqual(before.prospecting);
      expect(moves).toEqual([]);

      // Back to the first stage; a long press picks the card up: a copy follows the finger, the other stages
      // become drop targets.
      await p
        .getByTestId('stage-strip')
        .getByRole('button', { name: /Prospecting/ })
        .tap();
      await p.waitForFunction(() => document.querySelector('[data-testid="board"]')!.scrollLeft === 0);
      await touch('touchStart', x, y);
      await ghost.waitFor();
      expect(await hooli.getAttribute('class')).toContain('dragging');
      expect(await column(p, 'qualification').getAttribute('class')).toContain('drop-target');

      // Held against the right side, the board turns to the next stage under the finger.
      for (let step = 1; step <= 6; step += 1) await touch('touchMove', x + ((PHONE.width - 6 - x) * step) / 6, y);
      await p.waitForFunction(() => document.querySelector('[data-testid="board"]')!.scrollLeft > 0);
      expect(await ghost.count()).toBe(1);
      const middle = PHONE.width / 2;
      for (let step = 1; step <= 4; step += 1) await touch('touchMove', PHONE.width - 6 - ((PHONE.width - 6 - middle) * step) / 4, y + step * 10);
      const qualification = column(p, 'qualification');
      await p.waitForFunction(() => Math.abs(document.querySelector('[data-stage="qualification"]')!.getBoundingClientRect().left - 16) < 1);
      await qualification.and(p.locator('.drop-over')).waitFor();
      expect(await boardScroll()).toBeGreaterThan(0);
      const lifted = (await ghost.boundingBox())!;
      expect(lifted.x).toBeLessThan(middle);
      expect(lifted.x + lifted.width).toBeGreaterThan(middle);
      expect(lifted.y).toBeLessThan(y + 40);
      expect(lifted.y + lifted.height).toBeGreaterThan(y + 40);
      await shot(p, 'board-12-phone-touch-drag', false);

      // Let go: the same move as a mouse drop.
      const moved = graphqlResponse(p, 'BoardMove');
      const totalsAnswer = graphqlResponse(p, 'BoardTotals');
      await touch('touchEnd');
      expect((await (await moved).json()).data.moved).toMatchObject({ stage: 'qualification', probability: 25 });
      await totalsAnswer;
      await cardIn(p, 'qualification', 'Hooli rollout').waitFor();
      expect(await ghost.count()).toBe(0);
      expect(await cardIn(p, 'prospecting', 'Hooli rollout').count()).toBe(0);
      // Hooli rollout is worth $8,000: it leaves one column's totals for the other's.
      const after = { prospecting: await totals(p, 'prospecting'), qualification: await totals(p, 'qualification') };
      expect([count(after.prospecting), money(after.prospecting)]).toEqual([count(before.prospecting) - 1, money(before.prospecting) - 8000]);
      expect([count(after.qualification), money(after.qualification)]).toEqual([count(before.qualification) + 1, money(before.qualification) + 8000]);
      expect(await p.getByTestId('board-announcement').innerText()).toBe('“Hooli rollout” moved to Qualification.');
      expect(new URL(p.url()).pathname).toBe('/board/opportunity');
      expect(moves).toHaveLength(1);
      await shot(p, 'board-13-phone-touch-dropped', false);
    } finally {
      await phone.close();
    }
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
