/**
 * The one place the studio turns dates, times and numbers into text, in the interface language: every screen
 * (lists, record pages, board cards, the timeline, home, Setup) calls these, so a date reads the same wherever it
 * is shown ("Dec 20, 2026" / "2026年12月20日", with a time "Dec 20, 2026, 8:38 PM" / "2026年12月20日 20:38").
 * Calendar dates (`YYYY-MM-DD`, a close date) are days, not instants: they are formatted in UTC so that no time
 * zone moves them to the day before. Instants are shown in the browser's time zone (`timeZone` is for specs).
 * What the user types is read back by date-parse.ts, which accepts every format written here.
 */

const INTL_LOCALES: Record<string, string> = { en: 'en-US', zh: 'zh-CN' };

/** The BCP 47 tag of an interface language for Intl. */
export const intlLocale = (locale: string): string => INTL_LOCALES[locale] ?? 'en-US';

// Intl formatters are costly to build and a list formats hundreds of cells: one per language and style.
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(intlLocale(locale), options)));
  return f;
}
function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(intlLocale(locale), options)));
  return f;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (`YYYY-MM-DD`) as the UTC midnight that starts it; an instant as itself. */
function dateOf(value: string | Date): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const day = CALENDAR_DATE.exec(value);
  const date = day ? new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

type Value = string | Date | null | undefined;

function format(locale: string, value: Value, options: Intl.DateTimeFormatOptions, timeZone?: string): string {
  if (value === null || value === undefined || value === '') return '';
  const date = dateOf(value);
  if (!date) return String(value);
  // A calendar date is a day wherever the user is.
  const zone = typeof value === 'string' && CALENDAR_DATE.test(value) ? 'UTC' : timeZone;
  return dateTimeFormat(locale, zone ? { ...options, timeZone: zone } : options).format(date);
}

/** A day: "Dec 20, 2026" / "2026年12月20日" (a calendar date, or the local day of an instant). */
export const formatDate = (locale: string, value: Value, timeZone?: string): string => format(locale, value, { dateStyle: 'medium' }, timeZone);

/** A day and its time: "Dec 20, 2026, 8:38 PM" / "2026年12月20日 20:38". */
export const formatDateTime = (locale: string, value: Value, timeZone?: string): string =>
  format(locale, value, { dateStyle: 'medium', timeStyle: 'short' }, timeZone);

/** The time of day alone: "8:38 PM" / "20:38". */
export const formatTime = (locale: string, value: Value, timeZone?: string): string => format(locale, value, { timeStyle: 'short' }, timeZone);

/** A day with its weekday, for headings: "Sunday, December 20, 2026" / "2026年12月20日星期日". */
export const formatLongDate = (locale: string, value: Value, timeZone?: string): string => format(locale, value, { dateStyle: 'full' }, timeZone);

/** A plain number: "12,500.5" / "12,500.5". */
export const formatNumber = (locale: string, value: number, options?: Intl.NumberFormatOptions): string => numberFormat(locale, options).format(value);

/** An amount of money: "$12,500.00" / "US$12,500.00"; `whole` drops the cents (totals, home). */
export const formatMoney = (locale: string, amount: number, currency: string | null | undefined, whole = false): string =>
  numberFormat(locale, { style: 'currency', currency: currency || 'USD', ...(whole ? { maximumFractionDigits: 0 } : {}) }).format(amount);

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
];

/** How long ago (or ahead) an instant is: "2 days ago" / "2天前". */
export function formatRelative(locale: string, value: string | Date, now: Date = new Date()): string {
  const date = dateOf(value);
  if (!date) return '';
  const diff = (date.getTime() - now.getTime()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto' });
  for (const [unit, seconds] of RELATIVE_UNITS) if (Math.abs(diff) >= seconds) return rtf.format(Math.round(diff / seconds), unit);
  return rtf.format(Math.round(diff), 'second');
}
