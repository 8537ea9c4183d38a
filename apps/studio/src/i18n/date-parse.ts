/**
 * Dates and times as people type them, read back into the API's values: a calendar date (`YYYY-MM-DD`) or an
 * instant (ISO 8601, from the browser's local time). Accepted in both languages: ISO (2026-12-20), year first
 * with / or . (2026/12/20), and everything formatting.ts writes. English adds month first (12/20/2026, 12/20/26)
 * and month names (Dec 20 2026, December 20, 2026, 20 Dec 2026); Chinese adds 2026年12月20日. Times: 14:30,
 * 2:30 PM, 下午2:30, 14点30分. A date that does not exist (2026-02-30) is not read. Null means "not a date".
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface Day {
  year: number;
  month: number;
  day: number;
}

/** Full-width digits and punctuation (a Chinese keyboard) as ASCII; runs of spaces (U+202F from Intl too) as one. */
function normalise(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[：]/g, ':')
    .replace(/[，]/g, ',')
    .replace(/[／]/g, '/')
    .replace(/[－]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function day(year: number, month: number, dayOfMonth: number): Day | null {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > daysIn(year, month)) return null;
  return { year, month, day: dayOfMonth };
}

const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

function monthOf(name: string): number {
  const i = MONTHS.indexOf(name.toLowerCase().replace(/\.$/, '').slice(0, 3));
  // "Sept" and whole names are fine; an unknown word is not a month.
  return i >= 0 && /^[a-z]+\.?$/i.test(name) ? i + 1 : 0;
}

type DateReader = (text: string) => Day | null;

const YEAR_FIRST: DateReader = (s) => {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  return m ? day(Number(m[1]), Number(m[2]), Number(m[3])) : null;
};
const CHINESE: DateReader = (s) => {
  const m = /^(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]?$/.exec(s);
  return m ? day(Number(m[1]), Number(m[2]), Number(m[3])) : null;
};
const MONTH_FIRST: DateReader = (s) => {
  const m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})$/.exec(s);
  return m ? day(fullYear(m[3]!), Number(m[1]), Number(m[2])) : null;
};
const MONTH_NAME: DateReader = (s) => {
  // Dec 20 2026, Dec 20, 2026, December 20th, 2026, Sun, Dec 20, 2026
  const first = /^(?:[a-z]+\.?,? )?([a-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/i.exec(s);
  if (first) return day(Number(first[3]), monthOf(first[1]!), Number(first[2]));
  // 20 Dec 2026
  const dayFirst = /^(\d{1,2}) ([a-z]+\.?),? (\d{4})$/i.exec(s);
  return dayFirst ? day(Number(dayFirst[3]), monthOf(dayFirst[2]!), Number(dayFirst[1])) : null;
};

/** The ways each language writes a date, beyond ISO and year-first which both read. */
const READERS: Record<string, DateReader[]> = {
  en: [YEAR_FIRST, MONTH_FIRST, MONTH_NAME, CHINESE],
  zh: [YEAR_FIRST, CHINESE, MONTH_NAME],
};

function readDay(text: string, locale: string): Day | null {
  for (const read of READERS[locale] ?? READERS['en']!) {
    const found = read(text);
    if (found) return found;
  }
  return null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Day) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

/** A typed calendar date as `YYYY-MM-DD`, or null when it is not one. */
export function parseDate(text: string, locale: string): string | null {
  const s = normalise(text);
  const found = readDay(s, locale);
  return found ? iso(found) : null;
}

interface Time {
  hour: number;
  minute: number;
}

// A time at the end: "14:30", "2:30 PM", "2:30 p.m.", "下午2:30", "14点30分", "14点"; after a space, a comma or ISO's T.
const TIME = /(?:^|[ ,T]|(?<=[日号]))(上午|中午|下午|晚上|凌晨)? ?(\d{1,2})(?::(\d{2})(?::\d{2})?|点(?:(\d{1,2})分?)?)(?: ?([ap])\.?m\.?)?$/i;

function readTime(match: RegExpExecArray): Time | null {
  let hour = Number(match[2]);
  const minute = Number(match[3] ?? match[4] ?? 0);
  const half = match[5]?.toLowerCase() ?? (match[1] && ['下午', '晚上'].includes(match[1]) ? 'p' : match[1] ? 'a' : undefined);
  if (half) {
    if (hour < 1 || hour > 12) return match[1] === '中午' && hour === 12 ? { hour, minute } : null;
    if (half === 'p' && hour < 12) hour += 12;
    if (half === 'a' && hour === 12 && match[1] !== '中午') hour = 0;
  }
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

/**
 * A typed date and time as an ISO instant, read in the browser's time zone; a date alone is its midnight. A full
 * ISO instant with its own offset (2026-12-20T14:30:00Z) is taken as it is.
 */
export function parseDateTime(text: string, locale: string): string | null {
  const s = normalise(text);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    const instant = new Date(s);
    return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
  }
  const timeMatch = TIME.exec(s);
  const time = timeMatch ? readTime(timeMatch) : { hour: 0, minute: 0 };
  if (!time) return null;
  const datePart = timeMatch ? s.slice(0, timeMatch.index).replace(/[ ,T]+$/, '') : s;
  const found = readDay(datePart, locale);
  if (!found) return null;
  return new Date(found.year, found.month - 1, found.day, time.hour, time.minute).toISOString();
}
