/**
 * Running a dashboard: its global filters (the document's defaults, each overridable by the request) become
 * json-logic over every widget's object (an owner) and a period (the report widget's period field, the
 * analytics widget's [from, to)); then every widget runs at once on the pool, one statement each. A widget the
 * viewer may not read answers its error, the others still show.
 */
import {
  periodProblem,
  periodRange,
  type DashboardFilters,
  type DashboardModel,
  type DashboardWidget,
  type DayRange,
  type PeriodSpec,
} from '@funnelcraft/definitions';
import { badInput, isDomainError, notFound } from '@funnelcraft/kernel';
import { ANALYTICS_WIDGET_RUNS } from './analytics-widgets.js';
import { analyticsScope } from './analytics-service.js';
import type { RecordContext } from './context.js';
import { allOf, dayRange } from './drill-down.js';
import { runReport, type ReportResult } from './report-service.js';

export interface DashboardRequest {
  name: string;
  /** Overrides of the document's global filters; owner "any" lifts an owner default. */
  filters?: { period?: unknown; owner?: string | null; team?: string | null; from?: string | null; to?: string | null };
  /** The day relative periods are seen from; today by default. */
  asOf?: string;
}

export interface WidgetRun {
  widget: DashboardWidget;
  report?: ReportResult;
  /** An analytics widget's figures (JSON), with drill-downs where a list filter can say them. */
  analytics?: unknown;
  error?: { code: string; message: string };
}

export interface DashboardRun {
  dashboard: DashboardModel;
  /** The filters in effect (defaults and overrides merged; owner "me" as asked). */
  filters: DashboardFilters;
  period: DayRange | null;
  asOf: string;
  widgets: WidgetRun[];
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The dashboards the viewer may open: the shared ones and their own. */
export const visibleDashboards = (ctx: RecordContext): DashboardModel[] =>
  [...ctx.model.dashboards.values()].filter((d) => d.shared || d.owner === ctx.actor.userId);

function dashboardOf(ctx: RecordContext, name: string): DashboardModel {
  const d = ctx.model.dashboards.get(name);
  if (!d || (!d.shared && d.owner !== ctx.actor.userId)) throw notFound(`Dashboard ${name}`, 'name');
  return d;
}

function effectiveFilters(d: DashboardModel, req: DashboardRequest): DashboardFilters {
  const o = req.filters ?? {};
  const filters: DashboardFilters = { ...d.filters };
  if (o.period !== undefined && o.period !== null) {
    const p = periodProblem(o.period);
    if (p) throw badInput(`filters.period: ${p}`, [{ path: 'filters.period', message: p }]);
    filters.period = o.period as PeriodSpec;
  }
  if (o.owner !== undefined && o.owner !== null) {
    if (o.owner !== 'me' && o.owner !== 'any' && !UUID.test(o.owner))
      throw badInput('filters.owner is "me", "any" or a user id', [{ path: 'filters.owner', message: 'me, any or a user id' }]);
    if (o.owner === 'any') delete filters.owner;
    else filters.owner = o.owner;
  }
  if (o.team !== undefined && o.team !== null) filters.team = o.team;
  // Teams are another helper's work in progress: until they land, a team filter is refused rather than ignored.
  if (filters.team !== undefined) throw badInput('Teams are not set up in this tenant yet', [{ path: 'filters.team', message: 'no teams yet' }]);
  return filters;
}

function periodOf(filters: DashboardFilters, req: DashboardRequest, asOf: string): DayRange | null {
  const { from, to } = req.filters ?? {};
  for (const [v, path] of [
    [from, 'filters.from'],
    [to, 'filters.to'],
  ] as const)
    if (v !== undefined && v !== null && (!ISO_DAY.test(v) || Number.isNaN(Date.parse(v))))
      throw badInput(`${path} is a date (YYYY-MM-DD)`, [{ path, message: 'not a date' }]);
  if (from || to) {
    if (!from || !to) throw badInput('Give both filters.from and filters.to', [{ path: from ? 'filters.to' : 'filters.from', message: 'missing' }]);
    if (from >= to) throw badInput('filters.from must be before filters.to', [{ path: 'filters.from', message: 'after to' }]);
    return { start: from, end: to };
  }
  return filters.period === undefined ? null : periodRange(filters.period, asOf);
}

async function runWidget(ctx: RecordContext, w: DashboardWidget, owner: unknown, period: DayRange | null, asOf: string): Promise<WidgetRun> {
  try {
    if (w.kind === 'report') {
      const dated = period && w.periodField ? dayRange(w.periodField.path, w.periodField.valueType === 'datetime', period.start, period.end) : undefined;
      return { widget: w, report: await runReport(ctx, { name: w.report!, asOf, and: allOf(owner, dated) }) };
    }
    const a = analyticsScope(ctx, {
      object: w.object,
      pipeline: w.pipeline,
      filter: owner,
      asOf,
      from: period?.start,
      to: period?.end,
    });
    return { widget: w, analytics: await ANALYTICS_WIDGET_RUNS[w.kind](a, w) };
  } catch (e) {
    // One widget the viewer may not read (or whose input no longer fits) does not blank the dashboard.
    if (isDomainError(e)) return { widget: w, error: { code: e.code, message: e.message } };
    throw e;
  }
}

export async function runDashboard(ctx: RecordContext, req: DashboardRequest): Promise<DashboardRun> {
  const dashboard = dashboardOf(ctx, req.name);
  if (req.asOf !== undefined && (!ISO_DAY.test(req.asOf) || Number.isNaN(Date.parse(req.asOf))))
    throw badInput('asOf is a date (YYYY-MM-DD)', [{ path: 'asOf', message: 'not a date' }]);
  const asOf = req.asOf ?? new Date().toISOString().slice(0, 10);
  const filters = effectiveFilters(dashboard, req);
  const period = periodOf(filters, req, asOf);
  const ownerId = filters.owner === 'me' ? ctx.actor.userId : filters.owner;
  const owner = ownerId ? { '==': [{ var: 'ownerId' }, ownerId] } : undefined;
  // Every widget at once: each is one statement on its own pooled connection.
  const widgets = await Promise.all(dashboard.widgets.map((w) => runWidget(ctx, w, owner, period, asOf)));
  return { dashboard, filters, period, asOf, widgets };
}
