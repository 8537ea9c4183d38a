/**
 * The report kind (`x-report`): saved reports over an object. A report adds no column or table: applying one
 * only stores a new definition version, so its diff is empty (the content hash still moves).
 */
import type { DocumentKind } from './document-kind.js';
import { buildReport, REPORT_META_SCHEMA, type ReportDocument } from './report-model.js';

export const reportKind: DocumentKind<ReportDocument> = {
  kind: 'report',
  key: 'x-report',
  metaSchema: REPORT_META_SCHEMA,
  attach: (docs, draft, problems) => {
    for (const { doc, path } of docs) {
      if (draft.reports.has(doc['x-report'])) problems.push({ path: `${path}.x-report`, message: `report "${doc['x-report']}" appears twice` });
      const report = buildReport(doc, draft.byName, path, problems);
      if (report) draft.reports.set(report.key, report);
    }
  },
  diff: () => [],
  belongsTo: (doc) => doc['x-object'],
};
