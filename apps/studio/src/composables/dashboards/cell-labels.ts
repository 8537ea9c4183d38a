/**
 * A report group cell as the reader sees it: a date bucket as its period's name, a stage or select option by
 * its label in the page's language (the server labels them in English), a user or record by the name the
 * server gives, an empty group as "None".
 */
import type { Labels, ObjectMeta } from '../../api/operations';
import { recordFields } from '../records/record-fields';
import type { ReportCell, ReportColumn } from './dashboard-api';
import type { FigureFormat } from './figure-format';

export function cellLabeller(
  meta: ObjectMeta | undefined,
  label: (l: Labels | null | undefined, fallback: string) => string,
  format: FigureFormat,
  none: string,
) {
  const stages = new Map((meta?.pipelines ?? []).flatMap((p) => p.stages.map((s) => [s.key, s.label] as const)));
  const fields = new Map((meta?.fields ?? []).map((f) => [f.name, f]));
  return (column: ReportColumn, cell: ReportCell): string => {
    const value = cell.value;
    if (value === null || value === undefined || value === '') return none;
    if (column.bucket) return format.bucket(String(value), column.bucket);
    if (column.field === 'stage' && stages.has(String(value))) return label(stages.get(String(value)), cell.label ?? String(value));
    const option = column.field ? fields.get(column.field)?.options?.find((o) => o.value === value) : undefined;
    if (option) return label(option.label, cell.label ?? String(value));
    if (typeof value === 'boolean') return cell.label ?? String(value);
    return cell.label ?? String(value);
  };
}

/**
 * A group column's name: the label of the field it groups by, as record screens name it (the server names
 * system fields such as `stage` and `ownerId` by their API names only); a lookup path keeps the server's label.
 */
export function columnLabeller(meta: ObjectMeta | undefined, label: (l: Labels | null | undefined, fallback: string) => string) {
  const fields = new Map((meta ? recordFields(meta) : []).map((f) => [f.name === 'owner' ? 'ownerId' : f.name, f]));
  return (column: ReportColumn): string => {
    const f = column.field ? fields.get(column.field) : undefined;
    return f ? label(f.label, f.name) : label(column.label, column.field ?? column.key);
  };
}
