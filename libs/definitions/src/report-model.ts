/**
 * Report documents (`x-report`): a source object and its lookups one level deep, a filter, up to two groups,
 * measures, sort, limit, totals and a chart kind. Checked against the model here (pure: storage builds the SQL),
 * for applied reports and for inline ones `runReport` is given, with the same paths and messages.
 */
import { invalidDefinition, type ErrorDetail } from '@funnelcraft/kernel';
import { compileCondition, SqlParams, variablesOf, type ValueType } from '@funnelcraft/expressions';
import { ajvDetails } from './ajv-details.js';
import { metaSchemaValidator } from './meta-schema.js';
import { SYSTEM_COLUMNS, type FieldModel, type Labels, type ObjectModel, type TenantModel } from './model.js';
import { PIPELINE_FIELDS } from './pipeline-model.js';
import { periodProblems, resolvePeriods } from './report-periods.js';

export type ReportBucket = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'fiscal_quarter' | 'fiscal_year';
export type ReportFn = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'count_distinct';
export type ChartKind = 'table' | 'bar' | 'stacked_bar' | 'line' | 'pie' | 'funnel' | 'matrix';

export interface ReportDocument {
  'x-report': string;
  'x-object': string;
  title?: string;
  'x-label'?: Labels;
  description?: string;
  'x-shared'?: boolean;
  'x-owner'?: string;
  filter?: unknown;
  fiscalYearStartMonth?: number;
  groupBy?: { field: string; bucket?: ReportBucket }[];
  measures: { key: string; fn: ReportFn; field?: string; label?: Labels }[];
  sort?: { by: string; direction?: 'asc' | 'desc' }[];
  limit?: number;
  totals?: boolean;
  subtotals?: boolean;
  chart?: ChartKind;
  [key: string]: unknown;
}

/** A field a report names (`amount`, `account.industry`), resolved: through which lookup, on which object. */
export interface ReportField {
  path: string;
  /** The lookup of the source the field is read through (`account`), for `lookup.field` paths. */
  via?: FieldModel;
  /** The object holding the field: the source, or the lookup's target. */
  object: ObjectModel;
  name: string;
  /** The field's model; absent for system and stage fields (`createdAt`, `stage`). */
  field?: FieldModel;
  valueType: ValueType;
}

export interface ReportGroup {
  ref: ReportField;
  bucket?: ReportBucket;
}

export interface ReportMeasure {
  key: string;
  fn: ReportFn;
  ref?: ReportField;
  label: Labels;
}

export interface ReportModel {
  key: string;
  object: string;
  label: Labels;
  shared: boolean;
  owner?: string;
  filter?: unknown;
  /** Fields the filter reads, resolved (lookup fields need their join). */
  filterFields: ReportField[];
  fiscalYearStartMonth: number;
  groups: ReportGroup[];
  measures: ReportMeasure[];
  sort: { by: string; direction: 'asc' | 'desc' }[];
  limit?: number;
  totals: boolean;
  subtotals: boolean;
  chart: ChartKind;
  document: ReportDocument;
}

const SYSTEM_TYPES: Record<string, ValueType> = { id: 'id', datetime: 'datetime', number: 'number' };

/** A field of one object by API name: its own, a system column, or a stage field. */
function fieldOf(o: ObjectModel, name: string): { field?: FieldModel; valueType: ValueType } | undefined {
  const f = o.fieldsByName.get(name);
  if (f) return { field: f, valueType: f.kind.storage === null ? 'any' : f.kind.valueType };
  const sys = SYSTEM_COLUMNS[name];
  if (sys) return { valueType: SYSTEM_TYPES[sys.filter] ?? 'text' };
  const p = o.pipelines.length ? PIPELINE_FIELDS[name] : undefined;
  return p ? { valueType: p.valueType } : undefined;
}

/** Resolves `field` or `lookup.field` on the source; a message when it names nothing a report can read. */
export function resolveReportField(source: ObjectModel, byName: ReadonlyMap<string, ObjectModel>, path: string): ReportField | string {
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail === undefined) {
    const own = fieldOf(source, head);
    return own ? { path, object: source, name: head, ...own } : `no field "${head}" on ${source.name}`;
  }
  const via = source.fieldsByName.get(head);
  if (via?.kind.link !== 'record' || !via.target) return `"${head}" is not a lookup of ${source.name}`;
  const target = byName.get(via.target);
  if (!target) return `no object "${via.target}"`;
  const own = fieldOf(target, tail);
  if (!own) return `no field "${tail}" on ${target.name}`;
  // A formula is SQL over its own row; read through a lookup it would need that row's alias rewritten.
  if (own.field && own.field.kind.storage === null) return `${target.name}.${tail} is a formula: formulas are reported on their own object only`;
  return { path, via, object: target, name: tail, ...own };
}

/** Compiles the filter over placeholder columns of the right types: operators and operand types are checked now, not when it runs. */
function filterProblem(filter: unknown, fields: ReportField[], add: (message: string) => void): void {
  const types = new Map(fields.map((f) => [f.path, f.valueType]));
  try {
    compileCondition(resolvePeriods(filter, '2000-01-01'), {
      resolve: (n) => (types.has(n) ? { sql: 'NULL', type: types.get(n)! } : undefined),
      params: new SqlParams(),
    });
  } catch (e) {
    add((e as Error).message);
  }
}

const NUMERIC: ValueType[] = ['number'];
const ORDERED: ValueType[] = ['number', 'date', 'datetime', 'text'];

