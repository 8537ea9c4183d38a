/**
 * The current view as CSV: every page of it, read through the API 500 at a time, each value formatted by the
 * widget registry as the screen shows it. A byte-order mark lets spreadsheet apps read the Chinese right.
 */
import type { FieldMeta, ObjectMeta } from '../../api/operations';
import { formatValue, type FormatContext } from '../../fields';
import { useSessionStore } from '../../stores/session';
import { listDocument, type ListResult, type OrderTerm, type RecordFilter, type RecordRow } from './queries';

const PAGE = 500;

const cell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function toCsv(columns: FieldMeta[], rows: RecordRow[], screen: FormatContext): string {
  // Values of a list keep a plain ASCII separator in a file, whatever the screen's language uses ('、').
  const ctx: FormatContext = { ...screen, listSeparator: ', ' };
  const header = columns.map((f) => cell(ctx.label(f.label, f.name)));
  const lines = rows.map((r) => columns.map((f) => cell(formatValue(f, r[f.name], ctx))).join(','));
  return [header.join(','), ...lines].join('\r\n');
}

export function useCsvExport() {
  const session = useSessionStore();

  async function exportCsv(
    meta: ObjectMeta,
    columns: FieldMeta[],
    query: { filter: RecordFilter | null; orderBy: OrderTerm[] | null },
    ctx: FormatContext,
    progress: (done: number, total: number) => void,
  ): Promise<number> {
    const doc = listDocument(meta, columns, ctx);
    const rows: RecordRow[] = [];
    let after: string | null = null;
    for (;;) {
      const data: ListResult = await session.request(doc, { filter: query.filter, orderBy: query.orderBy, first: PAGE, after });
      rows.push(...data.list.nodes);
      progress(rows.length, data.list.totalCount);
      if (!data.list.pageInfo.hasNextPage || !data.list.pageInfo.endCursor) break;
      after = data.list.pageInfo.endCursor;
    }
    const blob = new Blob(['\uFEFF', toCsv(columns, rows, ctx)], { type: 'text/csv;charset=utf-8' });
    const stamp = new Date().toISOString().slice(0, 10);
    saveBlob(blob, `${meta.plural}-${stamp}.csv`);
    return rows.length;
  }

  return { exportCsv };
}

/** Offers a blob as a download with a file name. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
