/**
 * Analytics widgets by figure (see libs/records analytics-widgets.ts for their JSON): the funnel as a funnel of
 * the deals that reached each stage, win rates as won and lost bars per group, rankings by won amount, the
 * forecast per period with its backtest, time in stage, movement, and the sales cycle and velocity figures.
 * Where the server gives a number its list filter (`drill`), the point carries it.
 */
import type { Labels } from '../../api/operations';
import type { RecordFilter } from '../records/queries';
import type { ChartPoint, ChartView, FiguresView, ViewBuilder, ViewEnv } from './widget-view';

type Drill = RecordFilter | null | undefined;
interface StageRef {
  key: string;
  label: Labels;
}

const stageName = (s: StageRef | null | undefined, env: ViewEnv) => (s ? env.label(s.label, s.key) : env.t('dashboards.none'));
const lines = (env: ViewEnv, parts: [string, string][]) => parts.map(([k, v]) => `${k}${env.t('common.labelSeparator')}${v}`).join('\n');
const chart = (type: ChartView['type'], format: ChartView['format'], categories: string[], series: ChartView['series'], stacked = false): ChartView => ({
  kind: 'chart',
  type,
  stacked,
  format,
  categories,
  series,
});

interface FunnelFigure {
  cohort: number;
  stages: { stage: StageRef | null; reached: number; share: number; conversion: number | null; amount: number }[];
}
const funnel: ViewBuilder = (w, env) => {
  const f = w.analytics as FunnelFigure;
  const f_ = env.format;
  const points: ChartPoint[] = f.stages.map((s) => ({
    name: stageName(s.stage, env),
    value: s.reached,
    // How far deals got is stage history, which no list filter says: no drill-down.
    drill: null,
    detail: lines(env, [
      [env.t('dashboards.figures.share'), f_.percent(s.share)],
      [env.t('dashboards.figures.conversion'), f_.percent(s.conversion)],
      [env.t('dashboards.figures.amount'), f_.money(s.amount)],
    ]),
  }));
  return chart(
    'funnel',
    'number',
    points.map((p) => p.name),
    [{ name: env.t('dashboards.figures.reached'), points }],
  );
};

interface WinRateRow {
  key: unknown;
  label: string | null;
  won: number;
  lost: number;
  open: number;
  rate: number | null;
  wonAmount: number | null;
  rank?: number;
  drill?: { won?: Drill; lost?: Drill; open?: Drill };
}
const rowName = (r: WinRateRow, env: ViewEnv) => r.label ?? (r.key === null || r.key === undefined ? env.t('dashboards.none') : String(r.key));

const winRate: ViewBuilder = (w, env) => {
  const rows = w.analytics as WinRateRow[];
  const detail = (r: WinRateRow) => lines(env, [[env.t('dashboards.figures.winRate'), env.format.percent(r.rate)]]);
  const series = (['won', 'lost'] as const).map((o) => ({
    name: env.t(`dashboards.figures.${o}`),
    points: rows.map((r) => ({ name: rowName(r, env), value: r[o], drill: r.drill?.[o] ?? null, detail: detail(r) })),
  }));
  return chart(
    'bar',
    'number',
    rows.map((r) => rowName(r, env)),
    series,
    true,
  );
};

const rankings: ViewBuilder = (w, env) => {
  const rows = w.analytics as WinRateRow[];
  const points = rows.map((r) => ({
    name: rowName(r, env),
    value: r.wonAmount ?? 0,
    drill: r.drill?.won ?? null,
    detail: lines(env, [
      [env.t('dashboards.figures.won'), env.format.number(r.won)],
      [env.t('dashboards.figures.winRate'), env.format.percent(r.rate)],
    ]),
  }));
  return chart(
    'bar',
    'money',
    points.map((p) => p.name),
    [{ name: env.t('dashboards.figures.wonAmount'), points }],
  );
};

interface ForecastFigure {
  periods: { start: string; wonToDate: number; openCount: number; pipeline: number; weighted: number; historical: number; drill: Drill }[];
  backtest: { methods: { method: string; mape: number | null; bias: number | null }[] };
}
const monthsBetween = (a: string, b: string) => (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));

