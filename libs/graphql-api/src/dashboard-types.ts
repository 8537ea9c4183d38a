/**
 * Dashboards in the data API: `dashboards` lists those the viewer may open, `dashboard(name, filters)` runs
 * every widget at once with the global filters applied and answers each widget's layout with its result: a
 * report widget the report result (rows with their drill-down), an analytics widget its figures as JSON, in
 * which every `drill` is the object's list filter selecting exactly the records behind that number.
 */
import { GraphQLBoolean, GraphQLInputObjectType, GraphQLInt, GraphQLObjectType, GraphQLString, type GraphQLFieldConfigMap } from 'graphql';
import type { DashboardModel } from '@funnelcraft/definitions';
import { runDashboard, visibleDashboards, type DashboardRequest, type DashboardRun, type WidgetRun } from '@funnelcraft/records';
import { recordContext, type ApiContext } from './context.js';
import { logicToFilter } from './logic-to-filter.js';
import { ReportResultType } from './report-types.js';
import { DateScalar, JSONScalar } from './scalars.js';
import { list, nn } from './static-types.js';

/** Every `drill` (json-logic) in an analytics figure turned into the typed list filter, or null. */
function withListFilters(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withListFilters);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (k !== 'drill') return [k, withListFilters(v)];
      if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).every((x) => ['won', 'lost', 'open'].includes(x)))
        return [k, Object.fromEntries(Object.entries(v).map(([x, l]) => [x, logicToFilter(l) ?? null]))];
      return [k, v === undefined ? null : (logicToFilter(v) ?? null)];
    }),
  );
}

const WidgetErrorType = new GraphQLObjectType({
  name: 'DashboardWidgetError',
  fields: { code: { type: nn(GraphQLString) }, message: { type: nn(GraphQLString) } },
});

const WidgetType = new GraphQLObjectType<WidgetRun>({
  name: 'DashboardWidget',
  fields: {
    key: { type: nn(GraphQLString), resolve: (r) => r.widget.key },
    label: { type: nn(JSONScalar), resolve: (r) => r.widget.label },
    kind: { type: nn(GraphQLString), description: 'report, or the analytics figure (funnel, win_rate, forecast, …)', resolve: (r) => r.widget.kind },
    object: { type: nn(GraphQLString), resolve: (r) => r.widget.object },
    reportName: { type: GraphQLString, resolve: (r) => r.widget.report ?? null },
    chart: { type: nn(GraphQLString), resolve: (r) => r.widget.chart },
    x: { type: nn(GraphQLInt), resolve: (r) => r.widget.layout.x },
    y: { type: nn(GraphQLInt), resolve: (r) => r.widget.layout.y },
    w: { type: nn(GraphQLInt), resolve: (r) => r.widget.layout.w },
    h: { type: nn(GraphQLInt), resolve: (r) => r.widget.layout.h },
    report: { type: ReportResultType, description: 'a report widget’s result', resolve: (r) => r.report ?? null },
    analytics: {
      type: JSONScalar,
      description: 'an analytics widget’s figures',
      resolve: (r) => (r.analytics === undefined ? null : withListFilters(r.analytics)),
    },
    error: { type: WidgetErrorType, description: 'why this widget shows nothing (e.g. FORBIDDEN for your role)', resolve: (r) => r.error ?? null },
  },
});

const DashboardMetaType = new GraphQLObjectType<DashboardModel>({
  name: 'DashboardMeta',
  fields: {
    key: { type: nn(GraphQLString) },
    label: { type: nn(JSONScalar) },
    shared: { type: nn(GraphQLBoolean) },
    home: { type: GraphQLString, description: 'business or manager: a home dashboard' },
    columns: { type: nn(GraphQLInt) },
    filters: { type: nn(JSONScalar), description: 'the global filters’ defaults' },
    document: { type: nn(JSONScalar) },
  },
});

const DashboardRunType = new GraphQLObjectType<DashboardRun>({
  name: 'DashboardResult',
  fields: {
    key: { type: nn(GraphQLString), resolve: (d) => d.dashboard.key },
    label: { type: nn(JSONScalar), resolve: (d) => d.dashboard.label },
    columns: { type: nn(GraphQLInt), resolve: (d) => d.dashboard.columns },
    filters: { type: nn(JSONScalar), description: 'the global filters in effect', resolve: (d) => d.filters },
    from: { type: DateScalar, description: 'the period’s first day', resolve: (d) => d.period?.start ?? null },
    to: { type: DateScalar, description: 'the first day after the period', resolve: (d) => d.period?.end ?? null },
    asOf: { type: nn(DateScalar) },
    widgets: { type: nn(list(WidgetType)) },
  },
});

const DashboardFilterInput = new GraphQLInputObjectType({
  name: 'DashboardFilterInput',
  fields: {
    period: { type: JSONScalar, description: 'a named period (this_quarter, …) or {last: N, unit}' },
    from: { type: DateScalar, description: 'with to: an explicit period [from, to) instead' },
    to: { type: DateScalar },
    owner: { type: GraphQLString, description: 'me, any (no owner filter) or a user id' },
    team: { type: GraphQLString },
  },
});

export const dashboardQueries: GraphQLFieldConfigMap<unknown, ApiContext> = {
  dashboards: {
    type: nn(list(DashboardMetaType)),
    description: 'dashboards: the shared ones and your own',
    resolve: (_r, _a, ctx) => visibleDashboards(recordContext(ctx)),
  },
  dashboard: {
    type: nn(DashboardRunType),
    description: 'runs every widget of a dashboard at once (one statement each) with its global filters, defaults overridden by `filters`',
    args: { name: { type: nn(GraphQLString) }, filters: { type: DashboardFilterInput }, asOf: { type: DateScalar } },
    resolve: (_r, args: { name: string; filters?: DashboardRequest['filters'] | null; asOf?: string | null }, ctx) =>
      runDashboard(recordContext(ctx), { name: args.name, filters: args.filters ?? undefined, asOf: args.asOf ?? undefined }),
  },
};
