import { describe, expect, it } from 'vitest';
import { parseDate, parseDateTime } from './date-parse';
import { formatDate, formatDateTime, formatLongDate, formatMoney, formatNumber, formatTime } from './formatting';

// Intl puts a narrow no-break space before AM/PM: compare with plain spaces.
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('formatting dates and times', () => {
  it('writes a calendar date as the same day in every time zone', () => {
    expect(formatDate('en', '2026-12-20')).toBe('Dec 20, 2026');
    expect(formatDate('zh', '2026-12-20')).toBe('2026年12月20日');
    expect(formatDate('en', '2026-01-01', 'America/Los_Angeles')).toBe('Jan 1, 2026');
    expect(formatLongDate('zh', '2026-12-20')).toBe('2026年12月20日星期日');
  });

  it('writes an instant in the given time zone, one format with and without the time', () => {
    const at = '2026-12-20T20:38:00.000Z';
    expect(plain(formatDateTime('en', at, 'UTC'))).toBe('Dec 20, 2026, 8:38 PM');
    expect(formatDateTime('zh', at, 'UTC')).toBe('2026年12月20日 20:38');
    expect(formatDateTime('zh', at, 'Asia/Shanghai')).toBe('2026年12月21日 04:38');
    expect(formatDate('en', at, 'UTC')).toBe('Dec 20, 2026');
    expect(plain(formatTime('en', at, 'UTC'))).toBe('8:38 PM');
    expect(formatTime('zh', at, 'UTC')).toBe('20:38');
  });

  it('leaves empty values empty and unreadable ones as they are', () => {
    expect(formatDate('en', null)).toBe('');
    expect(formatDate('en', '')).toBe('');
    expect(formatDateTime('en', 'soon')).toBe('soon');
  });

  it('writes numbers and money in the language', () => {
    expect(formatNumber('en', 12500.5)).toBe('12,500.5');
    expect(formatMoney('en', 12500, 'USD')).toBe('$12,500.00');
    expect(formatMoney('zh', 12500, 'CNY', true)).toBe('¥12,500');
    expect(formatMoney('en', 12500, null, true)).toBe('$12,500');
  });
});

describe('reading typed dates', () => {
  it('reads ISO and year-first dates in both languages', () => {
    for (const locale of ['en', 'zh']) {
      expect(parseDate('2026-12-20', locale)).toBe('2026-12-20');
      expect(parseDate(' 2026/12/20 ', locale)).toBe('2026-12-20');
      expect(parseDate('2026.1.5', locale)).toBe('2026-01-05');
      expect(parseDate('Dec 20 2026', locale)).toBe('2026-12-20');
    }
  });

  it('reads the English ways: month first, month names, with or without commas', () => {
    expect(parseDate('12/20/2026', 'en')).toBe('2026-12-20');
    expect(parseDate('1/5/26', 'en')).toBe('2026-01-05');
    expect(parseDate('Dec 20, 2026', 'en')).toBe('2026-12-20');
    expect(parseDate('December 20th, 2026', 'en')).toBe('2026-12-20');
    expect(parseDate('Sept. 3 2026', 'en')).toBe('2026-09-03');
    expect(parseDate('20 Dec 2026', 'en')).toBe('2026-12-20');
    expect(parseDate('Sunday, December 20, 2026', 'en')).toBe('2026-12-20');
  });

  it('reads the Chinese ways, with full-width digits too', () => {
    expect(parseDate('2026年12月20日', 'zh')).toBe('2026-12-20');
    expect(parseDate('2026 年 1 月 5 日', 'zh')).toBe('2026-01-05');
    expect(parseDate('２０２６年１２月２０号', 'zh')).toBe('2026-12-20');
    expect(parseDate('２０２６／１２／２０', 'zh')).toBe('2026-12-20');
  });

  it('reads back every date it writes', () => {
    for (const locale of ['en', 'zh']) for (const d of ['2026-12-20', '2027-02-28', '2028-02-29']) expect(parseDate(formatDate(locale, d), locale)).toBe(d);
  });

  it('refuses what is not a date, and days that do not exist', () => {
    for (const text of ['', 'tomorrow', '2026-02-30', '2026-13-01', '13/20/2026', 'Foo 20 2026', '2026/12', '12/20']) expect(parseDate(text, 'en')).toBeNull();
    // Month first is an English habit: ambiguous in Chinese.
    expect(parseDate('12/20/2026', 'zh')).toBeNull();
    expect(parseDate('2026年2月30日', 'zh')).toBeNull();
  });
});

describe('reading typed dates and times', () => {
  const local = (...parts: [number, number, number, number?, number?]) =>
    new Date(parts[0], parts[1] - 1, parts[2], parts[3] ?? 0, parts[4] ?? 0).toISOString();

  it('reads a date and a time in the local time zone', () => {
    expect(parseDateTime('2026-12-20 14:30', 'en')).toBe(local(2026, 12, 20, 14, 30));
    expect(parseDateTime('2026-12-20T14:30', 'zh')).toBe(local(2026, 12, 20, 14, 30));
    expect(parseDateTime('12/20/2026 2:30 PM', 'en')).toBe(local(2026, 12, 20, 14, 30));
    expect(parseDateTime('Dec 20, 2026, 12:05 a.m.', 'en')).toBe(local(2026, 12, 20, 0, 5));
    expect(parseDateTime('2026年12月20日 14:30', 'zh')).toBe(local(2026, 12, 20, 14, 30));
    expect(parseDateTime('2026年12月20日下午2:30', 'zh')).toBe(local(2026, 12, 20, 14, 30));
    expect(parseDateTime('2026/12/20 9点15分', 'zh')).toBe(local(2026, 12, 20, 9, 15));
    expect(parseDateTime('２０２６年１２月２０日 １４：３０', 'zh')).toBe(local(2026, 12, 20, 14, 30));
  });

  it('takes a date alone as its midnight, and an ISO instant as it is', () => {
    expect(parseDateTime('12/20/2026', 'en')).toBe(local(2026, 12, 20));
    expect(parseDateTime('2026-12-20T14:30:00Z', 'en')).toBe('2026-12-20T14:30:00.000Z');
    expect(parseDateTime('2026-12-20T14:30:00+08:00', 'zh')).toBe('2026-12-20T06:30:00.000Z');
  });

  it('reads back every date and time it writes', () => {
    const at = local(2026, 12, 20, 20, 38);
    for (const locale of ['en', 'zh']) expect(parseDateTime(formatDateTime(locale, at), locale)).toBe(at);
  });

  it('refuses times that do not exist and text that is no date', () => {
    for (const text of ['2026-12-20 25:00', '2026-12-20 14:60', '12/20/2026 13:00 PM', '14:30', 'soon']) expect(parseDateTime(text, 'en')).toBeNull();
  });
});
