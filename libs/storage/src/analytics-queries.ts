/**
 * Sales analytics over a pipeline's stage history, each figure ONE statement: the cohort funnel (how far each
 * deal created in a period got, and where the lost ones stopped, by reason), time in stage, the sales cycle,
 * win rates by a dimension, and pipeline movement. Amounts are in the reporting currency (rates joined; an
 * amount without a rate is left out). The object's filter and the viewer's scope are ANDed in, as for lists.
 */
import type { FieldModel, ObjectModel, PipelineModel } from '@funnelcraft/definitions';
import { compileCondition, SqlParams } from '@funnelcraft/expressions';
import { fieldColumns } from './column-types.js';
import type { Queryable } from './db.js';
import { FIELD_HISTORY_TABLE } from './field-history.js';
import { kindSql } from './kind-sql.js';
import { objectSql, tableOf } from './object-sql.js';
import { STAGE_HISTORY_TABLE } from './pipeline-ddl.js';
import { queryRead } from './prepared.js';
import { q } from './sql-text.js';

export interface PipelineScope {
  schema: string;
  o: ObjectModel;
  p: PipelineModel;
  tenantId: string;
  currency: string;
  /** json-logic over the object's fields (current values), periods resolved. */
  filter?: unknown;
  /** The viewer's read scope (see readScope in libs/records), ANDed with the filter. */
  scope?: unknown;
}

/** A half-open period [from, to) of ISO dates. */
export interface Period {
  from: string;
  to: string;
}

/** Parameters and shared SQL pieces of one analytics statement. */
class Statement {
  readonly params = new SqlParams();
  private tenantP?: string;
  private reportingP?: string;

  constructor(readonly ps: PipelineScope) {}

  get tenant() {
    return (this.tenantP ??= this.params.add(this.ps.tenantId, 'uuid'));
  }
  get reporting() {
    return (this.reportingP ??= this.params.add(this.ps.currency, 'text'));
  }
  add(value: unknown, cast?: string) {
    return this.params.add(value, cast);
  }
  get table() {
    return tableOf(this.ps.schema, this.ps.o);
  }
  get history() {
    return `${q(this.ps.schema)}.${q(STAGE_HISTORY_TABLE)}`;
  }
  get fieldHistory() {
    return `${q(this.ps.schema)}.${q(FIELD_HISTORY_TABLE)}`;
  }

  /** The records of the pipeline the filter and scope let through (row alias `t`). */
  where(): string {
    const vars = objectSql(this.ps.o).vars;
    const parts = ['t.deleted_at IS NULL', `t.pipeline = ${this.add(this.ps.p.key, 'text')}`];
    for (const logic of [this.ps.filter, this.ps.scope]) {
      if (logic !== undefined && logic !== null) parts.push(compileCondition(logic, { resolve: (n) => vars.get(n), params: this.params }));
    }
    return parts.join(' AND ');
  }

  /** The record's amount (pipeline amount field) in the reporting currency, with the join it needs. */
  amount(): { sql: string; join: string } {
    const f = this.ps.p.amountField ? this.ps.o.fieldsByName.get(this.ps.p.amountField) : undefined;
    if (!f) return { sql: 'NULL::numeric', join: '' };
    const convert = kindSql(f).amount;
    const cols = fieldColumns(f).map((c) => `t.${q(c.column)}`);
    if (!convert) return { sql: cols[0]!, join: '' };
    const a = convert(cols, this.reporting, 'r', this.tenant);
    return { sql: a.amount, join: a.join };
  }

  /** A history row's amount (as it was at the move) in the reporting currency; rates joined under `alias`. */
  historyAmount(h: string, alias: string): { sql: string; join: string } {
    return {
      sql: `CASE WHEN ${h}.currency IS NULL OR ${h}.currency = ${this.reporting} THEN ${h}.amount ELSE ${h}.amount * ${alias}.rate END`,
      join: `LEFT JOIN platform.currency_rates ${alias} ON ${alias}.tenant_id = ${this.tenant} AND ${alias}.currency = ${h}.currency`,
    };
  }

