/**
 * Relative periods in report filters: `{"in_period": [{"var": "closedOn"}, "last_quarter"]}` is rewritten,
 * when the report runs, into a plain range `{"and": [{">=": [x, start]}, {"<": [x, end]}]}` over ISO dates
 * computed from the run's day, so the SQL back end only ever sees ordinary comparisons with bound values.
 */

export const NAMED_PERIODS = [
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
  'this_fiscal_quarter',
  'last_fiscal_quarter',
  'this_fiscal_year',
  'last_fiscal_year',
] as const;
export type NamedPeriod = (typeof NAMED_PERIODS)[number];
export type PeriodUnit = 'day' | 'week' | 'month';
/** A named period, or the last/next N days, weeks or months counted from the run's day (today included). */
export type PeriodSpec = NamedPeriod | { last: number; unit?: PeriodUnit } | { next: number; unit?: PeriodUnit };

export const PERIOD_OPERATOR = 'in_period';

/** A half-open range of days [start, end), as ISO dates. */
export interface DayRange {
  start: string;
  end: string;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d = 1) => new Date(Date.UTC(y, m, d));
const addDays = (d: Date, n: number) => utc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n);
const addMonths = (d: Date, n: number) => utc(d.getUTCFullYear(), d.getUTCMonth() + n, 1);

/** Start of the block of `months` months containing `day`, blocks aligned on the fiscal year's first month. */
function blockStart(day: Date, months: number, fiscalStartMonth: number): Date {
  const offset = fiscalStartMonth - 1;
  const index = day.getUTCFullYear() * 12 + day.getUTCMonth() - offset;
  const start = Math.floor(index / months) * months + offset;
  return utc(Math.floor(start / 12), start % 12);
}

/** Why a period spec is not one, or undefined. */
export function periodProblem(spec: unknown): string | undefined {
  if (typeof spec === 'string')
    return (NAMED_PERIODS as readonly string[]).includes(spec)
      ? undefined
      : `unknown period "${spec}"; periods: ${NAMED_PERIODS.join(', ')}, {last: N, unit}, {next: N, unit}`;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return 'a period is a name or {last: N, unit} / {next: N, unit}';
  const s = spec as Record<string, unknown>;
  const n = s['last'] ?? s['next'];
  const keys = Object.keys(s).filter((k) => k !== 'unit');
  if (keys.length !== 1 || !['last', 'next'].includes(keys[0]!)) return 'a period object has "last" or "next" (and "unit")';
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 3660) return `"${keys[0]}" must be a whole number from 1 to 3660`;
  if (s['unit'] !== undefined && !['day', 'week', 'month'].includes(s['unit'] as string)) return 'unit is day, week or month';
  return undefined;
}

/** The days a period covers, seen from `today` (an ISO date). */
export function periodRange(spec: PeriodSpec, today: string, fiscalStartMonth = 1): DayRange {
  const day = new Date(`${today}T00:00:00Z`);
  const block = (months: number, fiscal: boolean, back: number): DayRange => {
    const start = addMonths(blockStart(day, months, fiscal ? fiscalStartMonth : 1), -back * months);
    return { start: iso(start), end: iso(addMonths(start, months)) };
  };
  if (typeof spec === 'object') {
    const unit = spec.unit ?? 'day';
    const n = 'last' in spec ? spec.last : spec.next;
    const span = (from: Date, count: number) =>
      unit === 'month' ? utc(from.getUTCFullYear(), from.getUTCMonth() + count, from.getUTCDate()) : addDays(from, count * (unit === 'week' ? 7 : 1));
    return 'last' in spec ? { start: iso(span(addDays(day, 1), -n)), end: iso(addDays(day, 1)) } : { start: iso(day), end: iso(span(day, n)) };
  }
  const monday = addDays(day, -((day.getUTCDay() + 6) % 7));
  switch (spec) {
    case 'today':
      return { start: iso(day), end: iso(addDays(day, 1)) };
    case 'yesterday':
      return { start: iso(addDays(day, -1)), end: iso(day) };
    case 'this_week':
      return { start: iso(monday), end: iso(addDays(monday, 7)) };
    case 'last_week':
      return { start: iso(addDays(monday, -7)), end: iso(monday) };
    case 'this_month':
      return block(1, false, 0);
    case 'last_month':
      return block(1, false, 1);
    case 'this_quarter':
      return block(3, false, 0);
    case 'last_quarter':
      return block(3, false, 1);
    case 'this_year':
      return block(12, false, 0);
    case 'last_year':
      return block(12, false, 1);
    case 'this_fiscal_quarter':
      return block(3, true, 0);
    case 'last_fiscal_quarter':
      return block(3, true, 1);
    case 'this_fiscal_year':
      return block(12, true, 0);
    case 'last_fiscal_year':
      return block(12, true, 1);
  }
}

/** The filter with every `in_period` replaced by its range as of `today`; other nodes are kept as they are. */
export function resolvePeriods(logic: unknown, today: string, fiscalStartMonth = 1): unknown {
  if (Array.isArray(logic)) return logic.map((x) => resolvePeriods(x, today, fiscalStartMonth));
  if (!logic || typeof logic !== 'object') return logic;
  const entries = Object.entries(logic as Record<string, unknown>);
  if (entries.length === 1 && entries[0]![0] === PERIOD_OPERATOR) {
    const [subject, spec] = entries[0]![1] as [unknown, PeriodSpec];
    const r = periodRange(spec, today, fiscalStartMonth);
    const x = resolvePeriods(subject, today, fiscalStartMonth);
    return { and: [{ '>=': [x, r.start] }, { '<': [x, r.end] }] };
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolvePeriods(v, today, fiscalStartMonth)]));
}

/** Problems with the `in_period` nodes of a filter (their shape and period), with their paths. */
export function periodProblems(logic: unknown, path: string, out: { path: string; message: string }[]): void {
  if (Array.isArray(logic)) return logic.forEach((x, i) => periodProblems(x, `${path}[${i}]`, out));
  if (!logic || typeof logic !== 'object') return;
  for (const [k, v] of Object.entries(logic as Record<string, unknown>)) {
    if (k === PERIOD_OPERATOR) {
      if (!Array.isArray(v) || v.length !== 2) out.push({ path: `${path}.${k}`, message: 'in_period takes [value, period]' });
      else {
        const problem = periodProblem(v[1]);
        if (problem) out.push({ path: `${path}.${k}[1]`, message: problem });
        periodProblems(v[0], `${path}.${k}[0]`, out);
      }
    } else periodProblems(v, `${path}.${k}`, out);
  }
}
