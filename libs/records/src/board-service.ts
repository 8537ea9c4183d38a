/** The kanban board of a pipeline: every column's totals and first cards, for one request. */
import { defaultPipeline, type PipelineModel, type StageModel } from '@funnelcraft/definitions';
import { badInput } from '@funnelcraft/kernel';
import { boardCards, boardTotals, type OrderTerm, type Projection, type Row } from '@funnelcraft/storage';
import type { RecordContext } from './context.js';
import { assertVisibleVariables, authorize, scopedProjection, withoutHidden, withScope } from './permissions.js';
import { MAX_PAGE, objectOf } from './records-service.js';
import { checkedOrder } from './order-terms.js';

export interface BoardColumn {
  stage: StageModel;
  count: number;
  amount: number | null;
  weightedAmount: number | null;
  unconverted: number;
  cards: { rows: Row[]; keys: unknown[][]; hasNextPage: boolean };
}

export interface Board {
  pipeline: PipelineModel;
  currency: string;
  columns: BoardColumn[];
}

export interface BoardQuery {
  pipeline?: string;
  filter?: unknown;
  first: number;
  orderBy: OrderTerm[];
  projection: Projection;
}

export async function loadBoard(ctx: RecordContext, objectName: string, query: BoardQuery): Promise<Board> {
  const o = objectOf(ctx, objectName);
  const scope = authorize(ctx, 'read', o.name);
  assertVisibleVariables(ctx, o, query.filter);
  const pipeline = query.pipeline ? o.pipelines.find((p) => p.key === query.pipeline) : defaultPipeline(o.pipelines);
  if (!pipeline)
    throw badInput(`No pipeline ${JSON.stringify(query.pipeline ?? null)} on ${o.name}`, [
      { path: 'pipeline', message: `allowed: ${o.pipelines.map((p) => p.key).join(', ')}` },
    ]);
  if (!Number.isInteger(query.first) || query.first < 0 || query.first > MAX_PAGE)
    throw badInput(`first must be between 0 and ${MAX_PAGE}`, [{ path: 'first', message: 'out of range' }]);
  const filter = withScope(scope, query.filter);
  const [totals, cards] = await Promise.all([
    boardTotals(ctx.db, ctx.tenant.schema, o, pipeline, ctx.tenant.id, ctx.tenant.currency, filter),
    boardCards(
      ctx.db,
      ctx.tenant.schema,
      o,
      pipeline,
      query.first,
      checkedOrder(ctx, o, query.orderBy) ?? [],
      scopedProjection(ctx, query.projection) ?? query.projection,
      filter,
    ),
  ]);
  for (const c of cards.values()) withoutHidden(ctx, o, c.rows);
  const byStage = new Map(totals.map((t) => [t.stage, t]));
  return {
    pipeline,
    currency: ctx.tenant.currency,
    columns: pipeline.stages.map((stage) => {
      const t = byStage.get(stage.key);
      return {
        stage,
        count: t?.count ?? 0,
        amount: t?.amount ?? (pipeline.amountField ? 0 : null),
        weightedAmount: t?.weightedAmount ?? (pipeline.amountField ? 0 : null),
        unconverted: t?.unconverted ?? 0,
        cards: cards.get(stage.key) ?? { rows: [], keys: [], hasNextPage: false },
      };
    }),
  };
}
