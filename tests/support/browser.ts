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
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { PASSWORD, type TestTenant } from './db.js';

/** The built studio: `STUDIO_DIST` if set, else `apps/studio/dist` (which `npm test` builds first). */
export const STUDIO_DIST = process.env['STUDIO_DIST'] ? resolve(process.env['STUDIO_DIST']) : fileURLToPath(new URL('../../apps/studio/dist', import.meta.url));

/** Where the tests save screenshots (ignored by git). */
export const SCREENSHOTS = fileURLToPath(new URL('../e2e/screenshots', import.meta.url));

export const PHONE = { width: 390, height: 844 };

/** Picks an option of an Element Plus select (its list is teleported to <body>). */
export async function chooseOption(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  await select.click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

/** Fills the sign-in form the page shows with the tenant's admin and submits it. */
export async function submitSignIn(page: Page, t: TestTenant, password = PASSWORD): Promise<void> {
  await page.locator('input[name="tenant"]').fill(t.tenant.slug);
  await page.locator('input[name="email"]').fill(t.email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Opens `path` (through the sign-in page), signs in as the tenant's admin and waits to land on `path`. */
export async function signIn(page: Page, url: string, t: TestTenant, path = '/'): Promise<void> {
  await page.goto(`${url}${path === '/' ? '/login' : path}`);
  await submitSignIn(page, t);
  await page.waitForURL((u) => u.pathname === path);
}

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
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

/**
 * A screenshot function whose files are named `<prefix><name>.png`. `animations: 'disabled'` finishes CSS
 * transitions first, so a screenshot never catches a half-faded highlight.
 */
export const screenshotter =
  (prefix = '') =>
  (page: Page, name: string, fullPage = true) =>
    page.screenshot({ path: join(SCREENSHOTS, `${prefix}${name}.png`), fullPage, animations: 'disabled' });

export const scrollWidth = (page: Page) => page.evaluate(() => document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY);

/**
 * Visible buttons and links smaller than a fingertip (40 × 40 CSS pixels), described for the failure message.
 * `onScreenOnly` leaves out those scrolled out of view sideways (board columns), which nobody can tap.
 */
export const smallTouchTargets = (page: Page, onScreenOnly = false) =>
  page.evaluate(async (onScreen) => {
    // Measure at rest: a dialog still zooming in has every button a little smaller than it will be.
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    return Array.from(document.querySelectorAll<HTMLElement>('button, a[href], [role="button"], [role="menuitem"]'))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ el, box }) => box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden')
      .filter(({ box }) => !onScreen || (box.right > 0 && box.left < window.innerWidth))
      .filter(({ box }) => box.width < 40 || box.height < 40)
      .map(
        ({ el, box }) =>
          `${el.tagName.toLowerCase()} "${el.innerText.trim() || el.getAttribute('aria-label')}" ${Math.round(box.width)}×${Math.round(box.height)}`,
      );
  }, onScreenOnly);

/**
 * Placeholders cut short: an empty input's or textarea's placeholder wider than the room inside it, or an
 * Element Plus select's placeholder that overflows (it ellipsises), described for the failure message.
 */
export const clippedPlaceholders = (page: Page) =>
  page.evaluate(() => {
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const measure = document.createElement('canvas').getContext('2d')!;
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[placeholder], textarea[placeholder]'))) {
      if (!el.placeholder || el.value || !visible(el)) continue;
      const style = getComputedStyle(el);
      measure.font = style.font;
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const needed = measure.measureText(el.placeholder).width;
      if (needed > room + 0.5) out.push(`"${el.placeholder}" needs ${Math.ceil(needed)}px, has ${Math.floor(room)}px`);
    }
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.el-select__placeholder.is-transparent'))) {
      if (visible(el) && el.scrollWidth > el.clientWidth) out.push(`"${el.innerText.trim()}" needs ${el.scrollWidth}px, has ${el.clientWidth}px`);
    }
    return out;
  });

/**
 * Rounded corners painted over: a descendant with a background that fills a bordered, rounded box's corner with
 * a smaller radius than the box's inner one (its radius less its border) hides the border's curve there, as a
 * square-cornered last row does at the bottom of a card. Boxes that clip their content are left out.
 */
export const cornersPaintedOver = (page: Page) =>
  page.evaluate(() => {
    const painted = (el: Element) => {
      const parts = getComputedStyle(el).backgroundColor.match(/[\d.]+/g) ?? [];
      return parts.length === 3 || (parts.length === 4 && parseFloat(parts[3]!) > 0);
    };
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${Array.from(el.classList, (c) => `.${c}`).join('')}`;
    const out: string[] = [];
    for (const box of Array.from(document.body.querySelectorAll('*'))) {
      const style = getComputedStyle(box);
      const rect = box.getBoundingClientRect();
      if (style.overflow !== 'visible' || rect.width === 0 || rect.height === 0) continue;
      const corners = [
        { name: 'top-left', radius: 'borderTopLeftRadius', x: rect.left + parseFloat(style.borderLeftWidth), y: rect.top + parseFloat(style.borderTopWidth) },
        {
          name: 'top-right',
          radius: 'borderTopRightRadius',
          x: rect.right - parseFloat(style.borderRightWidth),
          y: rect.top + parseFloat(style.borderTopWidth),
        },
        {
          name: 'bottom-left',
          radius: 'borderBottomLeftRadius',
          x: rect.left + parseFloat(style.borderLeftWidth),
          y: rect.bottom - parseFloat(style.borderBottomWidth),
        },
        {
          name: 'bottom-right',
          radius: 'borderBottomRightRadius',
          x: rect.right - parseFloat(style.borderRightWidth),
          y: rect.bottom - parseFloat(style.borderBottomWidth),
        },
      ] as const;
      for (const corner of corners) {
        const border = corner.name.includes('top') ? parseFloat(style.borderTopWidth) : parseFloat(style.borderBottomWidth);
        const inner = parseFloat(style[corner.radius]) - border;
        if (!(border > 0) || !(inner > 1)) continue;
        for (const el of Array.from(box.querySelectorAll('*'))) {
          const r = el.getBoundingClientRect();
          const atX = Math.abs((corner.name.endsWith('left') ? r.left : r.right) - corner.x) < 1;
          const atY = Math.abs((corner.name.startsWith('top') ? r.top : r.bottom) - corner.y) < 1;
          if (!atX || !atY || r.width === 0 || !painted(el)) continue;
          if (parseFloat(getComputedStyle(el)[corner.radius]) < inner - 0.5) out.push(`${describe(el)} covers the ${corner.name} corner of ${describe(box)}`);
        }
      }
    }
    return out;
  });