const forecast: ViewBuilder = (w, env) => {
  const f = w.analytics as ForecastFigure;
  const bucket = f.periods.length > 1 && monthsBetween(f.periods[0]!.start, f.periods[1]!.start) === 3 ? 'quarter' : 'month';
  const names = f.periods.map((p) => env.format.bucket(p.start, bucket));
  const detail = (p: ForecastFigure['periods'][number]) =>
    lines(env, [
      [env.t('dashboards.figures.openDeals'), env.format.number(p.openCount)],
      [env.t('dashboards.figures.pipeline'), env.format.money(p.pipeline)],
    ]);
  // Won to date is history; the two forecasts are of the open deals due in the period, which the drill lists.
  const series = (['wonToDate', 'weighted', 'historical'] as const).map((k) => ({
    name: env.t(`dashboards.figures.${k}`),
    points: f.periods.map((p, i) => ({ name: names[i]!, value: p[k], drill: k === 'wonToDate' ? null : (p.drill ?? null), detail: detail(p) })),
  }));
  return {
    ...chart('bar', 'money', names, series),
    table: {
      kind: 'table',
      head: [env.t('dashboards.backtest.method'), env.t('dashboards.backtest.mape'), env.t('dashboards.backtest.bias')],
      rows: f.backtest.methods.map((m) => ({
        level: 'row',
        cells: [
          { text: env.t(`dashboards.backtest.methods.${m.method}`), head: true },
          { text: env.format.percent(m.mape), numeric: true },
          { text: env.format.percent(m.bias), numeric: true },
        ],
      })),
    },
  };
};

interface StageTimes {
  stages: { stage: StageRef | null; count: number; mean: number | null; median: number | null; p90: number | null }[];
}
const timeInStage: ViewBuilder = (w, env) => {
  const t = w.analytics as StageTimes;
  const points = t.stages.map((s) => ({
    name: stageName(s.stage, env),
    value: s.mean ?? 0,
    drill: null,
    detail: lines(env, [
      [env.t('dashboards.figures.median'), env.format.days(s.median)],
      [env.t('dashboards.figures.p90'), env.format.days(s.p90)],
    ]),
  }));
  return chart(
    'bar',
    'days',
    points.map((p) => p.name),
    [{ name: env.t('dashboards.figures.mean'), points }],
  );
};

interface Movement {
  created: number;
  advanced: number;
  slipped: number;
  won: number;
  lost: number;
}
const movement: ViewBuilder = (w, env) => {
  const m = w.analytics as Movement;
  const keys = ['created', 'advanced', 'slipped', 'won', 'lost'] as const;
  const points = keys.map((k) => ({ name: env.t(`dashboards.figures.${k}`), value: m[k], drill: null }));
  return chart(
    'bar',
    'number',
    points.map((p) => p.name),
    [{ name: env.t('dashboards.figures.deals'), points }],
  );
};

const salesCycle: ViewBuilder = (w, env): FiguresView => {
  const c = w.analytics as { count: number; mean: number | null; median: number | null; p90: number | null; wonAmount: number | null; drill?: Drill };
  return {
    kind: 'figures',
    figures: [
      { label: env.t('dashboards.figures.won'), text: env.format.number(c.count), drill: c.drill ?? null },
      { label: env.t('dashboards.figures.mean'), text: env.format.days(c.mean) },
      { label: env.t('dashboards.figures.median'), text: env.format.days(c.median) },
      { label: env.t('dashboards.figures.p90'), text: env.format.days(c.p90) },
      { label: env.t('dashboards.figures.wonAmount'), text: env.format.money(c.wonAmount) },
    ],
  };
};

const velocity: ViewBuilder = (w, env): FiguresView => {
  const v = w.analytics as { openDeals: number; winRate: number | null; averageWon: number | null; cycleDays: number | null; perDay: number | null };
  return {
    kind: 'figures',
    figures: [
      { label: env.t('dashboards.figures.perDay'), text: env.format.money(v.perDay) },
      { label: env.t('dashboards.figures.openDeals'), text: env.format.number(v.openDeals) },
      { label: env.t('dashboards.figures.winRate'), text: env.format.percent(v.winRate) },
      { label: env.t('dashboards.figures.averageWon'), text: env.format.money(v.averageWon) },
      { label: env.t('dashboards.figures.cycle'), text: env.format.days(v.cycleDays) },
    ],
  };
};

export const ANALYTICS_VIEWS: Record<string, ViewBuilder> = {
  funnel,
  win_rate: winRate,
  rankings,
  forecast,
  time_in_stage: timeInStage,
  movement,
  sales_cycle: salesCycle,
  velocity,
};
