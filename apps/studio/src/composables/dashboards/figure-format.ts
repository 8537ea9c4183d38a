/**
 * How a dashboard writes its figures, in the page's language: counts and numbers, money in the reporting
 * currency (whole units on charts), shares as percentages, durations in days, and date buckets (a month,
 * a quarter) as their period's name rather than its first day.
 */
export interface FigureFormat {
  number(value: number | null | undefined): string;
  money(value: number | null | undefined): string;
  percent(value: number | null | undefined): string;
  days(value: number | null | undefined): string;
  /** A bucket's first day (YYYY-MM-DD) as the bucket: "Mar 2026", "Q1 2026", "2026". */
  bucket(start: string, bucket: string | null): string;
}

const intlOf = (locale: string) => (locale === 'zh' ? 'zh-CN' : 'en-US');

export function figureFormat(locale: string, currency: string, words: { days: (n: string) => string; none: string }): FigureFormat {
  const intl = intlOf(locale);
  const count = new Intl.NumberFormat(intl, { maximumFractionDigits: 2 });
  const money = new Intl.NumberFormat(intl, { style: 'currency', currency: currency || 'USD', maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(intl, { style: 'percent', maximumFractionDigits: 1 });
  const days = new Intl.NumberFormat(intl, { maximumFractionDigits: 1 });
  const month = new Intl.DateTimeFormat(intl, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat(intl, { dateStyle: 'medium', timeZone: 'UTC' });
  const given = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  return {
    number: (v) => (given(v) ? count.format(v) : words.none),
    money: (v) => (given(v) ? money.format(v) : words.none),
    percent: (v) => (given(v) ? percent.format(v) : words.none),
    days: (v) => (given(v) ? words.days(days.format(v)) : words.none),
    bucket(start, bucket) {
      const d = new Date(`${start.slice(0, 10)}T00:00:00Z`);
      if (Number.isNaN(d.getTime())) return start;
      const year = d.getUTCFullYear();
      if (bucket === 'year' || bucket === 'fiscal_year') return locale === 'zh' ? `${year}年` : String(year);
      if (bucket === 'quarter' || bucket === 'fiscal_quarter') {
        const q = Math.floor(d.getUTCMonth() / 3) + 1;
        return locale === 'zh' ? `${year}年第${q}季度` : `Q${q} ${year}`;
      }
      if (bucket === 'month') return month.format(d);
      return day.format(d);
    },
  };
}
