/**
 * Report widgets by chart kind: bars, stacked bars and lines over the first group (series by the second), pies
 * and funnels of the first group, a matrix of the two groups, a table of every row, subtotal and total, and a
 * single figure. The value charted is the report's first measure (its others go in the tooltip); every point
 * and cell carries its row's list filter, so a click opens exactly the records it counts.
 */
import type { ReportColumn, ReportResult, ReportRow, WidgetResult } from './dashboard-api';
import {
  formatValue,
  measureFormat,
  toNumber,
  type ChartPoint,
  type ChartView,
  type TableCell,
  type TableView,
  type ViewBuilder,
  type ViewEnv,
  type WidgetView,
} from './widget-view';

interface Parts {
  r: ReportResult;
  groups: ReportColumn[];
  measures: ReportColumn[];
}

const partsOf = (w: WidgetResult): Parts => {
  const r = w.report!;
  return { r, groups: r.columns.filter((c) => c.role === 'group'), measures: r.columns.filter((c) => c.role === 'measure') };
};

const keyOf = (v: unknown) => JSON.stringify(v ?? null);

function detailOf(row: ReportRow, measures: ReportColumn[], env: ViewEnv): string {
  return measures
    .map((m, i) => `${env.label(m.label, m.key)}${env.t('common.labelSeparator')}${formatValue(env.format, measureFormat(m), row.values[i])}`)
    .join('\n');
}

const pointOf = (row: ReportRow, name: string, p: Parts, env: ViewEnv): ChartPoint => ({
  name,
  value: toNumber(row.values[0]),
  drill: row.drill,
  detail: detailOf(row, p.measures, env),
});

/** The rows of the first group alone: the rows of a one-group report, the subtotals of a two-group one. */
function firstGroupRows(p: Parts): ReportRow[] {
  if (p.groups.length < 2) return p.r.rows;
  return p.r.subtotals.length ? p.r.subtotals : [];
}

function onePerRow(w: WidgetResult, env: ViewEnv, type: 'pie' | 'funnel'): WidgetView {
  const p = partsOf(w);
  const rows = p.groups.length ? firstGroupRows(p) : p.r.total ? [p.r.total] : [];
  const points = rows.map((row) => pointOf(row, p.groups[0] ? env.cellLabel(p.groups[0], row.groups[0]!) : env.t('dashboards.total'), p, env));
  const measure = p.measures[0];
  return {
    kind: 'chart',
    type,
    stacked: false,
    categories: points.map((x) => x.name),
    series: [{ name: measure ? env.label(measure.label, measure.key) : '', points }],
    format: measureFormat(measure),
  };
}

function axisChart(w: WidgetResult, env: ViewEnv, type: 'bar' | 'line', stacked: boolean): ChartView {
  const p = partsOf(w);
  const [g0, g1] = p.groups;
  const measure = p.measures[0];
  const base = { kind: 'chart' as const, type, stacked, format: measureFormat(measure) };
  const measureName = measure ? env.label(measure.label, measure.key) : '';
  if (!g0) {
    const total = p.r.total ? [pointOf(p.r.total, env.t('dashboards.total'), p, env)] : [];
    return { ...base, categories: total.map((x) => x.name), series: [{ name: measureName, points: total }] };
  }
  // Categories and series in the order the report sorted its rows.
  const categories = new Map<string, string>();
  for (const row of p.r.rows) if (!categories.has(keyOf(row.groups[0]?.value))) categories.set(keyOf(row.groups[0]?.value), env.cellLabel(g0, row.groups[0]!));
  if (!g1)
    return {
      ...base,
      categories: [...categories.values()],
      series: [{ name: measureName, points: p.r.rows.map((row) => pointOf(row, env.cellLabel(g0, row.groups[0]!), p, env)) }],
    };
  const seriesNames = new Map<string, string>();
  for (const row of p.r.rows)
    if (!seriesNames.has(keyOf(row.groups[1]?.value))) seriesNames.set(keyOf(row.groups[1]?.value), env.cellLabel(g1, row.groups[1]!));
  const byCell = new Map(p.r.rows.map((row) => [`${keyOf(row.groups[0]?.value)}|${keyOf(row.groups[1]?.value)}`, row]));
  const series = [...seriesNames].map(([sk, name]) => ({
    name,
    points: [...categories].map(([ck, cname]) => {
      const row = byCell.get(`${ck}|${sk}`);
      return row ? pointOf(row, cname, p, env) : { name: cname, value: 0, drill: null };
    }),
  }));
  return { ...base, categories: [...categories.values()], series };
}

const measureCells = (row: ReportRow, p: Parts, env: ViewEnv): TableCell[] =>
  p.measures.map((m, i) => ({ text: formatValue(env.format, measureFormat(m), row.values[i]), drill: row.drill, numeric: true }));