/** Builds a report's model from a document that passed its meta-schema; problems are collected under `at`. */
export function buildReport(doc: ReportDocument, byName: ReadonlyMap<string, ObjectModel>, at: string, problems: ErrorDetail[]): ReportModel | undefined {
  const add = (where: string, message: string) => problems.push({ path: `${at}${where}`, message });
  const source = byName.get(doc['x-object']);
  if (!source) {
    add('.x-object', `no object "${doc['x-object']}"`);
    return undefined;
  }
  const before = problems.length;
  const resolve = (path: string, where: string): ReportField | undefined => {
    const r = resolveReportField(source, byName, path);
    if (typeof r === 'string') add(where, r);
    return typeof r === 'string' ? undefined : r;
  };
  const filterFields: ReportField[] = [];
  if (doc.filter !== undefined) {
    periodProblems(doc.filter, `${at}.filter`, problems);
    for (const name of variablesOf(doc.filter)) {
      const r = resolve(name, `.filter`);
      if (r) filterFields.push(r);
    }
    if (problems.length === before) filterProblem(doc.filter, filterFields, (m) => add('.filter', m));
  }
  const groups: ReportGroup[] = [];
  (doc.groupBy ?? []).forEach((g, i) => {
    const ref = resolve(g.field, `.groupBy[${i}].field`);
    if (!ref) return;
    if (ref.valueType === 'textList') add(`.groupBy[${i}].field`, `${g.field} holds several values: multi-select fields cannot be grouped by`);
    const dated = ref.valueType === 'date' || ref.valueType === 'datetime';
    if (g.bucket && !dated) add(`.groupBy[${i}].bucket`, `${g.field} is no date: buckets are for date and datetime fields`);
    groups.push({ ref, bucket: g.bucket ?? (ref.valueType === 'datetime' ? 'day' : undefined) });
  });
  const keys = new Set<string>();
  const measures: ReportMeasure[] = [];
  doc.measures.forEach((m, i) => {
    const at2 = `.measures[${i}]`;
    if (keys.has(m.key)) add(`${at2}.key`, `measure "${m.key}" appears twice`);
    keys.add(m.key);
    const label = { en: m.key, ...(m.label ?? {}) };
    if (m.fn === 'count') {
      if (m.field !== undefined) add(`${at2}.field`, 'count counts records: it takes no field (count_distinct counts values)');
      measures.push({ key: m.key, fn: m.fn, label });
      return;
    }
    if (m.field === undefined) return add(`${at2}.field`, `${m.fn} needs a field`);
    const ref = resolve(m.field, `${at2}.field`);
    if (!ref) return;
    if ((m.fn === 'sum' || m.fn === 'avg') && !NUMERIC.includes(ref.valueType))
      add(`${at2}.field`, `${m.fn} needs a number, percent or currency field; ${m.field} is not one`);
    if ((m.fn === 'min' || m.fn === 'max') && !ORDERED.includes(ref.valueType)) add(`${at2}.field`, `${m.fn} needs a number, date or text field`);
    measures.push({ key: m.key, fn: m.fn, ref, label });
  });
  const sortable = new Set([...keys, ...groups.map((_, i) => `group${i}`)]);
  (doc.sort ?? []).forEach((s, i) => {
    if (!sortable.has(s.by)) add(`.sort[${i}].by`, `"${s.by}" is neither a measure key nor a group (${[...sortable].join(', ')})`);
  });
  if (doc.subtotals && groups.length < 2) add('.subtotals', 'subtotals need two groups');
  const chart = doc.chart ?? 'table';
  if ((chart === 'pie' || chart === 'funnel') && (doc.groupBy ?? []).length !== 1) add('.chart', `a ${chart} chart shows one group`);
  if ((chart === 'matrix' || chart === 'stacked_bar') && (doc.groupBy ?? []).length !== 2) add('.chart', `a ${chart} chart shows two groups`);
  if (doc['x-shared'] === false && !doc['x-owner']) add('.x-owner', 'a personal report (x-shared: false) names its owner');
  if (problems.length > before) return undefined;
  return {
    key: doc['x-report'],
    object: source.name,
    label: { en: doc.title ?? doc['x-report'], ...(doc['x-label'] ?? {}) },
    shared: doc['x-shared'] !== false,
    owner: doc['x-owner'],
    filter: doc.filter,
    filterFields,
    fiscalYearStartMonth: doc.fiscalYearStartMonth ?? 1,
    groups,
    measures,
    sort: (doc.sort ?? []).map((s) => ({ by: s.by, direction: s.direction ?? 'asc' })),
    limit: doc.limit,
    totals: doc.totals === true,
    subtotals: doc.subtotals === true,
    chart,
    document: doc,
  };
}

export const REPORT_META_SCHEMA = { file: 'report-definition.schema.json', refs: ['object-definition.schema.json'] } as const;

/**
 * A report given inline (not applied): the same meta-schema and checks as an applied one, problems under
 * `path`; throws INVALID_DEFINITION listing them. Nothing is stored.
 */
export function inlineReport(doc: unknown, model: TenantModel, path = 'definition'): ReportModel {
  const meta = metaSchemaValidator(REPORT_META_SCHEMA);
  const candidate = doc && typeof doc === 'object' && !('x-report' in doc) ? { 'x-report': 'inline', ...doc } : doc;
  if (!meta(candidate)) throw invalidDefinition('The report definition is not valid', ajvDetails(path, meta.errors));
  const problems: ErrorDetail[] = [];
  const report = buildReport(candidate as ReportDocument, model.byName, path, problems);
  if (!report) throw invalidDefinition(`${problems.length} problem(s) in the report definition`, problems);
  return report;
}
