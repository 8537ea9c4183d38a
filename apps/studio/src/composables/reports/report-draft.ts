/**
 * The report builder's draft and what it becomes: the fields an object offers to group by (choices, users,
 * lookups, yes/no, dates with a bucket) and to measure (numbers and money for sum, average, min and max; any
 * field for count distinct), and the report document the draft stands for (inline for the preview, with
 * `x-report` to save it through the definitions pipeline).
 */
import type { FieldMeta, Labels, ObjectMeta } from '../../api/operations';
import { isStored } from '../../fields/kind-flags';
import { recordFields } from '../records/record-fields';

export const CHARTS = ['table', 'bar', 'stacked_bar', 'line', 'pie', 'funnel', 'matrix'] as const;
export const BUCKETS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export const FUNCTIONS = ['count', 'sum', 'avg', 'min', 'max', 'count_distinct'] as const;
export type Chart = (typeof CHARTS)[number];
export type Bucket = (typeof BUCKETS)[number];
export type MeasureFn = (typeof FUNCTIONS)[number];

export interface DraftGroup {
  field: string;
  bucket?: Bucket;
}
export interface DraftMeasure {
  fn: MeasureFn;
  field?: string;
}
export interface ReportDraft {
  object: string;
  title: string;
  groups: DraftGroup[];
  measures: DraftMeasure[];
  chart: Chart;
}

/** A field as a report names it, with its label and what it can do in a report. */
export interface ReportFieldChoice {
  name: string;
  label: Labels;
  kind: string;
  dated: boolean;
}

/**
 * What a field of each kind can be in a report, keyed by kind id (this layer's table; kinds not listed can only
 * have their distinct values counted): a group (dates by a bucket), a value to add up.
 */
const REPORT_USE: Readonly<Record<string, { group?: 'value' | 'dated'; summable?: boolean; noDistinct?: boolean }>> = {
  single_select: { group: 'value' },
  user: { group: 'value' },
  lookup: { group: 'value' },
  boolean: { group: 'value' },
  date: { group: 'dated' },
  datetime: { group: 'dated' },
  number: { summable: true },
  currency: { summable: true },
  percent: { summable: true },
  multi_select: { noDistinct: true },
};

/** The owner is read as `owner` but reported (and filtered) as `ownerId`. */
const reportName = (f: FieldMeta) => (f.name === 'owner' ? 'ownerId' : f.name);
const choice = (f: FieldMeta): ReportFieldChoice => ({ name: reportName(f), label: f.label, kind: f.kind, dated: REPORT_USE[f.kind]?.group === 'dated' });

export const groupChoices = (meta: ObjectMeta): ReportFieldChoice[] =>
  recordFields(meta)
    .filter((f) => REPORT_USE[f.kind]?.group)
    .map(choice);

/** Fields a measure function can read: numbers and money to add up, any stored field to count distinct values of. */
export function measureChoices(meta: ObjectMeta, fn: MeasureFn): ReportFieldChoice[] {
  if (fn === 'count') return [];
  // Computed kinds have no column to aggregate; isIdle is computed from the stage's idle days.
  const fields = recordFields(meta).filter((f) => isStored(f.kind) && !REPORT_USE[f.kind]?.noDistinct && f.name !== 'isIdle');
  return (fn === 'count_distinct' ? fields : fields.filter((f) => REPORT_USE[f.kind]?.summable)).map(choice);
}

/** A new draft over an object: its deals (or records) counted by its first choice field, as a bar chart. */
export function newDraft(meta: ObjectMeta): ReportDraft {
  const first = groupChoices(meta).find((c) => c.name === 'stage') ?? groupChoices(meta)[0];
  return { object: meta.name, title: '', groups: first ? [groupOf(first)] : [], measures: [{ fn: 'count' }], chart: 'bar' };
}

export const groupOf = (c: ReportFieldChoice): DraftGroup => (c.dated ? { field: c.name, bucket: 'month' } : { field: c.name });

/** Whether every measure names what it needs (a field for all but count). */
export const complete = (d: ReportDraft) => d.measures.length > 0 && d.measures.every((m) => m.fn === 'count' || !!m.field);

/** The report document (without `x-report`: what runReport takes inline). */
export function inlineDocument(d: ReportDraft, measureLabel: (m: DraftMeasure) => Labels): Record<string, unknown> {
  return {
    'x-object': d.object,
    groupBy: d.groups.map((g) => (g.bucket ? { field: g.field, bucket: g.bucket } : { field: g.field })),
    measures: d.measures.map((m, i) => ({ key: `m${i + 1}`, fn: m.fn, ...(m.fn === 'count' ? {} : { field: m.field }), label: measureLabel(m) })),
    totals: true,
    ...(d.groups.length === 2 ? { subtotals: true } : {}),
    chart: d.chart,
  };
}

/** The document to save: a shared report named `key`. */
export const savedDocument = (d: ReportDraft, key: string, measureLabel: (m: DraftMeasure) => Labels): Record<string, unknown> => ({
  'x-report': key,
  ...(d.title.trim() ? { title: d.title.trim() } : {}),
  ...inlineDocument(d, measureLabel),
});
