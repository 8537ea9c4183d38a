/**
 * The analytics figures a dashboard widget can show, one entry each: the figure (one statement, see
 * analytics-service.ts) as plain JSON, and beside each number a list filter can say, its drill-down
 * (json-logic over the object's own fields selecting exactly the records counted).
 */
import type { AnalyticsWidgetKind, DashboardWidget, StageModel } from '@funnelcraft/definitions';
import { backtest, forecast, movement, rankings, salesCycle, salesFunnel, timeInStage, velocity, winRate, type AnalyticsScope } from './analytics-service.js';
import { addMonthsTo, allOf, dayRange } from './drill-down.js';

const stageMeta = (s: StageModel | null) => s && { key: s.key, label: s.label, category: s.category, probability: s.probability };

/** What every drill of the scope shares: its filter (owner and the widget's), its pipeline. */
const base = (a: AnalyticsScope) => allOf(a.ps.filter, { '==': [{ var: 'pipeline' }, a.p.key] });

const closedIn = (a: AnalyticsScope, start = a.period.from, end = a.period.to) => dayRange('closedOn', false, start, end);

/** The condition a win-rate row's key stands for, by the dimension the rows were grouped by. */
function keyCondition(by: string | undefined, key: unknown): unknown {
  if (by === undefined) return undefined;
  if (by === 'month' || by === 'quarter' || by === 'year') {
    const start = String(key).slice(0, 10);
    return dayRange('closedOn', false, start, addMonthsTo(start, by === 'month' ? 1 : by === 'quarter' ? 3 : 12));
  }
  return { '==': [{ var: by }, key ?? null] };
}

async function winRateWithDrills(a: AnalyticsScope, by: string | undefined, ranked: boolean) {
  const rows = ranked ? await rankings(a) : await winRate(a, by);
  return rows.map((r) => {
    const cell = allOf(base(a), keyCondition(ranked ? 'ownerId' : by, r.key));
    const closed = (outcome: string) => allOf(cell, { '==': [{ var: 'outcome' }, outcome] }, closedIn(a));
    return { ...r, drill: { won: closed('won'), lost: closed('lost'), open: allOf(cell, { '==': [{ var: 'outcome' }, null] }) } };
  });
}

export const ANALYTICS_WIDGET_RUNS: Record<AnalyticsWidgetKind, (a: AnalyticsScope, w: DashboardWidget) => Promise<unknown>> = {
  funnel: async (a) => {
    const f = await salesFunnel(a);
    // Stage shares come from stage history (how far each deal got), which no list filter says: no drill here.
    return { ...f, stages: f.stages.map((s) => ({ ...s, stage: stageMeta(s.stage) })), losses: f.losses.map((l) => ({ ...l, stage: stageMeta(l.stage) })) };
  },
  time_in_stage: async (a) => {
    const t = await timeInStage(a);
    return { stages: t.stages.map(({ stageModel, ...s }) => ({ ...s, stage: stageMeta(stageModel) })), slowest: stageMeta(t.slowest) };
  },
  sales_cycle: async (a) => ({
    ...(await salesCycle(a)),
    drill: allOf(base(a), { '==': [{ var: 'outcome' }, 'won'] }, closedIn(a)),
  }),
  win_rate: (a, w) => winRateWithDrills(a, w.by, false),
  rankings: (a) => winRateWithDrills(a, 'ownerId', true),
  velocity: (a) => velocity(a),
  movement: (a) => movement(a),
  forecast: async (a, w) => {
    const q = { bucket: w.bucket, periods: w.periods, closeDateField: 'closeDate' };
    const [periods, test] = await Promise.all([forecast(a, q), backtest(a, { ...q, periods: 6 })]);
    const open = { in: [{ var: 'stage' }, a.p.stages.filter((s) => s.category === 'open').map((s) => s.key)] };
    const months = w.bucket === 'quarter' ? 3 : 1;
    return {
      periods: periods.map((p, i) => ({
        ...p,
        // The open deals due in the period (the first one also holds the overdue ones), as the forecast counted them.
        drill: allOf(
          base(a),
          open,
          i === 0 ? { '<': [{ var: 'closeDate' }, addMonthsTo(p.start, months)] } : dayRange('closeDate', false, p.start, addMonthsTo(p.start, months)),
        ),
      })),
      backtest: test,
    };
  },
};
