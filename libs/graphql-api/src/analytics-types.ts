/**
 * Sales analytics and the forecast in the data API. `salesAnalytics(object, pipeline, from, to, filter)` answers
 * an object whose fields are each one statement, run only when selected: funnel, timeInStage, salesCycle,
 * winRate(by), rankings, velocity, movement. `forecast(…)` answers the periods ahead and, when selected, the
 * backtest of each method. Amounts are in the reporting currency (`currency`).
 */
import {
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfigMap,
  type GraphQLOutputType,
} from 'graphql';
import {
  analyticsScope,
  backtest,
  forecast,
  movement,
  rankings,
  salesCycle,
  salesFunnel,
  timeInStage,
  velocity,
  winRate,
  type AnalyticsQuery,
  type AnalyticsScope,
  type ForecastQuery,
} from '@funnelcraft/records';
import { recordContext, type ApiContext } from './context.js';
import { DateScalar, JSONScalar } from './scalars.js';
import { list, nn, PipelineMetaType, StageMetaType } from './static-types.js';

const F = GraphQLFloat;
const I = GraphQLInt;
const obj = (name: string, fields: Record<string, GraphQLOutputType>, description?: string) =>
  new GraphQLObjectType({ name, description, fields: Object.fromEntries(Object.entries(fields).map(([k, type]) => [k, { type }])) });

const FunnelStageType = obj(
  'FunnelStage',
  { stage: nn(StageMetaType), reached: nn(I), share: nn(F), conversion: F, amount: nn(F) },
  'reached: deals of the cohort that got to this stage or further; share: of the cohort; conversion: from the stage before',
);
const LossType = obj('FunnelLoss', { stage: StageMetaType, lostReason: GraphQLString, count: nn(I), amount: nn(F) });
const FunnelType = obj(
  'Funnel',
  { cohort: nn(I), won: nn(I), lost: nn(I), open: nn(I), stages: nn(list(FunnelStageType)), losses: nn(list(LossType)) },
  'the deals created in the period (the cohort) and how far they got, from stage history',
);
const StageTimeType = new GraphQLObjectType({
  name: 'StageTime',
  fields: {
    stage: { type: nn(StageMetaType), resolve: (r: { stageModel: unknown }) => r.stageModel },
    count: { type: nn(I) },
    mean: { type: F },
    median: { type: F },
    p90: { type: F },
  },
});
const TimeInStageType = obj(
  'TimeInStage',
  { stages: nn(list(StageTimeType)), slowest: StageMetaType },
  'days in each stage, from the moves out of it in the period',
);
const CycleType = obj('SalesCycle', { count: nn(I), mean: F, median: F, p90: F, wonAmount: F }, 'days from creation to the win of the deals won in the period');
const WinRateType = obj('WinRate', { key: JSONScalar, label: GraphQLString, won: nn(I), lost: nn(I), rate: F, wonAmount: F, open: nn(I) });
const RankingType = obj('Ranking', { rank: nn(I), key: JSONScalar, label: GraphQLString, won: nn(I), lost: nn(I), rate: F, wonAmount: F });
const VelocityType = obj(
  'PipelineVelocity',
  { openDeals: nn(I), winRate: F, averageWon: F, cycleDays: F, perDay: F },
  'open deals × win rate × average won amount ÷ cycle days',
);
const MovementType = obj('PipelineMovement', { created: nn(I), advanced: nn(I), slipped: nn(I), won: nn(I), lost: nn(I), wonAmount: F, lostAmount: F });

const SalesAnalyticsType = new GraphQLObjectType<AnalyticsScope, ApiContext>({
  name: 'SalesAnalytics',
  fields: {
    pipeline: { type: nn(PipelineMetaType), resolve: (a) => a.p },
    from: { type: nn(DateScalar), resolve: (a) => a.period.from },
    to: { type: nn(DateScalar), description: 'the first day after the period', resolve: (a) => a.period.to },
    currency: { type: nn(GraphQLString), resolve: (a) => a.ctx.tenant.currency },
    funnel: { type: nn(FunnelType), resolve: (a) => salesFunnel(a) },
    timeInStage: { type: nn(TimeInStageType), resolve: (a) => timeInStage(a) },
    salesCycle: { type: nn(CycleType), resolve: (a) => salesCycle(a) },
    winRate: {
      type: nn(list(WinRateType)),
      description: 'won ÷ (won + lost) of the deals closed in the period; by ownerId, month, quarter, year or a field; one row without by',
      args: { by: { type: GraphQLString } },
      resolve: (a, args: { by?: string | null }) => winRate(a, args.by ?? undefined),
    },
    rankings: { type: nn(list(RankingType)), description: 'owners by won amount', resolve: (a) => rankings(a) },
    velocity: { type: nn(VelocityType), resolve: (a) => velocity(a) },
    movement: {
      type: nn(MovementType),
      args: { closeDateField: { type: GraphQLString, defaultValue: 'closeDate' } },
      resolve: (a, args: { closeDateField: string }) => movement(a, args.closeDateField),
    },
  },
});