  stagesOf(categories: string[]): string {
    return this.add(
      this.ps.p.stages.filter((s) => categories.includes(s.category)).map((s) => s.key),
      'text[]',
    );
  }
}

const run = async <T>(db: Queryable, st: Statement, sql: string) => (await queryRead<T & Record<string, unknown>>(db, sql, st.params.values)).rows;

export interface FunnelRow {
  /** 1-based position of the furthest open or won stage reached, in the pipeline's order without lost stages. */
  furthest: number | null;
  outcome: string | null;
  lostReason: string | null;
  count: number;
  amount: number | null;
}

/**
 * The cohort of deals created in the period, by the furthest stage each reached (from its stage history:
 * skipped stages count as passed), its outcome and lost reason; the service sums these into the funnel.
 */
export async function funnelRows(db: Queryable, ps: PipelineScope, period: Period): Promise<FunnelRow[]> {
  const st = new Statement(ps);
  const a = st.amount();
  const where = st.where();
  const stages = st.stagesOf(['open', 'won']);
  const sql = `WITH d AS (
      SELECT t.id, t.outcome, t.lost_reason, ${a.sql} AS amount FROM ${st.table} t ${a.join}
       WHERE ${where} AND t.created_at >= ${st.add(period.from, 'date')} AND t.created_at < ${st.add(period.to, 'date')}
    ), f AS (
      SELECT d.id, max(array_position(${stages}, h.to_stage)) AS furthest FROM d
        JOIN ${st.history} h ON h.record_id = d.id AND h.object = ${st.add(ps.o.name, 'text')} AND h.pipeline = ${st.add(ps.p.key, 'text')}
       GROUP BY d.id
    )
    SELECT f.furthest, d.outcome, d.lost_reason AS "lostReason", count(*)::int AS count, sum(d.amount)::float8 AS amount
      FROM d JOIN f ON f.id = d.id GROUP BY 1, 2, 3`;
  return run<FunnelRow>(db, st, sql);
}

