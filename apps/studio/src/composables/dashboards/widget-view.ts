/**
 * What a dashboard widget shows, derived from its result: a chart (ECharts series with the list filter of
 * every point), a table (cells with their list filters) or a few figures. One builder per report chart kind
 * and per analytics figure, registered by name in widget-views.ts; this file holds the shapes they share.
 */
import type { Labels } from '../../api/operations';
import type { RecordFilter } from '../records/queries';
import type { ReportCell, ReportColumn, WidgetResult } from './dashboard-api';
import type { FigureFormat } from './figure-format';

export type ValueFormat = 'number' | 'money' | 'percent' | 'days';

export interface ChartPoint {
  name: string;
  value: number;
  /** The list filter of exactly the records behind the point; null when no list filter can say them. */
  drill: RecordFilter | null;
  /** Further figures of the point, written out (for the tooltip). */
  detail?: string;
}

export interface ChartSeries {
  name: string;
  points: ChartPoint[];
}

export interface ChartView {
  kind: 'chart';
  type: 'bar' | 'line' | 'pie' | 'funnel';
  stacked: boolean;
  /** The x axis of bars and lines (every series has one point per category). */
  categories: string[];
  series: ChartSeries[];
  format: ValueFormat;
  /** Figures under the chart (a forecast's backtest). */
  table?: TableView;
}

export interface TableCell {
  text: string;
  drill?: RecordFilter | null;
  /** A header or subtotal cell. */
  head?: boolean;
  numeric?: boolean;
}

export interface TableView {
  kind: 'table';
  head: string[];
  rows: { cells: TableCell[]; level: 'row' | 'subtotal' | 'total' }[];
}

export interface FiguresView {
  kind: 'figures';
  figures: { label: string; text: string; drill?: RecordFilter | null }[];
}

/** No builder for this widget's kind: shown as a visible notice, never silently blank. */
export interface MissingView {
  kind: 'missing';
  name: string;
}

export type WidgetView = ChartView | TableView | FiguresView | MissingView;

/** What builders need from the page: its words, labels and formats. */
export interface ViewEnv {
  t: (key: string, named?: Record<string, unknown>) => string;
  label: (labels: Labels | null | undefined, fallback: string) => string;
  format: FigureFormat;
  /** A report group cell as the reader should see it (an option's or stage's label, a bucket's name). */
  cellLabel: (column: ReportColumn, cell: ReportCell) => string;
  /** A report group column's name: its field's label in the page's language (system fields too). */
  columnLabel: (column: ReportColumn) => string;
}

export type ViewBuilder = (widget: WidgetResult, env: ViewEnv) => WidgetView;

/** The format of a report measure column. */
export const measureFormat = (c: ReportColumn | undefined): ValueFormat => (c?.type === 'money' ? 'money' : c?.type === 'percent' ? 'percent' : 'number');

export function formatValue(format: FigureFormat, f: ValueFormat, value: unknown): string {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' && !Number.isNaN(Number(value)) ? Number(value) : null;
  if (n === null) return typeof value === 'string' ? value : format.number(null);
  return format[f](n);
}

export const toNumber = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) || 0 : 0);
