/**
 * Dashboard documents (`x-dashboard`): a grid of widgets, each a saved report or an analytics figure of a
 * pipeline, with global filters (period, owner, team) whose defaults the document holds. Checked against the
 * model here (pure); running them is libs/records' dashboard-service.
 */
import type { ErrorDetail } from '@funnelcraft/kernel';
import type { Labels, ObjectModel } from './model.js';
import type { PipelineModel } from './pipeline-model.js';
import { resolveReportField, type ReportField, type ReportModel } from './report-model.js';
import { periodProblem, type PeriodSpec } from './report-periods.js';

export const ANALYTICS_WIDGETS = ['funnel', 'time_in_stage', 'sales_cycle', 'win_rate', 'rankings', 'velocity', 'movement', 'forecast'] as const;
export type AnalyticsWidgetKind = (typeof ANALYTICS_WIDGETS)[number];
export type WidgetChart = 'table' | 'bar' | 'stacked_bar' | 'line' | 'pie' | 'funnel' | 'matrix' | 'number';

/** The global filters: a period relative to the run's day, an owner ("me" or a user id), a team. */
export interface DashboardFilters {
  period?: PeriodSpec;
  owner?: string;
  team?: string;
}

export interface DashboardWidgetDocument {
  key: string;
  title?: string;
  'x-label'?: Labels;
  x: number;
  y: number;
  w: number;
  h: number;
  report?: string;
  periodField?: string;
  analytics?: AnalyticsWidgetKind;
  object?: string;
  pipeline?: string;
  by?: string;
  bucket?: 'month' | 'quarter';
  periods?: number;
  chart?: WidgetChart;
}

export interface DashboardDocument {
  'x-dashboard': string;
  title?: string;
  'x-label'?: Labels;
  description?: string;
  'x-shared'?: boolean;
  'x-owner'?: string;
  'x-home'?: 'business' | 'manager';
  columns?: number;
  filters?: DashboardFilters;
  widgets: DashboardWidgetDocument[];
  [key: string]: unknown;
}

export interface DashboardWidget {
  key: string;
  label: Labels;
  layout: { x: number; y: number; w: number; h: number };
  /** `report`, or the analytics figure. */
  kind: 'report' | AnalyticsWidgetKind;
  /** The object the widget reads (the report's source for report widgets). */
  object: string;
  report?: string;
  /** The date field the global period applies to (report widgets). */
  periodField?: ReportField;
  pipeline?: string;
  by?: string;
  bucket: 'month' | 'quarter';
  periods: number;
  chart: WidgetChart;
}

export interface DashboardModel {
  key: string;
  label: Labels;
  shared: boolean;
  owner?: string;
  home?: 'business' | 'manager';
  columns: number;
  filters: DashboardFilters;
  widgets: DashboardWidget[];
  document: DashboardDocument;
}

export const DASHBOARD_META_SCHEMA = { file: 'dashboard-definition.schema.json', refs: ['object-definition.schema.json'] } as const;

const DATED = new Set(['date', 'datetime']);

function reportWidget(
  w: DashboardWidgetDocument,
  doc: DashboardDocument,
  scope: { byName: ReadonlyMap<string, ObjectModel>; reports: ReadonlyMap<string, ReportModel> },
  add: (where: string, message: string) => void,
): Pick<DashboardWidget, 'object' | 'periodField' | 'chart'> | undefined {
  const report = scope.reports.get(w.report!);
  if (!report) return (add('.report', `no report "${w.report}"`), undefined);
  // A shared dashboard shows its widgets to everyone: a personal report on it would be shown to others.
  if (!report.shared && (doc['x-shared'] !== false || report.owner !== doc['x-owner']))
    return (add('.report', `"${w.report}" is a personal report: only a personal dashboard of its owner may show it`), undefined);
  const source = scope.byName.get(report.object)!;
  const r = resolveReportField(source, scope.byName, w.periodField ?? 'createdAt');
  if (typeof r === 'string') return (add('.periodField', r), undefined);
  if (r.via || !DATED.has(r.valueType)) return (add('.periodField', `${r.path} is no date or datetime field of ${source.name}`), undefined);
  return { object: report.object, periodField: r, chart: w.chart ?? report.chart };
}

