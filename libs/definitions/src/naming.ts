/** GraphQL names derived from API names, in one place so the schema builder and validation agree. */
import { pluralize, toPascal } from '@funnelcraft/kernel';

export interface ObjectApiNames {
  type: string;
  one: string;
  many: string;
  aggregate: string;
  create: string;
  createMany: string;
  update: string;
  delete: string;
  restore: string;
  /** Objects with pipelines: the kanban board query and the stage move mutation. */
  board: string;
  move: string;
  /** Objects with a conversion: the conversion mutation and its duplicate-candidates query. */
  convert: string;
  conversionCandidates: string;
}

export function objectApiNames(name: string, plural: string): ObjectApiNames {
  const type = toPascal(name);
  return {
    type,
    one: name,
    many: plural,
    aggregate: `${plural}Aggregate`,
    create: `create${type}`,
    createMany: `create${toPascal(plural)}`,
    update: `update${type}`,
    delete: `delete${type}`,
    restore: `restore${type}`,
    board: `${plural}Board`,
    move: `move${type}`,
    convert: `convert${type}`,
    conversionCandidates: `${name}ConversionCandidates`,
  };
}

export const defaultPlural = (name: string) => pluralize(name);

/**
 * Root fields and type names the static part of the data API (/graphql) owns, so no object may generate them.
 * Kept here because definitions may not import the API; static-fields.spec.ts (graphql-api) ties both lists to
 * what the static fields and types really define.
 */
export const STATIC_ROOT_FIELDS = new Set([
  'login',
  'me',
  'tenant',
  'timeline',
  'reports',
  'runReport',
  'salesAnalytics',
  'forecast',
  'search',
  'dashboard',
  'dashboards',
]);
export const STATIC_TYPE_NAMES = new Set([
  'Query',
  'Mutation',
  'Subscription',
  'User',
  'Tenant',
  'Money',
  'MoneyInput',
  'PageInfo',
  'JSON',
  'Date',
  'DateTime',
  'LoginResult',
  'DashboardMeta',
  'DashboardResult',
  'DashboardWidget',
  'DashboardWidgetError',
  'DashboardFilterInput',
  'SortDirection',
  'NullsOrder',
  'StringFilter',
  'NumberFilter',
  'DateFilter',
  'DateTimeFilter',
  'BooleanFilter',
  'IdFilter',
  'StringListFilter',
  'PipelineMeta',
  'StageMeta',
  'StageHistoryEntry',
  'ConversionCandidate',
  'ConversionChoiceInput',
  'ConvertedRecord',
  'TimelineEntry',
  'ReportMeta',
  'ReportResult',
  'ReportColumn',
  'ReportColumnRole',
  'ReportRow',
  'ReportLevel',
  'ReportCell',
  'SalesAnalytics',
  'Funnel',
  'FunnelStage',
  'FunnelLoss',
  'TimeInStage',
  'StageTime',
  'SalesCycle',
  'WinRate',
  'Ranking',
  'PipelineVelocity',
  'PipelineMovement',
  'Forecast',
  'ForecastBucket',
  'ForecastPeriod',
  'ForecastBacktest',
  'ForecastMethodScore',
  'TargetAttainment',
  'BacktestPeriod',
  'SearchHit',
]);
/** Suffixes of generated type names; an object named with one of these would collide with another's types. */
export const GENERATED_TYPE_SUFFIXES = [
  'Connection',
  'Edge',
  'Filter',
  'Input',
  'Patch',
  'OrderBy',
  'SortField',
  'OrderField',
  'Aggregate',
  'GroupBy',
  'GroupKey',
  'Numbers',
  'Group',
  'Board',
  'BoardColumn',
];