const BucketType = new GraphQLEnumType({ name: 'ForecastBucket', values: { month: {}, quarter: {} } });
const TargetAttainmentType = obj(
  'TargetAttainment',
  { id: nn(GraphQLID), ownerId: GraphQLID, teamId: GraphQLID, name: nn(GraphQLString), target: nn(F), won: nn(F), attainment: F },
  'a sales target of the period (a user, or a team with every team below it) and what its owners won to date; attainment: won ÷ target',
);
const ForecastPeriodType = obj(
  'ForecastPeriod',
  {
    start: nn(DateScalar),
    wonToDate: nn(F),
    openCount: nn(I),
    pipeline: nn(F),
    weighted: nn(F),
    historical: nn(F),
    targets: nn(list(TargetAttainmentType)),
  },
  'weighted: open amount × stage probability; historical: open amount × the win rate observed from its stage; both add wonToDate for the total',
);
const MethodScoreType = obj(
  'ForecastMethodScore',
  { method: nn(GraphQLString), mape: F, bias: F },
  'mape: mean |forecast − actual| ÷ actual; bias: mean (forecast − actual) ÷ actual',
);
const BacktestPeriodType = obj('BacktestPeriod', { start: nn(DateScalar), actual: nn(F), forecasts: nn(JSONScalar) });
const BacktestType = obj('ForecastBacktest', { periods: nn(list(BacktestPeriodType)), methods: nn(list(MethodScoreType)) });

interface ForecastSource {
  a: AnalyticsScope;
  q: ForecastQuery;
}
const ForecastType = new GraphQLObjectType<ForecastSource, ApiContext>({
  name: 'Forecast',
  fields: {
    asOf: { type: nn(DateScalar), resolve: (f) => f.a.asOf },
    currency: { type: nn(GraphQLString), resolve: (f) => f.a.ctx.tenant.currency },
    periods: { type: nn(list(ForecastPeriodType)), resolve: (f) => forecast(f.a, f.q) },
    backtest: {
      type: nn(BacktestType),
      description: 'each method as of the first day of each of the last `periods` periods, with only what was known then, against what closed',
      args: { periods: { type: GraphQLInt, defaultValue: 6 } },
      resolve: (f, args: { periods: number }) => backtest(f.a, { ...f.q, periods: args.periods }),
    },
  },
});

const scopeArgs = {
  object: { type: nn(GraphQLString) },
  pipeline: { type: GraphQLString, description: 'the default pipeline when omitted' },
  filter: { type: JSONScalar, description: 'json-logic over the object fields (in_period allowed)' },
  asOf: { type: DateScalar, description: 'the day seen from; today by default' },
};
type ScopeArgs = { object: string; pipeline?: string | null; filter?: unknown; asOf?: string | null; from?: string | null; to?: string | null };
const queryOf = (args: ScopeArgs): AnalyticsQuery => ({
  object: args.object,
  pipeline: args.pipeline ?? undefined,
  filter: args.filter ?? undefined,
  asOf: args.asOf ?? undefined,
  from: args.from ?? undefined,
  to: args.to ?? undefined,
});

export const analyticsQueries: GraphQLFieldConfigMap<unknown, ApiContext> = {
  salesAnalytics: {
    type: nn(SalesAnalyticsType),
    description: 'funnel, conversion, time in stage, cycle, win rates, rankings, velocity and movement of a pipeline over [from, to)',
    args: { ...scopeArgs, from: { type: DateScalar }, to: { type: DateScalar, description: 'first day after the period' } },
    resolve: (_r, args: ScopeArgs, ctx) => analyticsScope(recordContext(ctx), queryOf(args)),
  },
  forecast: {
    type: nn(ForecastType),
    args: {
      ...scopeArgs,
      bucket: { type: BucketType, defaultValue: 'month' },
      periods: { type: GraphQLInt, defaultValue: 3 },
      closeDateField: { type: GraphQLString, defaultValue: 'closeDate' },
    },
    resolve: (_r, args: ScopeArgs & { bucket: 'month' | 'quarter'; periods: number; closeDateField: string }, ctx) => ({
      a: analyticsScope(recordContext(ctx), queryOf(args)),
      q: { bucket: args.bucket, periods: args.periods, closeDateField: args.closeDateField },
    }),
  },
};
