/**
 * A report as ONE SQL statement: the source table, a LEFT JOIN per lookup it reads through (and per currency
 * field converted, per user or lookup group labelled), the filter and the caller's scope in WHERE, the groups
 * with their totals and subtotals as GROUPING SETS, measures converted to the reporting currency (never adding
 * up amounts of different currencies: an amount without a rate is left out and counted as unconverted), and
 * the sort and limit applied to the detail rows by a window over the aggregate. Identifiers come from the
 * model (validated, quoted); every value is bound.
 */
import type { FieldModel, ObjectModel, ReportField, ReportGroup, ReportModel } from '@funnelcraft/definitions';
import { compileCondition, SqlParams, type SqlVariable } from '@funnelcraft/expressions';
import { fieldColumns } from './column-types.js';
import type { Queryable } from './db.js';
import { kindSql } from './kind-sql.js';
import { objectSql, tableOf } from './object-sql.js';
import { queryRead } from './prepared.js';
import type { Row } from './record-queries.js';
import { q } from './sql-text.js';

export interface ReportRunInput {
  report: ReportModel;
  source: ObjectModel;
  /** The report's filter with its relative periods resolved (see resolvePeriods). */
  filter?: unknown;
  /** What the viewer may see (record scopes), ANDed with the filter; the same hook lists take. */
  scope?: unknown;
  tenantId: string;
  currency: string;
}

export type ReportLevel = 'row' | 'subtotal' | 'total';
export interface ReportCell {
  value: unknown;
  /** The option's label, the user's name, the looked-up record's display value; the value itself otherwise. */
  label: string | null;
}
export interface ReportDataRow {
  level: ReportLevel;
  groups: ReportCell[];
  values: (number | string | null)[];
}
export interface ReportData {
  rows: ReportDataRow[];
  subtotals: ReportDataRow[];
  total: ReportDataRow | null;
  /** Records whose amount had no rate into the reporting currency: left out of the currency measures. */
  unconverted: number;
}

const TRUNC: Record<string, string> = { week: 'week', month: 'month', quarter: 'quarter', year: 'year', fiscal_quarter: 'quarter', fiscal_year: 'year' };
const USER_FIELDS = new Set(['ownerId', 'createdBy', 'updatedBy']);

class ReportSql {
  readonly params = new SqlParams();
  private tenantParam?: string;
  private reportingParam?: string;
  private readonly joins: string[] = [];
  private readonly lookups = new Map<string, string>();
  private readonly rates = new Map<string, { amount: string; unconverted: string }>();

  constructor(
    private readonly schema: string,
    private readonly source: ObjectModel,
    private readonly input: ReportRunInput,
  ) {}

  // Bound when first used: a prepared statement takes exactly the parameters its text names.
  get tenant(): string {
    return (this.tenantParam ??= this.params.add(this.input.tenantId, 'uuid'));
  }

  get reporting(): string {
    return (this.reportingParam ??= this.params.add(this.input.currency, 'text'));
  }

  get joinSql(): string {
    return this.joins.join(' ');
  }

  /** The alias of a lookup's target row, joined once. */
  lookupAlias(via: FieldModel, target: ObjectModel): string {
    let alias = this.lookups.get(via.name);
    if (!alias) {
      alias = `l${this.lookups.size}`;
      this.lookups.set(via.name, alias);
      this.joins.push(`LEFT JOIN ${tableOf(this.schema, target)} ${alias} ON ${alias}.id = t.${q(via.column)} AND ${alias}.deleted_at IS NULL`);
    }
    return alias;
  }

  /** The row alias a field is read from: the source's `t`, or its lookup's. */
  private aliasOf(ref: ReportField): string {
    return ref.via ? this.lookupAlias(ref.via, ref.object) : 't';
  }

  variable(ref: ReportField): SqlVariable {
    const v = objectSql(ref.object).vars.get(ref.name);
    if (!v) throw new Error(`No SQL for ${ref.path}`);
    // Stored fields read `t."col"`; through a lookup the same column of the joined row (formulas are refused there).
    return ref.via ? { sql: v.sql.replace(/^t\./, `${this.aliasOf(ref)}.`), type: v.type } : v;
  }