function analyticsWidget(
  w: DashboardWidgetDocument,
  byName: ReadonlyMap<string, ObjectModel>,
  add: (where: string, message: string) => void,
): Pick<DashboardWidget, 'object' | 'pipeline' | 'chart'> | undefined {
  const o = byName.get(w.object!);
  if (!o) return (add('.object', `no object "${w.object}"`), undefined);
  if (!o.pipelines.length) return (add('.object', `${o.name} has no pipeline: analytics read stage history`), undefined);
  if (w.pipeline && !o.pipelines.some((p: PipelineModel) => p.key === w.pipeline))
    return (add('.pipeline', `no pipeline "${w.pipeline}" on ${o.name} (${o.pipelines.map((p) => p.key).join(', ')})`), undefined);
  if (w.by !== undefined) {
    if (w.analytics !== 'win_rate') add('.by', 'only a win_rate widget is grouped by');
    const f = o.fieldsByName.get(w.by);
    const ok = ['ownerId', 'month', 'quarter', 'year'].includes(w.by) || (f && f.kind.storage !== null && f.kind.choice !== 'many');
    if (!ok) add('.by', `cannot group win rates by "${w.by}": ownerId, month, quarter, year, or a field of ${o.name}`);
  }
  if ((w.bucket !== undefined || w.periods !== undefined) && w.analytics !== 'forecast')
    add(w.bucket ? '.bucket' : '.periods', 'only a forecast widget has buckets');
  const chart: WidgetChart = w.chart ?? (w.analytics === 'funnel' ? 'funnel' : w.analytics === 'forecast' || w.analytics === 'win_rate' ? 'bar' : 'table');
  return { object: o.name, pipeline: w.pipeline, chart };
}

/** Builds a dashboard's model from a document that passed its meta-schema; problems are collected under `at`. */
export function buildDashboard(
  doc: DashboardDocument,
  scope: { byName: ReadonlyMap<string, ObjectModel>; reports: ReadonlyMap<string, ReportModel> },
  at: string,
  problems: ErrorDetail[],
): DashboardModel | undefined {
  const before = problems.length;
  const add = (where: string, message: string) => problems.push({ path: `${at}${where}`, message });
  const columns = doc.columns ?? 12;
  if (doc['x-shared'] === false && !doc['x-owner']) add('.x-owner', 'a personal dashboard (x-shared: false) names its owner');
  const period = doc.filters?.period;
  if (period !== undefined) {
    const p = periodProblem(period);
    if (p) add('.filters.period', p);
  }
  const keys = new Set<string>();
  const widgets: DashboardWidget[] = [];
  doc.widgets.forEach((w, i) => {
    const wat = `.widgets[${i}]`;
    const addW = (where: string, message: string) => add(`${wat}${where}`, message);
    if (keys.has(w.key)) addW('.key', `widget "${w.key}" appears twice`);
    keys.add(w.key);
    if (w.x + w.w > columns) addW('.w', `the widget reaches column ${w.x + w.w}, past the grid's ${columns}`);
    const part = w.report !== undefined ? reportWidget(w, doc, scope, addW) : analyticsWidget(w, scope.byName, addW);
    if (!part) return;
    widgets.push({
      key: w.key,
      label: { en: w.title ?? w.key, ...(w['x-label'] ?? {}) },
      layout: { x: w.x, y: w.y, w: w.w, h: w.h },
      kind: w.report !== undefined ? 'report' : w.analytics!,
      report: w.report,
      by: w.by,
      bucket: w.bucket ?? 'month',
      periods: w.periods ?? 3,
      ...part,
    });
  });
  if (problems.length > before) return undefined;
  return {
    key: doc['x-dashboard'],
    label: { en: doc.title ?? doc['x-dashboard'], ...(doc['x-label'] ?? {}) },
    shared: doc['x-shared'] !== false,
    owner: doc['x-owner'],
    home: doc['x-home'],
    columns,
    filters: doc.filters ?? {},
    widgets,
    document: doc,
  };
}
