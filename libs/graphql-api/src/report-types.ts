/**
 * Reports in the data API: `reports` lists the saved reports the viewer may run, `runReport` runs one (by
 * name, or an inline definition) and answers typed rows: columns saying what each group and measure is, rows
 * of group cells and measure values, subtotals, the total, and the same result as CSV.
 */
import { GraphQLBoolean, GraphQLEnumType, GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLString, type GraphQLFieldConfigMap } from 'graphql';
import type { ReportModel } from '@funnelcraft/definitions';
import { authorize, reportCsv, reportXlsx, runReport, type DrilledRow, type ReportResult } from '@funnelcraft/records';
import { kindSql, type ReportCell } from '@funnelcraft/storage';
import { logicToFilter } from './logic-to-filter.js';
import { recordContext, type ApiContext } from './context.js';
import { DateScalar, JSONScalar } from './scalars.js';
import { list, nn } from './static-types.js';

const ReportLevelType = new GraphQLEnumType({ name: 'ReportLevel', values: { row: {}, subtotal: {}, total: {} } });
const ColumnRoleType = new GraphQLEnumType({ name: 'ReportColumnRole', values: { group: {}, measure: {} } });

interface ReportColumn {
  key: string;
  role: 'group' | 'measure';
  field: string | null;
  label: Record<string, string>;
  /** The value type of the column: a field's kind, `date` for date buckets, `number` for counts, `money` for amounts converted into the reporting currency. */
  type: string;
  bucket: string | null;
  fn: string | null;
}

function columnsOf(report: ReportModel): ReportColumn[] {
  const typeOf = (ref: ReportModel['groups'][number]['ref']) => ref.field?.kind.id ?? ref.valueType;
  return [
    ...report.groups.map((g, i): ReportColumn => ({
      key: `group${i}`,
      role: 'group',
      field: g.ref.path,
      label: g.ref.field?.label ?? { en: g.ref.name },
      type: g.bucket ? 'date' : typeOf(g.ref),
      bucket: g.bucket ?? null,
      fn: null,
    })),
    ...report.measures.map((m): ReportColumn => ({
      key: m.key,
      role: 'measure',
      field: m.ref?.path ?? null,
      label: m.label,
      type: m.fn === 'count' || m.fn === 'count_distinct' ? 'number' : m.ref?.field && kindSql(m.ref.field).amount ? 'money' : m.ref ? typeOf(m.ref) : 'number',
      bucket: null,
      fn: m.fn,
    })),
  ];
}

const ReportColumnType = new GraphQLObjectType<ReportColumn>({
  name: 'ReportColumn',
  fields: {
    key: { type: nn(GraphQLString), description: 'group0, group1, or the measure key' },
    role: { type: nn(ColumnRoleType) },
    field: { type: GraphQLString, description: 'the field path (account.industry); null for count' },
    label: { type: nn(JSONScalar), description: 'labels by language' },
    type: {
      type: nn(GraphQLString),
      description: 'field kind of the values; date for buckets, number for counts, money for amounts in the reporting currency',
    },
    bucket: { type: GraphQLString },
    fn: { type: GraphQLString, description: 'the measure function' },
  },
});

const ReportCellType = new GraphQLObjectType<ReportCell>({
  name: 'ReportCell',
  fields: {
    value: { type: JSONScalar, description: 'the group value (a bucket start date, an option value, a user or record id)' },
    label: { type: GraphQLString, description: 'option label, user name, record display value, or the value' },
  },
});

export const ReportRowType = new GraphQLObjectType<DrilledRow>({
  name: 'ReportRow',
  fields: {
    level: { type: nn(ReportLevelType) },
    groups: { type: nn(list(ReportCellType)), description: 'one cell per group (a subtotal has the first only, the total none)' },
    values: { type: nn(new GraphQLList(JSONScalar)), description: 'one value per measure, in measure order (numbers; min/max of dates are dates)' },
    drill: {
      type: JSONScalar,
      description:
        "the source object's list filter selecting exactly this row's records (its count is the row's count); null when a group or the filter reads through a lookup",
      resolve: (r: DrilledRow) => (r.drill === undefined ? null : (logicToFilter(r.drill) ?? null)),
    },
  },
});

const ReportMetaType = new GraphQLObjectType<ReportModel>({
  name: 'ReportMeta',
  fields: {
    key: { type: nn(GraphQLString) },
    object: { type: nn(GraphQLString) },
    label: { type: nn(JSONScalar) },
    chart: { type: nn(GraphQLString) },
    shared: { type: nn(GraphQLBoolean) },
    document: { type: nn(JSONScalar) },
  },
});

export const ReportResultType = new GraphQLObjectType<ReportResult>({
  name: 'ReportResult',
  fields: {
    report: { type: GraphQLString, description: 'the saved report key (inline for an inline definition)', resolve: (r) => r.report.key },
    object: { type: nn(GraphQLString), resolve: (r) => r.report.object },
    chart: { type: nn(GraphQLString), resolve: (r) => r.report.chart },
    currency: { type: nn(GraphQLString), description: 'the reporting currency amounts are in' },
    asOf: { type: nn(DateScalar), description: 'the day relative periods were seen from' },
    columns: { type: nn(list(ReportColumnType)), resolve: (r) => columnsOf(r.report) },
    rows: { type: nn(list(ReportRowType)) },
    subtotals: { type: nn(list(ReportRowType)) },
    total: { type: ReportRowType },
    unconverted: { type: nn(GraphQLInt), description: 'records whose amount had no rate into the reporting currency (left out of amounts)' },
    // Downloads are exports: the role needs the export permission on the report's object (FORBIDDEN otherwise).
    csv: {
      type: nn(GraphQLString),
      description: 'the same result as CSV (needs the export permission)',
      resolve: (r, _a, ctx) => (authorize(recordContext(ctx), 'export', r.report.object), reportCsv(r)),
    },
    xlsx: {
      type: nn(GraphQLString),
      description: 'the same result as an XLSX workbook, base64 (needs the export permission)',
      resolve: (r, _a, ctx) => (authorize(recordContext(ctx), 'export', r.report.object), Buffer.from(reportXlsx(r)).toString('base64')),
    },
  },
});

export const reportQueries: GraphQLFieldConfigMap<unknown, ApiContext> = {
  reports: {
    type: nn(list(ReportMetaType)),
    description: 'saved reports: the shared ones and your own',
    args: { object: { type: GraphQLString } },
    resolve: (_r, args: { object?: string | null }, ctx) => {
      const rc = recordContext(ctx);
      return [...ctx.model.reports.values()].filter((r) => (r.shared || r.owner === rc.actor.userId) && (!args.object || r.object === args.object));
    },
  },
  runReport: {
    type: nn(ReportResultType),
    description: 'runs a saved report (name) or an inline definition (the report document without x-report) as one SQL statement',
    args: {
      name: { type: GraphQLString },
      definition: { type: JSONScalar },
      asOf: { type: DateScalar, description: 'the day relative periods are seen from; today by default' },
    },
    resolve: (_r, args: { name?: string | null; definition?: unknown; asOf?: string | null }, ctx) =>
      runReport(recordContext(ctx), { name: args.name ?? undefined, definition: args.definition ?? undefined, asOf: args.asOf ?? undefined }),
  },
};
