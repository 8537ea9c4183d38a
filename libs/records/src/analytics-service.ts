/**
 * Sales analytics and the forecast of one pipeline, for a period and a filter: each figure is one statement
 * in libs/storage (see analytics-queries.ts); here the reads are authorized, the viewer's scope is added, the
 * inputs checked, and the rows summed into funnels, rates, rankings and errors of the forecast methods.
 */
import { defaultPipeline, resolvePeriods, type FieldModel, type ObjectModel, type PipelineModel, type StageModel } from '@funnelcraft/definitions';
import { badInput } from '@funnelcraft/kernel';
import {
  forecastRows,
  funnelRows,
  movementRow,
  salesCycleRow,
  targetAttainmentRows,
  timeInStageRows,
  winRateRows,
  wonByPeriod,
  type CycleRow,
  type ForecastRow,
  type MovementRow,
  type Period,
  type PipelineScope,
  type StageDurationRow,
  type TargetAttainmentRow,
  type WinRateRow,
} from '@funnelcraft/storage';
import type { RecordContext } from './context.js';
import { authorize, ownersReached, readScope } from './permissions.js';
import { objectOf } from './records-service.js';

export interface AnalyticsQuery {
  object: string;
  pipeline?: string;
  /** The period [from, to), ISO dates; by default the 12 months up to the as-of day, that day included. */
  from?: string;
  to?: string;
  /** json-logic over the object's fields (in_period allowed). */
  filter?: unknown;
  /** The day relative periods and defaults are seen from; today by default. */
  asOf?: string;
}

export interface AnalyticsScope {
  ctx: RecordContext;
  o: ObjectModel;
  p: PipelineModel;
  ps: PipelineScope;
  period: Period;
  asOf: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const checkDay = (v: string | undefined, path: string) => {
  if (v !== undefined && (!ISO_DAY.test(v) || Number.isNaN(Date.parse(v)))) throw badInput(`${path} is a date (YYYY-MM-DD)`, [{ path, message: 'not a date' }]);
};
const today = () => new Date().toISOString().slice(0, 10);
const addMonths = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate())).toISOString().slice(0, 10);
};

