/**
 * A report grouped by a lookup (`groupBy: account`) labels each group with the looked-up record's display
 * field. A group whose record the actor may not read keeps its value (the id) and loses its label: the
 * restricted lookup shows as id only, as on the data API, and never tells a rep another rep's account name.
 */
import type { ReportModel } from '@funnelcraft/definitions';
import { findRecordsByIds, type ReportData } from '@funnelcraft/storage';
import type { RecordContext } from './context.js';
import { readScope } from './permissions.js';

const ID_ONLY = { fields: new Set(['id']), joins: new Map() };

export async function withoutRestrictedLabels<D extends ReportData>(ctx: RecordContext, report: ReportModel, data: D): Promise<D> {
  const rows = [...data.rows, ...data.subtotals];
  for (const [i, g] of report.groups.entries()) {
    const field = g.ref.via ? undefined : g.ref.field;
    const target = field?.kind.link === 'record' && field.target ? ctx.model.byName.get(field.target) : undefined;
    const scope = target && readScope(ctx, target.name);
    if (!target || scope === undefined) continue;
    const ids = [...new Set(rows.map((r) => r.groups[i]?.value).filter((v): v is string => typeof v === 'string'))];
    const readable = new Set(ids.length ? (await findRecordsByIds(ctx.db, ctx.tenant.schema, target, ids, ID_ONLY, scope)).map((r) => r['id']) : []);
    for (const r of rows) {
      const cell = r.groups[i];
      if (cell && typeof cell.value === 'string' && !readable.has(cell.value)) cell.label = null;
    }
  }
  return data;
}
