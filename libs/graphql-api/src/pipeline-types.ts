/**
 * GraphQL for objects with pipelines: pipeline and stage metadata, the stage fields of records, the move
 * mutation and the kanban board. Kept apart from object-types.ts, which calls in here when an object has
 * pipelines.
 */
import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigMap,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { objectApiNames, PIPELINE_FIELDS, type ObjectModel } from '@funnelcraft/definitions';
import { loadBoard, moveRecord, type Board, type BoardColumn } from '@funnelcraft/records';
import { stageHistoryOf, type Row, type StageHistoryRow } from '@funnelcraft/storage';
import { BatchLoader } from './batch-loader.js';
import { recordContext, type ApiContext } from './context.js';
import { connectionOf } from './connection.js';
import { filterToLogic, type RecordFilter } from './filter-input.js';
import { projectionFor } from './projection.js';
import { DateScalar, DateTimeScalar } from './scalars.js';
import { connectionNodeFields, subfields } from './selection.js';
import { FILTER_TYPES, list, nn, PipelineMetaType, StageMetaType } from './static-types.js';

export { PipelineMetaType, StageMetaType };

const API: Record<string, GraphQLOutputType & GraphQLInputType> = { String: GraphQLString, Float: GraphQLFloat, Date: DateScalar, DateTime: DateTimeScalar };

export const StageHistoryType = new GraphQLObjectType<StageHistoryRow>({
  name: 'StageHistoryEntry',
  fields: {
    id: { type: nn(GraphQLID) },
    pipeline: { type: nn(GraphQLString) },
    fromStage: { type: GraphQLString },
    toStage: { type: nn(GraphQLString) },
    movedAt: { type: nn(DateTimeScalar) },
    movedBy: { type: GraphQLID },
    amount: { type: GraphQLFloat },
    currency: { type: GraphQLString },
    daysInPrevious: { type: GraphQLFloat },
  },
});

/** Filter inputs, sort names and input fields the stage fields add. */
export function pipelineFilterFields(o: ObjectModel): Record<string, { type: GraphQLInputType }> {
  if (!o.pipelines.length) return {};
  const byType = { text: FILTER_TYPES.text, number: FILTER_TYPES.number, date: FILTER_TYPES.date, datetime: FILTER_TYPES.datetime } as Record<
    string,
    GraphQLInputType
  >;
  return Object.fromEntries(Object.entries(PIPELINE_FIELDS).map(([name, f]) => [name, { type: byType[f.valueType]! }]));
}

export const pipelineSortable = (o: ObjectModel): string[] => (o.pipelines.length ? Object.keys(PIPELINE_FIELDS) : []);

export function pipelineInputFields(o: ObjectModel): Record<string, { type: GraphQLInputType; description?: string }> {
  if (!o.pipelines.length) return {};
  return Object.fromEntries(
    Object.entries(PIPELINE_FIELDS)
      .filter(([, f]) => f.writable)
      .map(([name, f]) => [name, { type: API[f.api]!, description: `moves go through the stage's gate` }]),
  );
}

/** Idle: longer in its stage than the stage's idle limit. */
function isIdle(o: ObjectModel, row: Row, now = Date.now()): boolean {
  const stage = o.pipelines.find((p) => p.key === row['pipeline'])?.stageByKey.get(row['stage'] as string);
  const entered = row['stageEnteredAt'];
  return !!stage?.idleDays && stage.category === 'open' && typeof entered === 'string' && now - Date.parse(entered) > stage.idleDays * 86_400_000;
}

export function pipelineOutputFields(o: ObjectModel): GraphQLFieldConfigMap<Row, ApiContext> {
  if (!o.pipelines.length) return {};
  const fields: GraphQLFieldConfigMap<Row, ApiContext> = Object.fromEntries(Object.entries(PIPELINE_FIELDS).map(([name, f]) => [name, { type: API[f.api]! }]));
  fields['isIdle'] = { type: nn(GraphQLBoolean), description: 'longer in its stage than the stage allows', resolve: (row) => isIdle(o, row) };
  fields['stageHistory'] = {
    type: nn(list(StageHistoryType)),
    resolve: (row, _a, ctx) => {
      const rc = recordContext(ctx);
      const loader = ctx.loaders.get(
        `history:${o.name}`,
        () =>
          new BatchLoader<string, StageHistoryRow[]>(async (ids) => {
            const rows = await stageHistoryOf(rc.db, rc.tenant.schema, o.name, ids);
            const by = new Map<string, StageHistoryRow[]>();
            for (const r of rows) by.set(r.recordId, [...(by.get(r.recordId) ?? []), r]);
            return by;
          }, []),
      );
      return loader.load(row['id'] as string);
    },
  };
  return fields;
}