/** Checks a query and resolves its pipeline, period and scope; every read of it is authorized here. */
export function analyticsScope(ctx: RecordContext, q: AnalyticsQuery): AnalyticsScope {
  const o = objectOf(ctx, q.object);
  authorize(ctx, 'read', o.name);
  const p = q.pipeline ? o.pipelines.find((x) => x.key === q.pipeline) : defaultPipeline(o.pipelines);
  if (!p)
    throw badInput(`No pipeline ${JSON.stringify(q.pipeline ?? null)} on ${o.name}`, [
      { path: 'pipeline', message: `allowed: ${o.pipelines.map((x) => x.key).join(', ') || 'none'}` },
    ]);
  checkDay(q.from, 'from');
  checkDay(q.to, 'to');
  checkDay(q.asOf, 'asOf');
  const asOf = q.asOf ?? today();
  const to = q.to ?? new Date(Date.parse(`${asOf}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
  const period = { from: q.from ?? addMonths(to, -12), to };
  if (period.from >= period.to) throw badInput('from must be before to', [{ path: 'from', message: 'after to' }]);
  const ps: PipelineScope = {
    schema: ctx.tenant.schema,
    o,
    p,
    tenantId: ctx.tenant.id,
    currency: ctx.tenant.currency,
    filter: q.filter === undefined || q.filter === null ? undefined : resolvePeriods(q.filter, asOf),
    scope: readScope(ctx, o.name),
  };
  return { ctx, o, p, ps, period, asOf };
}

export interface FunnelStage {
  stage: StageModel;
  /** Deals of the cohort that reached this stage or a later one. */
  reached: number;
  /** reached ÷ the cohort. */
  share: number;
  /** reached here ÷ reached the stage before (1 for the first). */
  conversion: number | null;
  amount: number;
}

export interface Funnel {
  cohort: number;
  stages: FunnelStage[];
  won: number;
  lost: number;
  open: number;
  /** Lost deals by the furthest stage they had reached and their lost reason. */
  losses: { stage: StageModel | null; lostReason: string | null; count: number; amount: number }[];
}

/** The funnel of the deals created in the period: how far each got (stage history), where the lost ones stopped. */
export async function salesFunnel(a: AnalyticsScope): Promise<Funnel> {
  const rows = await funnelRows(a.ctx.db, a.ps, a.period);
  const stages = a.p.stages.filter((s) => s.category !== 'lost');
  const cohort = rows.reduce((n, r) => n + r.count, 0);
  const reachedAt = (i: number) => rows.filter((r) => (r.furthest ?? 0) >= i + 1);
  const funnel = stages.map((stage, i): FunnelStage => {
    const reached = reachedAt(i);
    const n = reached.reduce((x, r) => x + r.count, 0);
    return { stage, reached: n, share: cohort ? n / cohort : 0, conversion: null, amount: reached.reduce((x, r) => x + (r.amount ?? 0), 0) };
  });
  funnel.forEach(
    (s, i) => (s.conversion = i === 0 ? (cohort ? s.reached / cohort : null) : funnel[i - 1]!.reached ? s.reached / funnel[i - 1]!.reached : null),
  );
  const lossKey = new Map<string, Funnel['losses'][number]>();
  for (const r of rows.filter((x) => x.outcome === 'lost')) {
    const stage = r.furthest ? (stages[r.furthest - 1] ?? null) : null;
    const key = `${stage?.key ?? ''}|${r.lostReason ?? ''}`;
    const l = lossKey.get(key) ?? { stage, lostReason: r.lostReason, count: 0, amount: 0 };
    l.count += r.count;
    l.amount += r.amount ?? 0;
    lossKey.set(key, l);
  }
  const count = (outcome: string | null) => rows.filter((r) => r.outcome === outcome).reduce((n, r) => n + r.count, 0);
  return { cohort, stages: funnel, won: count('won'), lost: count('lost'), open: count(null), losses: [...lossKey.values()].sort((x, y) => y.count - x.count) };
}

export async function timeInStage(a: AnalyticsScope): Promise<{ stages: (StageDurationRow & { stageModel: StageModel })[]; slowest: StageModel | null }> {
  const rows = await timeInStageRows(a.ctx.db, a.ps, a.period);
  const byKey = new Map(rows.map((r) => [r.stage, r]));
  const stages = a.p.stages.filter((s) => byKey.has(s.key)).map((s) => ({ ...byKey.get(s.key)!, stageModel: s }));
  const slowest = stages.reduce<(typeof stages)[number] | null>((m, s) => (!m || (s.mean ?? 0) > (m.mean ?? 0) ? s : m), null);
  return { stages, slowest: slowest?.stageModel ?? null };
}

export const salesCycle = (a: AnalyticsScope): Promise<CycleRow> => salesCycleRow(a.ctx.db, a.ps, a.period);

export interface WinRate extends WinRateRow {
  rate: number | null;
}

/** Win rate (won ÷ closed in the period) overall or by ownerId, a field of the object, or the month/quarter/year of closing. */
export async function winRate(a: AnalyticsScope, by?: string): Promise<WinRate[]> {
  let dim: Parameters<typeof winRateRows>[3];
  if (by === 'month' || by === 'quarter' || by === 'year') dim = { bucket: by };
  else if (by === 'ownerId') dim = { system: 'ownerId' };
  else if (by !== undefined) {
    const f = a.o.fieldsByName.get(by);
    if (!f || f.kind.storage === null || f.kind.choice === 'many')
      throw badInput(`Cannot group win rates by "${by}"`, [{ path: 'by', message: 'ownerId, month, quarter, year, or a field of the object' }]);
    dim = { field: f };
  }
  const rows = await winRateRows(a.ctx.db, a.ps, a.period, dim);
  const f = dim?.field;
  const optionLabel = (v: unknown) => f?.options.find((o) => o.value === v)?.label?.['en'] ?? null;
  return rows.map((r) => ({
    ...r,
    label: r.label ?? optionLabel(r.key) ?? (r.key === null ? null : String(r.key)),
    rate: r.won + r.lost ? r.won / (r.won + r.lost) : null,
  }));
}

/** Owners ranked by won amount, with their won count and win rate. */
export async function rankings(a: AnalyticsScope): Promise<(WinRate & { rank: number })[]> {
  const rows = (await winRate(a, 'ownerId')).filter((r) => r.won + r.lost > 0);
  return rows.sort((x, y) => (y.wonAmount ?? 0) - (x.wonAmount ?? 0) || y.won - x.won).map((r, i) => ({ ...r, rank: i + 1 }));
}

export interface Velocity {
  openDeals: number;
  winRate: number | null;
  averageWon: number | null;
  cycleDays: number | null;
  /** openDeals × winRate × averageWon ÷ cycleDays: expected won amount per day. */
  perDay: number | null;
}

export async function velocity(a: AnalyticsScope): Promise<Velocity> {
  const [[all], cycle] = await Promise.all([winRate(a), salesCycle(a)]);
  const averageWon = cycle.count ? (cycle.wonAmount ?? 0) / cycle.count : null;
  const w = all?.rate ?? null;
  const openDeals = all?.open ?? 0;
  const perDay = w !== null && averageWon !== null && cycle.mean ? (openDeals * w * averageWon) / cycle.mean : null;
  return { openDeals, winRate: w, averageWon, cycleDays: cycle.mean, perDay };
}

export function movement(a: AnalyticsScope, closeDateField = 'closeDate'): Promise<MovementRow> {
  const f = a.o.fieldsByName.get(closeDateField);
  return movementRow(a.ctx.db, a.ps, a.period, f && f.kind.valueType === 'date' ? f : undefined);
}

export interface ForecastQuery {
  bucket: 'month' | 'quarter';
  periods: number;
  closeDateField: string;
}

function closeFieldOf(a: AnalyticsScope, name: string): FieldModel {
  const f = a.o.fieldsByName.get(name);
  if (!f || f.kind.storage === null || f.kind.valueType !== 'date')
    throw badInput(`"${name}" is not a date field of ${a.o.name}`, [{ path: 'closeDateField', message: 'a date field (the expected close date)' }]);
  return f;
}

const checkForecast = (q: ForecastQuery) => {
  if (q.bucket !== 'month' && q.bucket !== 'quarter') throw badInput('bucket is month or quarter', [{ path: 'bucket', message: 'month or quarter' }]);
  if (!Number.isInteger(q.periods) || q.periods < 1 || q.periods > 24)
    throw badInput('periods must be between 1 and 24', [{ path: 'periods', message: 'between 1 and 24' }]);
};

/** A target of the period with its attainment: won to date ÷ target (null for a target of 0). */
export interface TargetAttainment extends Omit<TargetAttainmentRow, 'start' | 'members'> {
  attainment: number | null;
}

export interface ForecastPeriod extends ForecastRow {
  /** The period's targets (month targets for months, quarter targets for quarters) the viewer may see whole. */
  targets: TargetAttainment[];
}

/**
 * Targets of the forecast's periods with what their owners won to date. A target counts all the won deals of
 * its owners in the pipeline, whatever the forecast's own filter (a team's target is the team's, not the part
 * an owner filter leaves), and is shown only when the viewer may read every owner it counts: a rep sees its
 * own target, a manager those of its reach, a reader of every record all of them.
 */
async function targetsOf(a: AnalyticsScope, q: ForecastQuery, asOf: string, starts: string[]): Promise<Map<string, TargetAttainment[]>> {
  const reached = ownersReached(a.ctx, a.o.name);
  const rows = await targetAttainmentRows(a.ctx.db, { ...a.ps, filter: undefined }, { asOf, bucket: q.bucket, starts });
  const reach = reached === 'all' ? undefined : new Set(reached);
  const byStart = new Map<string, TargetAttainment[]>();
  for (const { start, members, ...r } of rows) {
    if (reach && (!members.length || !members.every((m) => reach.has(m)))) continue;
    (byStart.get(start) ?? byStart.set(start, []).get(start)!).push({ ...r, attainment: r.target > 0 ? r.won / r.target : null });
  }
  return byStart;
}

const periodStarts = (asOfDay: string, bucket: 'month' | 'quarter', count: number): string[] => {
  const d = new Date(`${asOfDay}T00:00:00Z`);
  const months = bucket === 'quarter' ? 3 : 1;
  const first = Math.floor((d.getUTCFullYear() * 12 + d.getUTCMonth()) / months) * months;
  return Array.from({ length: count }, (_, i) => {
    const m = first + i * months;
    return new Date(Date.UTC(Math.floor(m / 12), m % 12, 1)).toISOString().slice(0, 10);
  });
};

/** The forecast from the as-of day on: won to date, weighted pipeline, historical conversion and targets per period. */
export async function forecast(a: AnalyticsScope, q: ForecastQuery): Promise<ForecastPeriod[]> {
  checkForecast(q);
  // As of the end of the as-of day: what is known that day counts.
  const asOf = new Date(Date.parse(`${a.asOf}T00:00:00Z`) + 86400000 - 1).toISOString();
  const [rows, targets] = await Promise.all([
    forecastRows(a.ctx.db, a.ps, { asOf, bucket: q.bucket, count: q.periods, closeField: closeFieldOf(a, q.closeDateField) }),
    targetsOf(a, q, asOf, periodStarts(a.asOf, q.bucket, q.periods)),
  ]);
  return rows.map((r) => ({ ...r, targets: targets.get(r.start) ?? [] }));
}

export type ForecastMethod = 'weighted' | 'historical' | 'pipeline';
export interface BacktestPeriod {
  start: string;
  actual: number;
  forecasts: Record<ForecastMethod, number>;
}
export interface Backtest {
  periods: BacktestPeriod[];
  /** Per method: mean absolute percentage error and mean signed error ÷ actual, over periods with an actual. */
  methods: { method: ForecastMethod; mape: number | null; bias: number | null }[];
}

const METHODS: ForecastMethod[] = ['weighted', 'historical', 'pipeline'];

/**
 * Each method run as of the first day of each of the last `periods` complete periods before the as-of day,
 * only with what was known then, against what was actually won in that period.
 */
export async function backtest(a: AnalyticsScope, q: ForecastQuery): Promise<Backtest> {
  checkForecast(q);
  const closeField = closeFieldOf(a, q.closeDateField);
  const months = q.bucket === 'quarter' ? 3 : 1;
  const d = new Date(`${a.asOf}T00:00:00Z`);
  const current = Math.floor((d.getUTCFullYear() * 12 + d.getUTCMonth()) / months) * months;
  const starts = Array.from({ length: q.periods }, (_, i) => {
    const m = current - (q.periods - i) * months;
    return new Date(Date.UTC(Math.floor(m / 12), m % 12, 1)).toISOString().slice(0, 10);
  });
  const [forecasts, actuals] = await Promise.all([
    Promise.all(starts.map((s) => forecastRows(a.ctx.db, a.ps, { asOf: `${s}T00:00:00.000Z`, bucket: q.bucket, count: 1, closeField }))),
    wonByPeriod(a.ctx.db, a.ps, starts, q.bucket),
  ]);
  const periods = starts.map((start, i): BacktestPeriod => {
    const f = forecasts[i]![0]!;
    return {
      start,
      actual: actuals.get(start) ?? 0,
      forecasts: { weighted: f.wonToDate + f.weighted, historical: f.wonToDate + f.historical, pipeline: f.wonToDate + f.pipeline },
    };
  });
  const scored = periods.filter((p) => p.actual > 0);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((x, y) => x + y, 0) / xs.length : null);
  return {
    periods,
    methods: METHODS.map((method) => ({
      method,
      mape: mean(scored.map((p) => Math.abs(p.forecasts[method] - p.actual) / p.actual)),
      bias: mean(scored.map((p) => (p.forecasts[method] - p.actual) / p.actual)),
    })),
  };
}
