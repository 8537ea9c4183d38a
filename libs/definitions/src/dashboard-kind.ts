/**
 * The dashboard kind (`x-dashboard`): grids of report and analytics widgets. A dashboard adds no column or
 * table: applying one only stores a new definition version, so its diff is empty. Attached after reports,
 * whose names its widgets use.
 */
import type { DocumentKind } from './document-kind.js';
import { buildDashboard, DASHBOARD_META_SCHEMA, type DashboardDocument } from './dashboard-model.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const dashboardKind: DocumentKind<DashboardDocument> = {
  kind: 'dashboard',
  key: 'x-dashboard',
  metaSchema: DASHBOARD_META_SCHEMA,
  attach: (docs, draft, problems) => {
    for (const { doc, path } of docs) {
      if (draft.dashboards.has(doc['x-dashboard'])) problems.push({ path: `${path}.x-dashboard`, message: `dashboard "${doc['x-dashboard']}" appears twice` });
      const dashboard = buildDashboard(doc, { byName: draft.byName, reports: draft.reports }, path, problems);
      if (dashboard) draft.dashboards.set(dashboard.key, dashboard);
    }
  },
  diff: () => [],
  userRefs: (doc, path) => [
    ...(doc['x-owner'] ? [{ path: `${path}.x-owner`, id: doc['x-owner'] }] : []),
    ...(doc.filters?.owner && UUID.test(doc.filters.owner) ? [{ path: `${path}.filters.owner`, id: doc.filters.owner }] : []),
  ],
};
