/**
 * Running reports: a saved one by key or an inline definition (checked as an applied one would be, nothing
 * stored). Every object the report reads (its source and the lookups it reads through) goes through
 * `authorize`, and the source's read scope is ANDed into its SQL, as lists do.
 */
import { inlineReport, resolvePeriods, type ReportModel } from '@funnelcraft/definitions';
import { badInput, DomainError, ErrorCode, notFound } from '@funnelcraft/kernel';
import { runReportQuery, type ReportData, type ReportDataRow } from '@funnelcraft/storage';
import { allOf, rowDrill } from './drill-down.js';
import type { RecordContext } from './context.js';
import { authorize, limitedFields, readScope } from './permissions.js';
import { objectOf } from './records-service.js';
import { withoutRestrictedLabels } from './restricted-labels.js';

export interface ReportRequest {
  /** A saved report's key. */
  name?: string;
  /** An inline report definition (the report document without `x-report`). */
  definition?: unknown;
  /** The day relative periods are seen from (ISO date); today (UTC) by default. */
  asOf?: string;
  /** More json-logic over the source's own fields, periods resolved, ANDed with the report's filter (a dashboard's global filters). */
  and?: unknown;
}

/** A result row with its drill-down: json-logic over the source's own fields selecting exactly its records (none through lookups). */
export type DrilledRow = ReportDataRow & { drill?: unknown };

export interface ReportResult extends ReportData {
  report: ReportModel;
  currency: string;
  asOf: string;
  rows: DrilledRow[];
  subtotals: DrilledRow[];
  total: DrilledRow | null;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The report a request names, or the one it carries; a personal report is found by its owner only. */
export function reportOf(ctx: RecordContext, request: ReportRequest): ReportModel {
  if ((request.name === undefined) === (request.definition === undefined)) {
    throw badInput('Give a report name or a definition (one of them)', [
      { path: request.name === undefined ? 'name' : 'definition', message: 'name or definition, not both' },
    ]);
  }
  if (request.definition !== undefined) return inlineReport(request.definition, ctx.model);
  const report = ctx.model.reports.get(request.name!);
  if (!report || (!report.shared && report.owner !== ctx.actor.userId)) throw notFound(`Report ${request.name}`, 'name');
  return report;
}

export async function runReport(ctx: RecordContext, request: ReportRequest): Promise<ReportResult> {
  const report = reportOf(ctx, request);
  if (request.asOf !== undefined && (!ISO_DAY.test(request.asOf) || Number.isNaN(Date.parse(request.asOf))))
    throw badInput('asOf is a date (YYYY-MM-DD)', [{ path: 'asOf', message: 'not a date' }]);
  const asOf = request.asOf ?? new Date().toISOString().slice(0, 10);
  const source = objectOf(ctx, report.object);
  authorize(ctx, 'read', source.name);
  const refs = [...report.filterFields, ...report.groups.map((g) => g.ref), ...report.measures.flatMap((m) => (m.ref ? [m.ref] : []))];
  const targets = new Map(ctx.model.objects.map((o) => [o.name, o]));
  for (const o of new Set(refs.filter((r) => r.via).map((r) => r.object.name))) {
    // Fields read through a lookup (`account.name`) are the target's: only an actor who reaches every target
    // record may read them, or a report would tell a rep the names of accounts it may not see.
    if (authorize(ctx, 'read', o) !== undefined) {
      throw new DomainError(
        ErrorCode.Forbidden,
        `Your role does not reach every ${o} record, so a report may not read ${o} fields through a lookup`,
        refs.filter((r) => r.via && r.object.name === o).map((r) => ({ path: r.path, message: `reads ${o} records your role may not see` })),
      );
    }
  }
  for (const r of refs)
    if (limitedFields(ctx, r.object).get(r.name) === 'hidden')
      throw new DomainError(ErrorCode.Forbidden, `${r.path} is not visible to your role`, [{ path: r.path, message: 'not visible to your role' }]);
  for (const g of report.groups) if (g.ref.field?.kind.link === 'record' && g.ref.field.target && !g.ref.via) authorize(ctx, 'read', g.ref.field.target);
  const filter = allOf(report.filter === undefined ? undefined : resolvePeriods(report.filter, asOf, report.fiscalYearStartMonth), request.and);
  const data = await withoutRestrictedLabels(
    ctx,
    report,
    await runReportQuery(ctx.db, ctx.tenant.schema, targets, {
      report,
      source,
      filter,
      scope: readScope(ctx, source.name),
      tenantId: ctx.tenant.id,
      currency: ctx.tenant.currency,
    }),
  );
  const drilled = (r: ReportDataRow): DrilledRow => ({
    ...r,
    drill: rowDrill(
      filter,
      report.groups,
      r.groups.map((g) => g.value),
    ),
  });
  return {
    ...data,
    rows: data.rows.map(drilled),
    subtotals: data.subtotals.map(drilled),
    total: data.total && drilled(data.total),
    report,
    currency: ctx.tenant.currency,
    asOf,
  };
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // Quotes around anything a spreadsheet could misread; a leading =, +, - or @ would be run as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The result as a grid: a header, the rows, then subtotals and the total labelled as such. */
export function reportTable(result: ReportResult): unknown[][] {
  const { report } = result;
  const header = [...report.groups.map((g) => g.ref.path + (g.bucket ? ` (${g.bucket})` : '')), ...report.measures.map((m) => m.label['en'] ?? m.key)];
  const width = report.groups.length;
  return [
    header,
    ...result.rows.map((r) => [...r.groups.map((g) => g.label ?? g.value), ...r.values]),
    ...result.subtotals.map((r) => [...r.groups.map((g) => g.label ?? g.value), ...Array(width - r.groups.length).fill('Subtotal'), ...r.values]),
    ...(result.total ? [[...(width ? ['Total', ...Array(width - 1).fill('')] : []), ...result.total.values]] : []),
  ];
}

/** The result as CSV (RFC 4180, CRLF). */
export function reportCsv(result: ReportResult): string {
  return (
    reportTable(result)
      .map((cells) => cells.map(csvCell).join(','))
      .join('\r\n') + '\r\n'
  );
}