/** Every row, each first group's subtotal after its rows, then the total. */
function table(w: WidgetResult, env: ViewEnv): TableView {
  const p = partsOf(w);
  const head = [...p.groups.map((g) => env.columnLabel(g)), ...p.measures.map((m) => env.label(m.label, m.key))];
  const subtotalOf = new Map(p.r.subtotals.map((s) => [keyOf(s.groups[0]?.value), s]));
  const out: TableView['rows'] = [];
  p.r.rows.forEach((row, i) => {
    out.push({ level: 'row', cells: [...p.groups.map((g, j) => ({ text: env.cellLabel(g, row.groups[j]!) })), ...measureCells(row, p, env)] });
    const k = keyOf(row.groups[0]?.value);
    const sub = subtotalOf.get(k);
    if (sub && keyOf(p.r.rows[i + 1]?.groups[0]?.value) !== k)
      out.push({
        level: 'subtotal',
        cells: [
          { text: env.cellLabel(p.groups[0]!, sub.groups[0]!), head: true },
          ...p.groups.slice(1).map(() => ({ text: env.t('dashboards.subtotal'), head: true })),
          ...measureCells(sub, p, env),
        ],
      });
  });
  if (p.r.total)
    out.push({
      level: 'total',
      cells: [...p.groups.map((_, j) => ({ text: j === 0 ? env.t('dashboards.total') : '', head: true })), ...measureCells(p.r.total, p, env)],
    });
  return { kind: 'table', head, rows: out };
}

/**
 * The second group's values in the report's order: rows come sorted by the first group, then the second, so
 * each first group's block lists its values in order; a value first met in a later block goes right after the
 * value before it there (a stage missing from the first account still lands between its neighbours).
 */
export function acrossColumns(rows: ReportRow[], labelOf: (row: ReportRow) => string): Map<string, string> {
  const order: string[] = [];
  const labels = new Map<string, string>();
  let block: string | undefined;
  let previous: string | undefined;
  for (const row of rows) {
    const b = keyOf(row.groups[0]?.value);
    if (b !== block) [block, previous] = [b, undefined];
    const k = keyOf(row.groups[1]?.value);
    if (!labels.has(k)) {
      labels.set(k, labelOf(row));
      order.splice(previous === undefined ? 0 : order.indexOf(previous) + 1, 0, k);
    }
    previous = k;
  }
  return new Map(order.map((k) => [k, labels.get(k)!]));
}

/** First group down, second across, the first measure in each cell; the first group's subtotals at the right. */
function matrix(w: WidgetResult, env: ViewEnv): TableView {
  const p = partsOf(w);
  const [g0, g1] = p.groups;
  if (!g0 || !g1) return table(w, env);
  const m = p.measures[0];
  const f = measureFormat(m);
  const across = acrossColumns(p.r.rows, (row) => env.cellLabel(g1, row.groups[1]!));
  const down = new Map<string, string>();
  for (const row of p.r.rows) if (!down.has(keyOf(row.groups[0]?.value))) down.set(keyOf(row.groups[0]?.value), env.cellLabel(g0, row.groups[0]!));
  const byCell = new Map(p.r.rows.map((row) => [`${keyOf(row.groups[0]?.value)}|${keyOf(row.groups[1]?.value)}`, row]));
  const subtotalOf = new Map(p.r.subtotals.map((s) => [keyOf(s.groups[0]?.value), s]));
  const withTotals = p.r.subtotals.length > 0;
  const cell = (row: ReportRow | undefined): TableCell =>
    row ? { text: formatValue(env.format, f, row.values[0]), drill: row.drill, numeric: true } : { text: '', numeric: true };
  const head = [`${env.columnLabel(g0)} / ${env.columnLabel(g1)}`, ...across.values(), ...(withTotals ? [env.t('dashboards.total')] : [])];
  const rows: TableView['rows'] = [...down].map(([dk, name]) => ({
    level: 'row',
    cells: [{ text: name, head: true }, ...[...across.keys()].map((ak) => cell(byCell.get(`${dk}|${ak}`))), ...(withTotals ? [cell(subtotalOf.get(dk))] : [])],
  }));
  if (p.r.total && withTotals)
    rows.push({ level: 'total', cells: [{ text: env.t('dashboards.total'), head: true }, ...[...across.keys()].map(() => cell(undefined)), cell(p.r.total)] });
  return { kind: 'table', head, rows };
}

function figures(w: WidgetResult, env: ViewEnv): WidgetView {
  const p = partsOf(w);
  const row = p.r.total ?? p.r.rows[0];
  return {
    kind: 'figures',
    figures: p.measures.map((m, i) => ({
      label: env.label(m.label, m.key),
      text: formatValue(env.format, measureFormat(m), row?.values[i]),
      drill: row?.drill ?? null,
    })),
  };
}

export const REPORT_VIEWS: Record<string, ViewBuilder> = {
  bar: (w, env) => axisChart(w, env, 'bar', false),
  stacked_bar: (w, env) => axisChart(w, env, 'bar', true),
  line: (w, env) => axisChart(w, env, 'line', false),
  pie: (w, env) => onePerRow(w, env, 'pie'),
  funnel: (w, env) => onePerRow(w, env, 'funnel'),
  matrix,
  table,
  number: figures,
};
