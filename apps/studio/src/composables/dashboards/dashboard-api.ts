/**
 * Dashboards on the data API: `dashboards` lists those the viewer may open (shared ones and their own),
 * `dashboard(name, filters)` runs every widget at once with the global filters. A report widget answers its
 * report result (columns, rows, subtotals, total, each with the list filter of its records as `drill`); an
 * analytics widget its figures as JSON, with `drill` beside every number a list filter can say.
 */
import { gql } from '../../api/graphql-client';
import type { Labels } from '../../api/operations';
import type { RecordFilter } from '../records/queries';

export interface DashboardMeta {
  key: string;
  label: Labels;
  shared: boolean;
  home: string | null;
  filters: DashboardFilterDefaults;
}

/** The document's defaults: a period (a name or {last|next: N, unit}), an owner ("me" or a user id). */
export interface DashboardFilterDefaults {
  period?: unknown;
  owner?: string;
  team?: string;
}

export interface ReportColumn {
  key: string;
  role: 'group' | 'measure';
  field: string | null;
  label: Labels;
  /** A field kind; `date` for buckets, `number` for counts, `money` for amounts in the reporting currency. */
  type: string;
  bucket: string | null;
  fn: string | null;
}

export interface ReportCell {
  value: unknown;
  label: string | null;
}

export interface ReportRow {
  level: 'row' | 'subtotal' | 'total';
  groups: ReportCell[];
  values: (number | string | null)[];
  /** The source object's list filter selecting exactly this row's records; null through a lookup. */
  drill: RecordFilter | null;
}

export interface ReportResult {
  object: string;
  chart: string;
  currency: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  subtotals: ReportRow[];
  total: ReportRow | null;
}

export interface WidgetResult {
  key: string;
  label: Labels;
  kind: string;
  object: string;
  chart: string;
  x: number;
  y: number;
  w: number;
  h: number;
  report: ReportResult | null;
  /** An analytics figure's JSON (see libs/records analytics-widgets.ts). */
  analytics: unknown;
  error: { code: string; message: string } | null;
}

export interface DashboardRun {
  key: string;
  label: Labels;
  columns: number;
  filters: DashboardFilterDefaults;
  from: string | null;
  to: string | null;
  asOf: string;
  widgets: WidgetResult[];
}

/** What the page may override: a period (named, or from/to), an owner ("me", "any" or a user id). */
export interface DashboardFilterInput {
  period?: unknown;
  from?: string;
  to?: string;
  owner?: string;
}

export const DashboardsDocument = gql<{ dashboards: DashboardMeta[] }>(`
  query Dashboards { dashboards { key label shared home filters } }
`);

const ROW = 'level groups { value label } values drill';

export const DashboardDocument = gql<{ dashboard: DashboardRun }, { name: string; filters: DashboardFilterInput | null }>(`
  query Dashboard($name: String!, $filters: DashboardFilterInput) {
    dashboard(name: $name, filters: $filters) {
      key label columns filters from to asOf
      widgets {
        key label kind object chart x y w h analytics
        error { code message }
        report {
          object chart currency
          columns { key role field label type bucket fn }
          rows { ${ROW} } subtotals { ${ROW} } total { ${ROW} }
        }
      }
    }
  }
`);