export interface StageDurationRow {
  stage: string;
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

/** Days spent in each stage, from the moves out of it made in the period. */
export async function timeInStageRows(db: Queryable, ps: PipelineScope, period: Period): Promise<StageDurationRow[]> {
  const st = new Statement(ps);
  const where = st.where();
  const sql = `SELECT h.from_stage AS stage, count(*)::int AS count, avg(h.days_in_previous)::float8 AS mean,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY h.days_in_previous)::float8 AS median,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY h.days_in_previous)::float8 AS p90
    FROM ${st.history} h JOIN ${st.table} t ON t.id = h.record_id
   WHERE h.object = ${st.add(ps.o.name, 'text')} AND h.pipeline = ${st.add(ps.p.key, 'text')} AND h.from_stage IS NOT NULL AND h.days_in_previous IS NOT NULL
     AND h.moved_at >= ${st.add(period.from, 'date')} AND h.moved_at < ${st.add(period.to, 'date')} AND ${where}
   GROUP BY h.from_stage`;
  return run<StageDurationRow>(db, st, sql);
}

export interface CycleRow {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  wonAmount: number | null;
}

/** Days from creation to the win, of the deals won in the period, and their amount. */
export async function salesCycleRow(db: Queryable, ps: PipelineScope, period: Period): Promise<CycleRow> {
  const st = new Statement(ps);
  const a = st.amount();
  const where = st.where();
  const days = `(t.closed_on - (t.created_at AT TIME ZONE 'UTC')::date)`;
  const sql = `SELECT count(*)::int AS count, avg(${days})::float8 AS mean,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${days})::float8 AS median,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY ${days})::float8 AS p90, sum(${a.sql})::float8 AS "wonAmount"
    FROM ${st.table} t ${a.join}
   WHERE ${where} AND t.outcome = 'won' AND t.closed_on >= ${st.add(period.from, 'date')} AND t.closed_on < ${st.add(period.to, 'date')}`;
  return (await run<CycleRow>(db, st, sql))[0]!;
}

export interface WinRateRow {
  key: unknown;
  label: string | null;
  won: number;
  lost: number;
  wonAmount: number | null;
  open: number;
}

/**
 * Deals closed in the period (won and lost) by a dimension: nothing (one row), a field of the object (a user
 * field or ownerId labelled with the user's name), or the month / quarter / year they closed in. `open`
 * counts the deals open now in each group (for velocity).
 */
export async function winRateRows(
  db: Queryable,
  ps: PipelineScope,
  period: Period,
  by?: { field?: FieldModel; system?: string; bucket?: 'month' | 'quarter' | 'year' },
): Promise<WinRateRow[]> {
  const st = new Statement(ps);
  const a = st.amount();
  const where = st.where();
  const vars = objectSql(ps.o).vars;
  let key = 'NULL::text';
  let label = 'NULL::text';
  let join = '';
  if (by?.bucket) key = `date_trunc('${by.bucket}', t.closed_on)::date`;
  else if (by?.field || by?.system) {
    key = vars.get(by.field?.name ?? by.system!)!.sql;
    if (by.system === 'ownerId' || by.field?.kind.link === 'user') {
      join = `LEFT JOIN platform.users u ON u.id = ${key} AND u.tenant_id = ${st.tenant}`;
      label = 'min(u.name)';
    }
  }
  const from = st.add(period.from, 'date');
  const to = st.add(period.to, 'date');
  const closedIn = `t.closed_on >= ${from} AND t.closed_on < ${to}`;
  const sql = `SELECT ${key} AS key, ${label} AS label,
      count(*) FILTER (WHERE t.outcome = 'won' AND ${closedIn})::int AS won, count(*) FILTER (WHERE t.outcome = 'lost' AND ${closedIn})::int AS lost,
      sum(${a.sql}) FILTER (WHERE t.outcome = 'won' AND ${closedIn})::float8 AS "wonAmount", count(*) FILTER (WHERE t.outcome IS NULL)::int AS open
    FROM ${st.table} t ${a.join} ${join}
   WHERE ${where} AND (t.outcome IS NULL${by?.bucket ? ' AND FALSE' : ''} OR ${closedIn}) GROUP BY 1 ORDER BY 1 NULLS LAST`;
  return run<WinRateRow>(db, st, sql);
}

export interface MovementRow {
  created: number;
  advanced: number;
  slipped: number;
  won: number;
  lost: number;
  wonAmount: number | null;
  lostAmount: number | null;
}

/**
 * What happened in the period: deals created, moved forward (to a later open stage), whose close date moved
 * later (field history of `closeField`), won and lost.
 */
export async function movementRow(db: Queryable, ps: PipelineScope, period: Period, closeField?: FieldModel): Promise<MovementRow> {
  const st = new Statement(ps);
  const a = st.amount();
  const where = st.where();
  const from = st.add(period.from, 'date');
  const to = st.add(period.to, 'date');
  const object = st.add(ps.o.name, 'text');
  const order = st.add(
    ps.p.stages.map((s) => s.key),
    'text[]',
  );
  const open = st.stagesOf(['open']);
  const slipped = closeField
    ? `(SELECT count(DISTINCT fh.record_id) FROM ${st.fieldHistory} fh JOIN d ON d.id = fh.record_id WHERE fh.object = ${object} AND fh.field = ${st.add(closeField.name, 'text')}
          AND fh.changed_at >= ${from} AND fh.changed_at < ${to} AND (fh.new_value #>> '{}')::date > (fh.old_value #>> '{}')::date)`
    : '0';
  const sql = `WITH d AS (SELECT t.id, t.created_at, t.outcome, t.closed_on, ${a.sql} AS amount FROM ${st.table} t ${a.join} WHERE ${where})
    SELECT (SELECT count(*) FROM d WHERE d.created_at >= ${from} AND d.created_at < ${to})::int AS created,
      (SELECT count(DISTINCT h.record_id) FROM ${st.history} h JOIN d ON d.id = h.record_id
        WHERE h.object = ${object} AND h.moved_at >= ${from} AND h.moved_at < ${to} AND h.from_stage IS NOT NULL AND h.to_stage = ANY(${open})
          AND array_position(${order}, h.to_stage) > array_position(${order}, h.from_stage))::int AS advanced,
      ${slipped}::int AS slipped,
      count(*) FILTER (WHERE d.outcome = 'won' AND d.closed_on >= ${from} AND d.closed_on < ${to})::int AS won,
      count(*) FILTER (WHERE d.outcome = 'lost' AND d.closed_on >= ${from} AND d.closed_on < ${to})::int AS lost,
      sum(d.amount) FILTER (WHERE d.outcome = 'won' AND d.closed_on >= ${from} AND d.closed_on < ${to})::float8 AS "wonAmount",
      sum(d.amount) FILTER (WHERE d.outcome = 'lost' AND d.closed_on >= ${from} AND d.closed_on < ${to})::float8 AS "lostAmount"
    FROM d`;
  return (await run<MovementRow>(db, st, sql))[0]!;
}

export interface ForecastRow {
  /** First day of the period. */
  start: string;
  wonToDate: number;
  /** Open deals expected to close in the period (their close date as known at the as-of date). */
  openCount: number;
  pipeline: number;
  weighted: number;
  historical: number;
}

/**
 * The forecast as of an instant, point in time: every input is what was known then. A deal's stage and amount
 * at `asOf` are those of its last move before it (stage history), its expected close date the value it had
 * then (field history of `closeField`: the old value of its first change after `asOf`, else the current one),
 * the win rate from each stage is learned from the deals closed before `asOf`, and only wins before `asOf`
 * count as won to date. Periods are `count` months or quarters from the one holding `asOf`; open deals due
 * before the first one (overdue) count in it.
 */
export async function forecastRows(
  db: Queryable,
  ps: PipelineScope,
  input: { asOf: string; bucket: 'month' | 'quarter'; count: number; closeField: FieldModel },
): Promise<ForecastRow[]> {
  const st = new Statement(ps);
  const where = st.where();
  const asOf = st.add(input.asOf, 'timestamptz');
  const object = st.add(ps.o.name, 'text');
  const pipeline = st.add(ps.p.key, 'text');
  const won = st.stagesOf(['won']);
  const closed = st.stagesOf(['won', 'lost']);
  const open = st.stagesOf(['open']);
  const stageKeys = st.add(
    ps.p.stages.map((s) => s.key),
    'text[]',
  );
  const probabilities = st.add(
    ps.p.stages.map((s) => s.probability),
    'numeric[]',
  );
  const unit = input.bucket;
  const first = `date_trunc('${unit}', ${asOf} AT TIME ZONE 'UTC')::date`;
  const count = st.add(input.count, 'int');
  const closeCol = `t.${q(fieldColumns(input.closeField)[0]!.column)}`;
  const ha = st.historyAmount('s', 'r');
  const wa = st.historyAmount('h', 'rw');
  const sql = `WITH hist AS (
      SELECT h.id, h.record_id, h.to_stage, h.moved_at, h.amount, h.currency FROM ${st.history} h
       WHERE h.object = ${object} AND h.pipeline = ${pipeline} AND h.moved_at <= ${asOf}
    ), outcome AS (
      SELECT record_id, bool_or(to_stage = ANY(${won})) AS won FROM hist WHERE to_stage = ANY(${closed}) GROUP BY record_id
    ), learned AS (
      SELECT x.to_stage AS stage, avg(CASE WHEN o.won THEN 1.0 ELSE 0.0 END) AS rate
        FROM (SELECT DISTINCT record_id, to_stage FROM hist) x JOIN outcome o USING (record_id) GROUP BY x.to_stage
    ), state AS (
      SELECT DISTINCT ON (record_id) id, record_id, to_stage, amount, currency FROM hist ORDER BY record_id, moved_at DESC, id DESC
    ), buckets AS (
      SELECT (${first} + make_interval(months => i * ${unit === 'quarter' ? 3 : 1}))::date AS start, i FROM generate_series(0, ${count} - 1) AS i
    ), moved AS (
      -- The close date each deal had at asOf: the old value of its first change after asOf (none: the current one).
      SELECT DISTINCT ON (fh.record_id) fh.record_id, (fh.old_value #>> '{}')::date AS close_date FROM ${st.fieldHistory} fh
       WHERE fh.object = ${object} AND fh.field = ${st.add(input.closeField.name, 'text')} AND fh.changed_at > ${asOf}
       ORDER BY fh.record_id, fh.changed_at
    ), due AS (
      SELECT ${ha.sql} AS amount, s.to_stage, CASE WHEN m.record_id IS NULL THEN ${closeCol} ELSE m.close_date END AS close_date
        FROM state s JOIN ${st.table} t ON t.id = s.record_id ${ha.join} LEFT JOIN moved m ON m.record_id = s.record_id
       WHERE s.to_stage = ANY(${open}) AND ${where}
    ), wins AS (
      SELECT date_trunc('${unit}', h.moved_at AT TIME ZONE 'UTC')::date AS start, sum(${wa.sql}) AS amount
        FROM hist h JOIN ${st.table} t ON t.id = h.record_id ${wa.join}
       WHERE h.to_stage = ANY(${won}) AND ${where} GROUP BY 1
    ), totals AS (
      SELECT b.start, b.i, count(d.*)::int AS "openCount", COALESCE(sum(d.amount), 0)::float8 AS pipeline,
        COALESCE(sum(d.amount * (${probabilities})[array_position(${stageKeys}, d.to_stage)] / 100), 0)::float8 AS weighted,
        COALESCE(sum(d.amount * COALESCE(l.rate, 0)), 0)::float8 AS historical
      FROM buckets b
      LEFT JOIN due d ON d.close_date IS NOT NULL AND (date_trunc('${unit}', d.close_date)::date = b.start OR (b.i = 0 AND d.close_date < b.start))
      LEFT JOIN learned l ON l.stage = d.to_stage
      GROUP BY b.start, b.i
    )
    SELECT x.start, COALESCE(w.amount, 0)::float8 AS "wonToDate", x."openCount", x.pipeline, x.weighted, x.historical
      FROM totals x LEFT JOIN wins w ON w.start = x.start ORDER BY x.i`;
  return run<ForecastRow>(db, st, sql);
}

/** What was actually won in each period starting at `starts` (`unit` long), as history tells it now. */
export async function wonByPeriod(db: Queryable, ps: PipelineScope, starts: string[], unit: 'month' | 'quarter'): Promise<Map<string, number>> {
  const st = new Statement(ps);
  const where = st.where();
  const wa = st.historyAmount('h', 'rw');
  const sql = `SELECT date_trunc('${unit}', h.moved_at AT TIME ZONE 'UTC')::date AS start, COALESCE(sum(${wa.sql}), 0)::float8 AS won
      FROM ${st.history} h JOIN ${st.table} t ON t.id = h.record_id ${wa.join}
     WHERE h.object = ${st.add(ps.o.name, 'text')} AND h.pipeline = ${st.add(ps.p.key, 'text')} AND h.to_stage = ANY(${st.stagesOf(['won'])})
       AND date_trunc('${unit}', h.moved_at AT TIME ZONE 'UTC')::date = ANY(${st.add(starts, 'date[]')}) AND ${where}
     GROUP BY 1`;
  const rows = await run<{ start: string; won: number }>(db, st, sql);
  return new Map(rows.map((r) => [r.start, r.won]));
}

export interface TargetAttainmentRow {
  id: string;
  /** The period's first day. */
  start: string;
  ownerId: string | null;
  teamId: string | null;
  /** The user's or the team's name. */
  name: string;
  target: number;
  /** The owners the target counts: the user, or the team's members and those of every team below it (now). */
  members: string[];
  /** Won in the period up to `asOf` by those owners (moves into a won stage; amount at the move). */
  won: number;
}

/**
 * The targets of the periods starting at `starts` (`bucket` targets only) with what their owners won in each
 * up to `asOf`, as the forecast's won to date counts it (the scope's filter and viewer's scope ANDed in). One
 * statement: the team subtrees walked in SQL, depth-bounded (the teams service refuses cycles).
 */
export async function targetAttainmentRows(
  db: Queryable,
  ps: PipelineScope,
  input: { asOf: string; bucket: 'month' | 'quarter'; starts: string[] },
): Promise<TargetAttainmentRow[]> {
  const st = new Statement(ps);
  const where = st.where();
  const unit = input.bucket;
  const starts = st.add(input.starts, 'date[]');
  const wa = st.historyAmount('h', 'rw');
  const sql = `WITH RECURSIVE targets AS (
      SELECT x.id, x.period_start AS start, x.owner_id, x.team_id, x.amount FROM platform.sales_targets x
       WHERE x.tenant_id = ${st.tenant} AND x.period = ${st.add(unit, 'text')} AND x.period_start = ANY(${starts})
    ), sub(target_id, team_id, depth) AS (
      SELECT id, team_id, 0 FROM targets WHERE team_id IS NOT NULL
      UNION ALL
      SELECT sub.target_id, c.id, sub.depth + 1 FROM platform.teams c JOIN sub ON c.parent_id = sub.team_id
       WHERE c.tenant_id = ${st.tenant} AND sub.depth < 100
    ), members AS (
      SELECT id AS target_id, owner_id AS user_id FROM targets WHERE owner_id IS NOT NULL
      UNION
      SELECT sub.target_id, u.id FROM sub JOIN platform.users u ON u.team_id = sub.team_id AND u.tenant_id = ${st.tenant}
    ), wins AS (
      SELECT date_trunc('${unit}', h.moved_at AT TIME ZONE 'UTC')::date AS start, t.owner_id, sum(${wa.sql}) AS amount
        FROM ${st.history} h JOIN ${st.table} t ON t.id = h.record_id ${wa.join}
       WHERE h.object = ${st.add(ps.o.name, 'text')} AND h.pipeline = ${st.add(ps.p.key, 'text')} AND h.to_stage = ANY(${st.stagesOf(['won'])})
         AND h.moved_at <= ${st.add(input.asOf, 'timestamptz')} AND date_trunc('${unit}', h.moved_at AT TIME ZONE 'UTC')::date = ANY(${starts})
         AND ${where}
       GROUP BY 1, 2
    )
    SELECT x.id, to_char(x.start, 'YYYY-MM-DD') AS start, x.owner_id AS "ownerId", x.team_id AS "teamId",
      COALESCE(ou.name, tm.name) AS name, x.amount::float8 AS target,
      COALESCE(array_agg(DISTINCT m.user_id) FILTER (WHERE m.user_id IS NOT NULL), '{}') AS members,
      COALESCE((SELECT sum(w.amount) FROM wins w WHERE w.start = x.start AND w.owner_id IN (SELECT y.user_id FROM members y WHERE y.target_id = x.id)), 0)::float8 AS won
      FROM targets x LEFT JOIN members m ON m.target_id = x.id
      LEFT JOIN platform.users ou ON ou.id = x.owner_id LEFT JOIN platform.teams tm ON tm.id = x.team_id
     GROUP BY x.id, x.start, x.owner_id, x.team_id, ou.name, tm.name, x.amount
     ORDER BY x.start, x.team_id NULLS LAST, name`;
  return run<TargetAttainmentRow>(db, st, sql);
}
