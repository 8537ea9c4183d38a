/**
 * Drill-down: the json-logic over an object's own fields that selects exactly the records behind one number
 * of a result (a report row, subtotal or total; a win-rate bar; a forecast period), so the record list opened
 * with it counts what was clicked. Built from the same conditions the figure's SQL used: the report's filter
 * (periods resolved), the dashboard's global filters and the cell's group values, a date bucket becoming its
 * half-open range. Paths read through a lookup (`account.industry`) have no list filter: such cells get none.
 */
import { variablesOf } from '@funnelcraft/expressions';
import type { ReportBucket, ReportGroup } from '@funnelcraft/definitions';

const v = (name: string) => ({ var: name });

/** All of the parts (undefined ones left out); undefined when no part is left. */
export function allOf(...parts: unknown[]): unknown {
  const kept = parts.filter((p) => p !== undefined && p !== null && p !== true);
  return kept.length === 0 ? undefined : kept.length === 1 ? kept[0] : { and: kept };
}

/** Whether a list filter can say what this logic says: only the object's own fields. */
export const ownFieldsOnly = (logic: unknown): boolean => logic === undefined || [...variablesOf(logic)].every((n) => !n.includes('.'));

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n)).toISOString().slice(0, 10);
};
export const addMonthsTo = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate())).toISOString().slice(0, 10);
};

const BUCKET_END: Record<ReportBucket, (start: string) => string> = {
  day: (s) => addDays(s, 1),
  week: (s) => addDays(s, 7),
  month: (s) => addMonthsTo(s, 1),
  quarter: (s) => addMonthsTo(s, 3),
  fiscal_quarter: (s) => addMonthsTo(s, 3),
  year: (s) => addMonthsTo(s, 12),
  fiscal_year: (s) => addMonthsTo(s, 12),
};

/** `field` within [start, end) of days; a datetime field compared with the days' UTC midnights. */
export function dayRange(field: string, datetime: boolean, start: string, end: string): unknown {
  const at = (day: string) => (datetime ? `${day}T00:00:00.000Z` : day);
  return { and: [{ '>=': [v(field), at(start)] }, { '<': [v(field), at(end)] }] };
}

/** The condition one group cell stands for; undefined when it reads through a lookup. */
export function groupCondition(g: ReportGroup, value: unknown): unknown {
  if (g.ref.via) return undefined;
  const name = g.ref.path;
  if (value === null || value === undefined) return { '==': [v(name), null] };
  if (g.bucket) {
    const start = String(value).slice(0, 10);
    return dayRange(name, g.ref.valueType === 'datetime', start, BUCKET_END[g.bucket](start));
  }
  return { '==': [v(name), value] };
}

/** The drill of a result row: the filter, then a condition per group cell present; undefined when one has none. */
export function rowDrill(base: unknown, groups: readonly ReportGroup[], values: readonly unknown[]): unknown {
  if (!ownFieldsOnly(base)) return undefined;
  const conds = values.map((value, i) => groupCondition(groups[i]!, value));
  if (conds.some((c) => c === undefined)) return undefined;
  return allOf(base, ...conds) ?? true;
}
