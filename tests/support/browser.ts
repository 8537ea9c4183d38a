// page.evaluate callbacks run in the browser: they need the DOM types the root tsconfig leaves out.
/// <reference lib="dom" />
/**
 * What every studio browser test shares: the built studio to serve, Debian's Chromium with the flags this
 * sandbox needs, screenshots for people to look at, and the phone checks (no sideways scrolling, fingertip-
 * sized targets).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The built studio: `STUDIO_DIST` if set, else `apps/studio/dist` (which `npm test` builds first). */
export const STUDIO_DIST = process.env['STUDIO_DIST']
  ? resolve(process.env['STUDIO_DIST'])
  : fileURLToPath(new URL('../../apps/studio/dist', import.meta.url));

/** Where the tests save screenshots (ignored by git). */
export const SCREENSHOTS = fileURLToPath(new URL('../e2e/studio/screenshots', import.meta.url));

export const PHONE = { width: 390, height: 844 };

/** Fails clearly when the studio is not built, and makes the screenshot folder. */
export function prepareStudio(): void {
  if (!existsSync(join(STUDIO_DIST, 'index.html'))) {
    throw new Error(`The studio is not built (${STUDIO_DIST} has no index.html). Run \`npm run build -w @funnelcraft/studio\` first.`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
}

/** Debian's Chromium; launch() gives it a fresh temporary profile of its own. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

/**
 * A screenshot function whose files are named `<prefix><name>.png`. `animations: 'disabled'` finishes CSS
 * transitions first, so a screenshot never catches a half-faded highlight.
 */
export const screenshotter = (prefix = '') => (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: join(SCREENSHOTS, `${prefix}${name}.png`), fullPage, animations: 'disabled' });

export const scrollWidth = (page: Page) => page.evaluate(() => document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY);

/**
 * Visible buttons and links smaller than a fingertip (40 × 40 CSS pixels), described for the failure message.
 * `onScreenOnly` leaves out those scrolled out of view sideways (board columns), which nobody can tap.
 */
export const smallTouchTargets = (page: Page, onScreenOnly = false) =>
  page.evaluate((onScreen) =>
    Array.from(document.querySelectorAll<HTMLElement>('button, a[href], [role="button"], [role="menuitem"]'))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ el, box }) => box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden')
      .filter(({ box }) => !onScreen || (box.right > 0 && box.left < window.innerWidth))
      .filter(({ box }) => box.width < 40 || box.height < 40)
      .map(({ el, box }) => `${el.tagName.toLowerCase()} "${el.innerText.trim() || el.getAttribute('aria-label')}" ${Math.round(box.width)}×${Math.round(box.height)}`), onScreenOnly);
