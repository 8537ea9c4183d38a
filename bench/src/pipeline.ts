/**
 * Group `pipeline`: the kanban board and a stage move, against the same work in raw SQL on the same database.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { serverTimes, type BenchContext, type BenchTenant } from './context.js';
import { median, pairedP50 } from './measure.js';
import { seedSales } from './spine.js';

const SALES = new URL('../../schemas/examples/sales/', import.meta.url);
const objectDocs = () =>
  readdirSync(SALES)
    .filter((f) => f.endsWith('.json') && !f.startsWith('pipeline'))
    .map((f) => JSON.parse(readFileSync(new URL(f, SALES), 'utf8')) as unknown);

const STAGES: [string, number][] = [
  ['lead_in', 5],
  ['contacted', 10],
  ['qualified', 25],
  ['demo', 40],
  ['proposal', 55],
  ['negotiation', 75],
  ['won', 100],
  ['lost', 0],
];
const PIPELINE = {
  'x-pipeline': 'eightStages',
  'x-object': 'opportunity',
  'x-amount-field': 'amount',
  'x-lost-reason-required': false,
  stages: STAGES.map(([key, probability]) => ({ key, probability, category: key === 'won' ? 'won' : key === 'lost' ? 'lost' : 'open', idleDays: 30 })),
};

const BOARD_QUERY = `{ opportunitiesBoard(pipeline: "eightStages", first: 50) {
  columns { stage { key } count amount weightedAmount cards { nodes { id name stage probability stageEnteredAt amount { amount currency } account { id name } } pageInfo { hasNextPage endCursor } } }
} }`;

/** The same board in raw SQL: the totals with currency conversion, then 50 cards per stage with their account. */
function rawBoard(schema: string) {
  const totals = `SELECT t.stage, count(*)::int, sum(CASE WHEN t.amount_currency = 'USD' THEN t.amount ELSE t.amount * r.rate END),
      sum(CASE WHEN t.amount_currency = 'USD' THEN t.amount ELSE t.amount * r.rate END * t.probability / 100)
    FROM "${schema}".opportunity t LEFT JOIN platform.currency_rates r ON r.tenant_id = $1 AND r.currency = t.amount_currency
    WHERE t.deleted_at IS NULL AND t.pipeline = 'eightStages' GROUP BY t.stage`;
  const cards = `SELECT c.* FROM unnest($1::text[]) s(key) CROSS JOIN LATERAL (
      SELECT t.id, t.name, t.stage, t.probability, t.stage_entered_at, t.amount, t.amount_currency, a.id AS account_id, a.name AS account_name
        FROM "${schema}".opportunity t LEFT JOIN "${schema}".account a ON a.id = t.account AND a.deleted_at IS NULL
       WHERE t.deleted_at IS NULL AND t.pipeline = 'eightStages' AND t.stage = s.key ORDER BY t.stage_entered_at ASC, t.id LIMIT 51) c`;
  return { totals, cards };
}

async function boardFigures(ctx: BenchContext, t: BenchTenant): Promise<void> {
  await ctx.platform(t.token, 'mutation { setCurrencyRates(rates: [{ currency: "EUR", rate: 1.08 }]) { currency } }');
  const raw = rawBoard(t.tenant.schema);
  const client = await ctx.sql.connect();
  try {
    const sample = await ctx.gql(t.token, BOARD_QUERY);
    const columns = sample.opportunitiesBoard.columns as { count: number; cards: { nodes: unknown[] } }[];
    if (columns.length !== 8 || columns.some((c) => c.cards.nodes.length !== 50)) throw new Error('the board does not have 8 full columns');
    const n = ctx.quick ? 60 : 200;
    serverTimes.length = 0;
    const [gqlMs, sqlMs] = await pairedP50(
      () => ctx.gql(t.token, BOARD_QUERY),
      async () => {
        await client.query(raw.totals, [t.tenant.id]);
        await client.query(raw.cards, [STAGES.map(([k]) => k)]);
      },
      n,
    );
    ctx.report.add('pipeline.board_p50_graphql_ms', gqlMs, 'ms');
    ctx.report.add('pipeline.board_p50_graphql_server_ms', median(serverTimes), 'ms');
    ctx.report.add('pipeline.board_p50_sql_ms', sqlMs, 'ms');
    ctx.report.add('pipeline.board_ratio', gqlMs / sqlMs, 'ratio', '<= 2');
  } finally {
    client.release();
  }
}

async function moveFigures(ctx: BenchContext, t: BenchTenant): Promise<void> {
  const s = t.tenant.schema;
  const { rows } = await ctx.sql.query<{ id: string; version: number }>(
    `SELECT id, version FROM "${s}".opportunity WHERE pipeline = 'eightStages' AND stage = 'contacted' ORDER BY id LIMIT 400`,
  );
  const versions = new Map(rows.map((r) => [r.id, r.version]));
  const ids = rows.map((r) => r.id);
  const sqlIds = ids.splice(ids.length / 2);
  const mutation = 'mutation($id: ID!, $v: Int!, $stage: String!) { moveOpportunity(id: $id, version: $v, stage: $stage) { id version stage } }';
  const update = `UPDATE "${s}".opportunity SET stage = $2, probability = $3, stage_entered_at = now(), version = version + 1, updated_at = now(), updated_by = $4
    WHERE id = $1 AND version = $5 AND deleted_at IS NULL RETURNING id, version, stage_entered_at`;
  const insert = `INSERT INTO "${s}".stage_history (object, record_id, pipeline, from_stage, to_stage, moved_by, amount, currency, days_in_previous)
    VALUES ('opportunity', $1, 'eightStages', $2, $3, $4, 1000, 'USD', 1.5)`;
  const client = await ctx.sql.connect();
  let g = 0;
  let q = 0;
  const stageAfter = new Map<string, string>();
  const nextStage = (id: string) => ((stageAfter.get(id) ?? 'contacted') === 'contacted' ? 'qualified' : 'contacted');
  try {
    const n = ctx.quick ? 150 : 600;
    const [gqlMs, sqlMs] = await pairedP50(
      async () => {
        const id = ids[g++ % ids.length]!;
        const stage = nextStage(id);
        const res = await ctx.gql(t.token, mutation, { id, v: versions.get(id), stage });
        versions.set(id, res.moveOpportunity.version);
        stageAfter.set(id, stage);
      },
      async () => {
        const id = sqlIds[q++ % sqlIds.length]!;
        const stage = nextStage(id);
        const from = stageAfter.get(id) ?? 'contacted';
        const r = await client.query(update, [id, stage, stage === 'qualified' ? 25 : 10, t.userId, versions.get(id)]);
        versions.set(id, r.rows[0].version);
        await client.query(insert, [id, from, stage, t.userId]);
        stageAfter.set(id, stage);
      },
      n,
    );
    ctx.report.add('pipeline.move_p50_graphql_ms', gqlMs, 'ms');
    ctx.report.add('pipeline.move_p50_sql_ms', sqlMs, 'ms');
    ctx.report.add('pipeline.move_ratio', gqlMs / sqlMs, 'ratio', '<= 3');
  } finally {
    client.release();
  }
}

export async function pipelineGroup(ctx: BenchContext): Promise<void> {
  const t = await ctx.newTenant(`bench_pipe_${Date.now().toString(36)}`);
  await ctx.apply(t, { documents: [...objectDocs(), PIPELINE] });
  await seedSales(ctx, t, ctx.quick ? 30_000 : 100_000, 'eightStages', STAGES);
  await boardFigures(ctx, t);
  await moveFigures(ctx, t);
}
