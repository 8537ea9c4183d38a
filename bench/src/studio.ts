// The page.evaluate callbacks and init scripts below run in the browser, so they need the DOM types.
/// <reference lib="dom" />
/**
 * Group `studio`: the studio in Chromium (playwright-core, Debian's /usr/bin/chromium) against the server under
 * test, which serves the built studio (STUDIO_DIR, else apps/studio/dist: build it first).
 *   - DOM nodes of the Opportunity board over 10,000 opportunities, after some columns were scrolled;
 *   - time to the first rendered board with 10,000 vs 100 opportunities (two tenants, medians);
 *   - gzipped JavaScript the browser loads before the first screen (the sign-in page).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { BenchContext, BenchTenant } from './context.js';
import { median } from './measure.js';
import { seedSales } from './spine.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The key stores/storage.ts keeps the session token under. */
const TOKEN_KEY = 'funnelcraft.token';
const BOARD = '/board/opportunity';

const SALES = new URL('../../schemas/examples/sales/', import.meta.url);
const salesModel = () =>
  readdirSync(SALES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, SALES), 'utf8')) as unknown);

/** The folder the server under test serves the studio from (the same rule as apps/server/src/config.ts). */
const studioDir = () => resolve(process.env['STUDIO_DIR'] ?? fileURLToPath(new URL('../../apps/studio/dist', import.meta.url)));

declare global {
  interface Window {
    /** performance.now() of the first frame in which the board was complete; set by READY_PROBE. */
    __boardReady?: number;
  }
}

/**
 * Watches every frame from navigation start until the board is there: every column has its title and count,
 * and every column that counts records shows its first card. Measured from outside the app's own code.
 */
function readyProbe(): void {
  const complete = () => {
    const columns = Array.from(document.querySelectorAll('[data-testid="board-column"]'));
    return (
      columns.length > 0 &&
      columns.every((c) => {
        const title = c.querySelector('[data-testid="column-title"]')?.textContent?.trim();
        const count = c.querySelector('[data-testid="column-count"]')?.textContent?.trim();
        return !!title && count !== undefined && (count === '0' || c.querySelector('[data-testid="board-card"]') !== null);
      })
    );
  };
  const frame = () => {
    if (complete()) window.__boardReady = performance.now();
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

async function signedInContext(browser: Browser, token: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  await context.addInitScript(([key, value]) => window.localStorage.setItem(key, value), [TOKEN_KEY, token] as const);
  await context.addInitScript(readyProbe);
  return context;
}

/** Opens the board in a fresh page; returns ms from navigation start to the first complete frame. */
async function renderBoard(context: BrowserContext, url: string): Promise<{ ms: number; page: Page }> {
  const page = await context.newPage();
  await page.goto(`${url}${BOARD}`);
  await page.waitForFunction(() => window.__boardReady !== undefined, undefined, { timeout: 60_000 });
  const ms = await page.evaluate(() => window.__boardReady!);
  return { ms, page };
}

const domNodes = (page: Page) => page.evaluate(() => document.getElementsByTagName('*').length);

/** Scrolls the first `columns` columns to their end `times` times, each time waiting for the next page of cards. */
async function scrollColumns(page: Page, columns: number, times: number): Promise<number> {
  let loaded = 0;
  for (let c = 0; c < columns; c++) {
    const scroller = page.locator('[data-testid="column-scroll"]').nth(c);
    for (let i = 0; i < times; i++) {
      const more = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('BoardColumnMore'));
      await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await more;
      loaded += 1;
      // The new cards are in the list once the column's list is taller than before (the next frame at most).
      await scroller.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
    }
  }
  return loaded;
}

async function domFigure(ctx: BenchContext, browser: Browser, big: BenchTenant): Promise<void> {
  const context = await signedInContext(browser, big.token);
  try {
    const { page } = await renderBoard(context, ctx.url);
    const initial = await domNodes(page);
    const pages = await scrollColumns(page, 3, ctx.quick ? 2 : 4);
    const cards = await page.evaluate(() => document.querySelectorAll('[data-testid="board-card"]').length);
    const scrolled = await domNodes(page);
    ctx.report.add('studio.board_dom_nodes_10k_initial', initial, 'nodes');
    console.log(`# studio: ${pages} extra pages loaded in 3 columns; ${cards} cards in the DOM`);
    ctx.report.add('studio.board_dom_nodes_10k', Math.max(initial, scrolled), 'nodes', '< 3000');
  } finally {
    await context.close();
  }
}

async function renderFigure(ctx: BenchContext, browser: Browser, small: BenchTenant, big: BenchTenant): Promise<void> {
  const smallContext = await signedInContext(browser, small.token);
  const bigContext = await signedInContext(browser, big.token);
  try {
    const once = async (context: BrowserContext) => {
      const { ms, page } = await renderBoard(context, ctx.url);
      await page.close();
      return ms;
    };
    // One unmeasured visit each fills the HTTP cache, as for anyone who has opened the studio before.
    await once(smallContext);
    await once(bigContext);
    const runs = ctx.quick ? 3 : 7;
    const smallMs: number[] = [];
    const bigMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      smallMs.push(await once(smallContext));
      bigMs.push(await once(bigContext));
    }
    const s = median(smallMs);
    const b = median(bigMs);
    ctx.report.add('studio.board_render_100_ms', s, 'ms');
    ctx.report.add('studio.board_render_10k_ms', b, 'ms');
    ctx.report.add('studio.board_render_10k_vs_100', b / s, 'ratio', '<= 3');
  } finally {
    await smallContext.close();
    await bigContext.close();
  }
}

/** The JS files the browser asks for on the way to the sign-in page, gzipped as a server would send them. */
async function initialJsFigure(ctx: BenchContext, browser: Browser): Promise<void> {
  const dir = studioDir();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  try {
    const page = await context.newPage();
    const scripts = new Set<string>();
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.add(new URL(r.url()).pathname);
    });
    await page.goto(`${ctx.url}/login`);
    await page.getByTestId('login-submit').waitFor();
    await page.waitForLoadState('networkidle');
    let bytes = 0;
    for (const path of scripts) {
      const file = join(dir, decodeURIComponent(path));
      if (!file.startsWith(dir) || !existsSync(file))
        throw new Error(`${path} was requested but is not in ${dir}: is STUDIO_DIR the folder the server serves?`);
      bytes += gzipSync(readFileSync(file)).length;
    }
    console.log(`# studio: ${scripts.size} JS files before the sign-in page`);
    ctx.report.add('studio.initial_js_gzip_kb', bytes / 1000, 'kB', '<= 400');
  } finally {
    await context.close();
  }
}

export async function studioGroup(ctx: BenchContext): Promise<void> {
  if (!existsSync(join(studioDir(), 'index.html'))) {
    throw new Error(`The studio is not built (${studioDir()} has no index.html): run \`npm run build -w @funnelcraft/studio\` first, or set STUDIO_DIR.`);
  }
  const stamp = Date.now().toString(36);
  const big = await ctx.newTenant(`bench_studio_big_${stamp}`);
  const small = await ctx.newTenant(`bench_studio_small_${stamp}`);
  for (const t of [big, small]) await ctx.apply(t, { documents: salesModel() });
  await seedSales(ctx, big, 10_000);
  await seedSales(ctx, small, 100);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    await initialJsFigure(ctx, browser);
    await domFigure(ctx, browser, big);
    await renderFigure(ctx, browser, small, big);
  } finally {
    await browser.close();
  }
}