  /** A currency field in the reporting currency (its rates joined once), or the plain expression. */
  amount(ref: ReportField): { sql: string; unconverted?: string } {
    const f = ref.field;
    const convert = f && kindSql(f).amount;
    if (!f || !convert) return { sql: this.variable(ref).sql };
    let a = this.rates.get(ref.path);
    if (!a) {
      const alias = this.aliasOf(ref);
      const r = convert(
        fieldColumns(f).map((c) => `${alias}.${q(c.column)}`),
        this.reporting,
        `r${this.rates.size}`,
        this.tenant,
      );
      this.joins.push(r.join);
      a = { amount: r.amount, unconverted: r.unconverted };
      this.rates.set(ref.path, a);
    }
    return { sql: a.amount, unconverted: a.unconverted };
  }

  condition(logic: unknown, refs: ReadonlyMap<string, ReportField>): string {
    const own = objectSql(this.source).vars;
    return compileCondition(logic, { resolve: (n) => (refs.has(n) ? this.variable(refs.get(n)!) : own.get(n)), params: this.params });
  }

  group(g: ReportGroup, fiscalStartMonth: number): { sql: string; label?: string; order: (col: string) => string } {
    const base = this.variable(g.ref);
    let sql = base.sql;
    if (g.bucket) {
      const local = base.type === 'datetime' ? `(${sql} AT TIME ZONE 'UTC')` : sql;
      const shift = g.bucket.startsWith('fiscal_') ? fiscalStartMonth - 1 : 0;
      sql =
        g.bucket === 'day'
          ? `(${local})::date`
          : shift
            ? `(date_trunc('${TRUNC[g.bucket]}', ${local} - interval '${shift} months') + interval '${shift} months')::date`
            : `date_trunc('${TRUNC[g.bucket]}', ${local})::date`;
    }
    const f = g.ref.field;
    if (f?.kind.choice === 'one' && f.options.length) {
      const options = this.params.add(
        f.options.map((o) => o.value),
        'text[]',
      );
      return { sql, order: (col) => `array_position(${options}, ${col})` };
    }
    // Stages in their pipelines' order (a funnel reads top to bottom), not by key.
    if (!f && g.ref.name === 'stage' && g.ref.object.pipelines.length) {
      const stages = this.params.add([...new Set(g.ref.object.pipelines.flatMap((p) => p.stages.map((st) => st.key)))], 'text[]');
      return { sql, order: (col) => `array_position(${stages}, ${col})` };
    }
    if (f?.kind.link === 'user' || (!f && USER_FIELDS.has(g.ref.name))) {
      const alias = `u${this.joins.length}`;
      this.joins.push(`LEFT JOIN platform.users ${alias} ON ${alias}.id = ${sql} AND ${alias}.tenant_id = ${this.tenant}`);
      return { sql, label: `min(${alias}.name)`, order: (col) => col };
    }
    return { sql, order: (col) => col };
  }
}

/** Labels of select options, for the groups that have them (read once per run, not per row). */
function optionLabels(g: ReportGroup): Map<string, string> | undefined {
  const f = g.ref.field;
  return f?.kind.choice === 'one' ? new Map(f.options.map((o) => [o.value, o.label?.['en'] ?? o.value])) : undefined;
}

