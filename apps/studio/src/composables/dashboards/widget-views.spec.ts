import { describe, expect, it } from 'vitest';
import type { ReportColumn, ReportResult, ReportRow, WidgetResult } from './dashboard-api';
import { figureFormat } from './figure-format';
import { acrossColumns } from './report-views';
import type { ChartView, TableView, ViewEnv } from './widget-view';
import { widgetView } from './widget-views';

const format = figureFormat('en', 'USD', { days: (n) => `${n} d`, none: 'None' });
const env: ViewEnv = {
  t: (key) => (key === 'common.labelSeparator' ? ': ' : key.split('.').at(-1)!),
  label: (l, fallback) => l?.['en'] ?? fallback,
  format,
  cellLabel: (_c, cell) => cell.label ?? String(cell.value),
  columnLabel: (c) => c.label['en'] ?? c.key,
};
const col = (key: string, role: 'group' | 'measure', type = 'number'): ReportColumn => ({
  key,
  role,
  field: role === 'group' ? key : null,
  label: { en: key },
  type,
  bucket: null,
  fn: null,
});
const row = (groups: string[], values: number[], level: ReportRow['level'] = 'row'): ReportRow => ({
  level,
  groups: groups.map((g) => ({ value: g, label: g })),
  values,
  drill: { tag: { eq: `${level}:${groups.join('|')}` } },
});
const widget = (chart: string, report: Partial<ReportResult>): WidgetResult => ({
  key: 'w',
  label: { en: 'W' },
  kind: 'report',
  object: 'opportunity',
  chart,
  x: 0,
  y: 0,
  w: 6,
  h: 4,
  analytics: null,
  error: null,
  report: { object: 'opportunity', chart, currency: 'USD', columns: [], rows: [], subtotals: [], total: null, ...report },
});

const TWO = {
  columns: [col('account', 'group'), col('stage', 'group'), col('deals', 'measure'), col('amount', 'measure', 'money')],
  rows: [row(['acme', 'a'], [2, 200]), row(['acme', 'c'], [1, 100]), row(['globex', 'a'], [1, 50]), row(['globex', 'b'], [3, 300])],
  subtotals: [row(['acme'], [3, 300], 'subtotal'), row(['globex'], [4, 350], 'subtotal')],
  total: row([], [7, 650], 'total'),
};

describe('dashboard widget views', () => {
  it('orders a matrix’s columns as the report ordered them, even when the first block lacks one', () => {
    expect([...acrossColumns(TWO.rows, (r) => String(r.groups[1]!.value)).keys()]).toEqual(['"a"', '"b"', '"c"']);
  });

  it('draws a matrix with each cell’s drill, subtotals at the right and the total under them', () => {
    const v = widgetView(widget('matrix', TWO), env) as TableView;
    expect(v.head).toEqual(['account / stage', 'a', 'b', 'c', 'total']);
    expect(v.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['acme', '2', '', '1', '3'],
      ['globex', '1', '3', '', '4'],
      ['total', '', '', '', '7'],
    ]);
    expect(v.rows[1]!.cells[2]!.drill).toEqual({ tag: { eq: 'row:globex|b' } });
    expect(v.rows[2]!.cells[4]!.drill).toEqual({ tag: { eq: 'total:' } });
  });

  it('puts each subtotal after its rows in a table, money in the currency', () => {
    const v = widgetView(widget('table', TWO), env) as TableView;
    expect(v.rows.map((r) => [r.level, r.cells[0]!.text, r.cells.at(-1)!.text])).toEqual([
      ['row', 'acme', '$200'],
      ['row', 'acme', '$100'],
      ['subtotal', 'acme', '$300'],
      ['row', 'globex', '$50'],
      ['row', 'globex', '$300'],
      ['subtotal', 'globex', '$350'],
      ['total', 'total', '$650'],
    ]);
  });

  it('stacks bars by the second group, a zero with no drill where a pair has no row', () => {
    const v = widgetView(widget('stacked_bar', TWO), env) as ChartView;
    expect(v).toMatchObject({ type: 'bar', stacked: true, categories: ['acme', 'globex'] });
    expect(v.series.map((s) => [s.name, s.points.map((p) => p.value)])).toEqual([
      ['a', [2, 1]],
      ['c', [1, 0]],
      ['b', [0, 3]],
    ]);
    expect(v.series[1]!.points[1]!.drill).toBeNull();
  });

  it('draws a one-group funnel in the report’s order with every measure in the tooltip', () => {
    const one = {
      columns: [col('stage', 'group'), col('deals', 'measure'), col('amount', 'measure', 'money')],
      rows: [row(['p'], [3, 30]), row(['q'], [1, 10])],
    };
    const v = widgetView(widget('funnel', one), env) as ChartView;
    expect(v.series[0]!.points.map((p) => [p.name, p.value, p.detail])).toEqual([
      ['p', 3, 'deals: 3\namount: $30'],
      ['q', 1, 'deals: 1\namount: $10'],
    ]);
  });

  it('shows win rates as won and lost bars whose drills are the server’s', () => {
    const w: WidgetResult = {
      ...widget('bar', {}),
      kind: 'win_rate',
      report: null,
      analytics: [{ key: 'u1', label: 'Ann', won: 2, lost: 1, open: 0, rate: 2 / 3, wonAmount: 10, drill: { won: { a: 1 }, lost: { b: 1 } } }],
    };
    const v = widgetView(w, env) as ChartView;
    expect(v.series.map((s) => [s.name, s.points[0]!.value, s.points[0]!.drill])).toEqual([
      ['won', 2, { a: 1 }],
      ['lost', 1, { b: 1 }],
    ]);
  });

  it('says which widget kind has no view instead of drawing nothing', () => {
    expect(widgetView(widget('sankey', TWO), env)).toEqual({ kind: 'missing', name: 'sankey' });
  });

  it('writes buckets as periods', () => {
    expect([format.bucket('2026-03-01', 'month'), format.bucket('2026-04-01', 'quarter'), format.bucket('2026-01-01', 'year')]).toEqual([
      'Mar 2026',
      'Q2 2026',
      '2026',
    ]);
    expect(figureFormat('zh', 'USD', { days: (n) => n, none: '无' }).bucket('2026-04-01', 'quarter')).toBe('2026年第2季度');
  });
});