interface BoardArgs {
  pipeline?: string | null;
  filter?: RecordFilter | null;
  first: number;
  orderBy?: { field: string; direction: 'ASC' | 'DESC'; nulls?: 'FIRST' | 'LAST' | null }[] | null;
}

/** Root fields of an object with pipelines: `move<Type>` and `<plural>Board`. */
export function pipelineRootFields(
  o: ObjectModel,
  output: GraphQLObjectType,
  connection: GraphQLObjectType,
  filter: GraphQLInputType,
  orderBy: GraphQLInputType,
  listFields: ReadonlySet<string>,
): { queries: GraphQLFieldConfigMap<unknown, ApiContext>; mutations: GraphQLFieldConfigMap<unknown, ApiContext> } {
  if (!o.pipelines.length) return { queries: {}, mutations: {} };
  const names = objectApiNames(o.name, o.plural);
  const column = new GraphQLObjectType<BoardColumn & { cursor: () => unknown }, ApiContext>({
    name: `${names.type}BoardColumn`,
    fields: {
      stage: { type: nn(StageMetaType) },
      count: { type: nn(GraphQLInt) },
      amount: { type: GraphQLFloat, description: 'total of the pipeline amount field, in the reporting currency' },
      weightedAmount: { type: GraphQLFloat, description: 'amount × probability' },
      unconverted: { type: nn(GraphQLInt), description: 'records left out of the totals: no rate for their currency' },
      cards: {
        type: nn(connection),
        description: 'the first cards; load more with the list query, filtered to this stage, from pageInfo.endCursor',
        resolve: (c) => {
          const { rows, keys, hasNextPage } = c.cards;
          return connectionOf(rows, keys, hasNextPage, () => Promise.resolve(c.count));
        },
      },
    },
  });
  const board = new GraphQLObjectType<Board, ApiContext>({
    name: `${names.type}Board`,
    fields: {
      pipeline: { type: nn(PipelineMetaType) },
      currency: { type: nn(GraphQLString), description: 'the reporting currency of the totals' },
      columns: { type: nn(list(column)) },
    },
  });
  const boardField: GraphQLFieldConfig<unknown, ApiContext, BoardArgs> = {
    type: nn(board),
    args: {
      pipeline: { type: GraphQLString, description: 'default: the default pipeline' },
      filter: { type: filter },
      first: { type: GraphQLInt, defaultValue: 20, description: 'cards per column' },
      orderBy: { type: list(orderBy as never), description: 'card order; default: longest in stage first' },
    },
    resolve: (_r, args, ctx, info) => {
      const cardNodes = subfields(subfields(info.fieldNodes, info).get('columns') ?? [], info).get('cards') ?? [];
      const cardSelection = connectionNodeFields({ ...info, fieldNodes: cardNodes });
      const orderTerms = (args.orderBy ?? [{ field: 'stageEnteredAt', direction: 'ASC' as const }]).map((t) => ({
        field: t.field,
        direction: t.direction,
        nulls: t.nulls ?? undefined,
      }));
      return loadBoard(recordContext(ctx), o.name, {
        pipeline: args.pipeline ?? undefined,
        filter: filterToLogic(args.filter, listFields),
        first: args.first,
        orderBy: orderTerms,
        projection: projectionFor(ctx.model, o, cardSelection, info),
      });
    },
  };
  const moveField: GraphQLFieldConfig<
    unknown,
    ApiContext,
    { id: string; version: number; stage: string; pipeline?: string; lostReason?: string; probability?: number }
  > = {
    type: nn(output),
    description: 'Moves the record to a stage, through the stage gate; writes stage history',
    args: {
      id: { type: nn(GraphQLID) },
      version: { type: nn(GraphQLInt) },
      stage: { type: nn(GraphQLString) },
      pipeline: { type: GraphQLString, description: 'to move into another pipeline' },
      lostReason: { type: GraphQLString },
      probability: { type: GraphQLFloat, description: 'overrides the stage probability' },
    },
    resolve: (_r, args, ctx) =>
      moveRecord(recordContext(ctx), o.name, args.id, args.version, {
        stage: args.stage,
        pipeline: args.pipeline ?? undefined,
        lostReason: args.lostReason ?? undefined,
        probability: args.probability ?? undefined,
      }),
  };
  return {
    queries: { [names.board]: boardField as GraphQLFieldConfig<unknown, ApiContext> },
    mutations: { [names.move]: moveField as GraphQLFieldConfig<unknown, ApiContext> },
  };
}