export async function runReportQuery(
  db: Queryable,
  schema: string,
  lookupTargets: ReadonlyMap<string, ObjectModel>,
  input: ReportRunInput,
): Promise<ReportData> {
  const { report, source } = input;
  const s = new ReportSql(schema, source, input);
  const refs = new Map(report.filterFields.map((f) => [f.path, f]));
  const where = ['t.deleted_at IS NULL'];
  if (input.filter !== undefined && input.filter !== null) where.push(s.condition(input.filter, refs));
  if (input.scope !== undefined && input.scope !== null) where.push(s.condition(input.scope, new Map()));

  const groups = report.groups.map((g) => {
    const sql = s.group(g, report.fiscalYearStartMonth);
    // A lookup grouped by itself is labelled with its record's display field, read through the same join.
    const f = g.ref.field;
    const target = f?.kind.link === 'record' && f.target && !g.ref.via ? lookupTargets.get(f.target) : undefined;
    if (f && target) {
      const alias = s.lookupAlias(f, target);
      const display = objectSql(target).vars.get(target.displayField);
      if (display) return { ...sql, label: `min((${display.sql.replace(/^t\./, `${alias}.`)})::text)` };
    }
    return sql;
  });
  const unconverted: string[] = [];
  const measures = report.measures.map((m) => {
    if (m.fn === 'count') return 'count(*)::float8';
    const a = s.amount(m.ref!);
    if (a.unconverted) unconverted.push(a.unconverted);
    const numeric = m.ref!.valueType === 'number';
    switch (m.fn) {
      case 'count_distinct':
        return `count(DISTINCT ${a.sql})::float8`;
      case 'sum':
      case 'avg':
        return `${m.fn}(${a.sql})::float8`;
      default:
        return numeric ? `${m.fn}(${a.sql})::float8` : `${m.fn}(${a.sql})`;
    }
  });

  const select = [
    ...groups.flatMap((g, i) => [`${g.sql} AS g${i}`, `${g.label ?? 'NULL::text'} AS l${i}`]),
    ...measures.map((m, i) => `${m} AS m${i}`),
    `${unconverted.length ? `GREATEST(${unconverted.join(', ')})` : '0'}::int AS u`,
  ];
  const sets: string[] = [];
  if (groups.length) {
    sets.push(`(${groups.map((g) => g.sql).join(', ')})`);
    if (groups.length === 2 && report.subtotals) sets.push(`(${groups[0]!.sql})`);
    if (report.totals) sets.push('()');
  }
  // Grouping sets only when there are totals or subtotals: one set as GROUPING SETS can cost PostgreSQL a sort
  // where a plain GROUP BY hashes.
  const rollup = sets.length > 1;
  select.push(`${rollup ? `GROUPING(${groups.map((g) => g.sql).join(', ')})` : '0'}::int AS lvl`);
  const groupBy = rollup ? ` GROUP BY GROUPING SETS (${sets.join(', ')})` : sets.length ? ` GROUP BY ${groups.map((g) => g.sql).join(', ')}` : '';
  const byGroups = groups.map((g, i) => `${g.order(`x.g${i}`)} ASC NULLS LAST`);
  const sort = [
    ...report.sort.map((t) => {
      const dir = t.direction === 'desc' ? 'DESC' : 'ASC';
      const g = /^group(\d)$/.exec(t.by);
      if (g) return `${groups[Number(g[1])]!.order(`x.g${g[1]}`)} ${dir} NULLS LAST`;
      return `x.m${report.measures.findIndex((m) => m.key === t.by)} ${dir} NULLS LAST`;
    }),
    ...byGroups,
  ];
  const order = sort.length ? sort.join(', ') : 'x.lvl';
  const limited = report.limit !== undefined;
  const window = limited ? `, row_number() OVER (PARTITION BY x.lvl ORDER BY ${order}) AS rn` : '';
  const keep = limited ? ` WHERE y.lvl <> 0 OR y.rn <= ${s.params.add(report.limit, 'int')}` : '';
  const sql = `WITH x AS (SELECT ${select.join(', ')} FROM ${tableOf(schema, source)} t ${s.joinSql} WHERE ${where.join(' AND ')}${groupBy})
    SELECT y.* FROM (SELECT x.*${window} FROM x) y${keep} ORDER BY y.lvl, ${order.replace(/\bx\./g, 'y.')}`;
  const { rows } = await queryRead<Row>(db, sql, s.params.values);

  const labels = report.groups.map(optionLabels);
  const all = (1 << groups.length) - 1;
  const data: ReportData = { rows: [], subtotals: [], total: null, unconverted: 0 };
  let totalUnconverted: number | undefined;
  for (const r of rows) {
    const lvl = r['lvl'] as number;
    const level: ReportLevel = lvl === 0 ? 'row' : lvl === all ? 'total' : 'subtotal';
    const present = level === 'row' ? groups.length : level === 'subtotal' ? 1 : 0;
    const row: ReportDataRow = {
      level,
      groups: groups.slice(0, present).map((_, i) => {
        const value = r[`g${i}`] ?? null;
        const label = (r[`l${i}`] as string | null) ?? labels[i]?.get(String(value)) ?? (value === null ? null : String(value));
        return { value, label };
      }),
      values: measures.map((_, i) => (r[`m${i}`] as number | string | null) ?? null),
    };
    if (level === 'row') data.rows.push(row);
    else if (level === 'subtotal') data.subtotals.push(row);
    else data.total = row;
    if (level === 'row') data.unconverted += r['u'] as number;
    if (level === 'total') totalUnconverted = r['u'] as number;
  }
  // The total row (when there is one) counts every filtered record, past the limit too.
  if (totalUnconverted !== undefined) data.unconverted = totalUnconverted;
  if (!groups.length) data.total = report.totals ? (data.rows[0] ?? null) : null;
  if (groups.length && !report.totals) data.total = null;
  return data;
}
