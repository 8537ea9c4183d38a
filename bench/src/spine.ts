/**
 * Group `spine`: the platform's core paths against the same work in raw SQL on the same database.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { serverTimes, type BenchContext, type BenchTenant } from './context.js';
import { median, pairedP50, throughput } from './measure.js';

const SALES = new URL('../../schemas/examples/sales/', import.meta.url);
const salesModel = () =>
  readdirSync(SALES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, SALES), 'utf8')) as unknown);

const LIST_QUERY = `query($stage: String!, $min: Float!) {
  opportunities(first: 50, filter: { stage: { eq: $stage }, amount: { gte: $min } }, orderBy: [{ field: closeDate, direction: DESC }]) {
    edges { node { id name stage closeDate amount { amount currency } account { id name } } }
  }
}`;
/** The same page in one SQL statement: filter, sort, limit and the account lookup as a join. */
const LIST_SQL = (schema: string) => `SELECT o.id, o.name, o.stage, o.close_date, o.amount, o.amount_currency, a.id AS account_id, a.name AS account_name
  FROM "${schema}".opportunity o LEFT JOIN "${schema}".account a ON a.id = o.account AND a.deleted_at IS NULL
  WHERE o.deleted_at IS NULL AND o.stage = $1 AND o.amount >= $2
  ORDER BY o.close_date DESC NULLS FIRST, o.id LIMIT 50`;

/** Accounts, and opportunities spread over the stages of `stages` (of pipeline `pipeline`), in plain SQL. */
export async function seedSales(
  ctx: BenchContext,
  t: BenchTenant,
  opportunities: number,
  pipeline = 'newBusiness',
  stages: [string, number][] = [
    ['prospecting', 10],
    ['qualification', 25],
    ['proposal', 50],
    ['negotiation', 75],
    ['closed_won', 100],
    ['closed_lost', 0],
  ],
): Promise<void> {
  const s = t.tenant.schema;
  await ctx.sql.query(
    `INSERT INTO "${s}".account (name, industry, owner_id) SELECT 'Account ' || g, (ARRAY['technology','finance','retail','medical'])[1 + g % 4], $1 FROM generate_series(1, 5000) g`,
    [t.userId],
  );
  await ctx.sql.query(
    `INSERT INTO "${s}".opportunity (name, account, amount, amount_currency, close_date, pipeline, stage, probability, stage_entered_at, owner_id)
    SELECT 'Deal ' || g, a.id, (g * 7919 % 100000)::numeric, CASE WHEN g % 10 = 0 THEN 'EUR' ELSE 'USD' END, date '2026-01-01' + (g % 700) - 350,
           $3, ($4::text[])[1 + g % $6], ($5::numeric[])[1 + g % $6], now() - make_interval(hours => g % 2000), $1
      FROM generate_series(1, $2::int) g JOIN LATERAL (SELECT id FROM "${s}".account ORDER BY id OFFSET (g % 5000) LIMIT 1) a ON true`,
    [t.userId, opportunities, pipeline, stages.map(([k]) => k), stages.map(([, p]) => p), stages.length],
  );
  await ctx.sql.query(`ANALYZE "${s}".account`);
  await ctx.sql.query(`ANALYZE "${s}".opportunity`);
}

async function listFigures(ctx: BenchContext, t: BenchTenant): Promise<void> {
  const vars = { stage: 'proposal', min: 20000 };
  const sql = LIST_SQL(t.tenant.schema);
  const client = await ctx.sql.connect();
  try {
    const sample = await ctx.gql(t.token, LIST_QUERY, vars);
    const { rows } = await client.query(sql, [vars.stage, vars.min]);
    if (sample.opportunities.edges.length !== rows.length || sample.opportunities.edges[0].node.id !== rows[0].id) {
      throw new Error('GraphQL and SQL list different pages; the comparison would be meaningless');
    }
    const n = ctx.quick ? 200 : 1000;
    serverTimes.length = 0;
    const [gqlMs, sqlMs] = await pairedP50(
      () => ctx.gql(t.token, LIST_QUERY, vars),
      () => client.query(sql, [vars.stage, vars.min]),
      n,
    );
    ctx.report.add('spine.list_p50_graphql_ms', gqlMs, 'ms');
    ctx.report.add('spine.list_p50_graphql_server_ms', median(serverTimes), 'ms');
    ctx.report.add('spine.list_p50_sql_ms', sqlMs, 'ms');
    ctx.report.add('spine.list_p50_ratio', gqlMs / sqlMs, 'ratio', '<= 2.0');
    // The server runs its reads as named (prepared) statements; for a like-for-like view, the same against SQL prepared too.
    const prepared = { name: 'bench_list', text: sql, values: [vars.stage, vars.min] };
    const [gqlMs2, preparedMs] = await pairedP50(
      () => ctx.gql(t.token, LIST_QUERY, vars),
      () => client.query(prepared),
      n,
    );
    ctx.report.add('spine.list_p50_sql_prepared_ms', preparedMs, 'ms');
    ctx.report.add('spine.list_p50_ratio_vs_prepared_sql', gqlMs2 / preparedMs, 'ratio');
  } finally {
    client.release();
  }
  const ms = ctx.quick ? 3000 : 10000;
  const gqlRate = await throughput(() => ctx.gql(t.token, LIST_QUERY, vars), 10, ms);
  const sqlRate = await throughput(() => ctx.sql.query(sql, [vars.stage, vars.min]), 10, ms);
  ctx.report.add('spine.list_throughput_graphql_rps', gqlRate, 'req/s');
  ctx.report.add('spine.list_throughput_sql_qps', sqlRate, 'queries/s');
  ctx.report.add('spine.list_throughput_ratio', gqlRate / sqlRate, 'ratio', '>= 0.4');
}

/**
 * Creates and bulk creates use Contact (a lookup, no pipeline): a record of an object with a pipeline also
 * writes its stage history, which a plain INSERT or COPY would not (the pipeline group measures moves).
 */
async function createFigures(ctx: BenchContext, t: BenchTenant): Promise<void> {
  const s = t.tenant.schema;
  const { rows } = await ctx.sql.query(`SELECT id FROM "${s}".account LIMIT 1`);
  const account = rows[0].id as string;
  const mutation = 'mutation($in: ContactInput!) { createContact(input: $in) { id version } }';
  const input = { firstName: 'Ada', lastName: 'Bench', email: 'ada.bench@example.com', phone: '+1 555 0100', account };
  const insert = `INSERT INTO "${s}".contact (first_name, last_name, email, phone, account, owner_id, created_by, updated_by)
    VALUES ($1, $2, $3, $4, $5, $6, $6, $6) RETURNING id, version`;
  const client = await ctx.sql.connect();
  try {
    const n = ctx.quick ? 200 : 1000;
    const [gqlMs, sqlMs] = await pairedP50(
      () => ctx.gql(t.token, mutation, { in: input }),
      () => client.query(insert, ['Ada', 'Bench', 'ada.bench@example.com', '+1 555 0100', account, t.userId]),
      n,
    );
    ctx.report.add('spine.create_p50_graphql_ms', gqlMs, 'ms');
    ctx.report.add('spine.create_p50_sql_ms', sqlMs, 'ms');
    ctx.report.add('spine.create_ratio', gqlMs / sqlMs, 'ratio', '<= 3');
  } finally {
    client.release();
  }
}

async function bulkFigures(ctx: BenchContext, t: BenchTenant): Promise<void> {
  const s = t.tenant.schema;
  const total = 10_000;
  const rounds = ctx.quick ? 2 : 5;
  const row = (i: number) => ({ firstName: 'Bulk', lastName: `Contact ${i}`, email: `bulk${i}@example.com`, phone: '+1 555 0100' });
  const mutation = 'mutation($in: [ContactInput!]!) { createContacts(inputs: $in) { id } }';
  const bulkMs: number[] = [];
  const copyMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const batches = Array.from({ length: total / 1000 }, (_, b) => Array.from({ length: 1000 }, (_, i) => row(b * 1000 + i)));
    let t0 = performance.now();
    for (const batch of batches) await ctx.gql(t.token, mutation, { in: batch });
    bulkMs.push(performance.now() - t0);

    const client = await ctx.sql.connect();
    try {
      const lines = Array.from({ length: total }, (_, i) => `Copy\tContact ${i}\tcopy${i}@example.com\t+1 555 0100\t${t.userId}\t${t.userId}\t${t.userId}\n`);
      t0 = performance.now();
      await pipeline(
        Readable.from(lines),
        client.query(copyFrom(`COPY "${s}".contact (first_name, last_name, email, phone, owner_id, created_by, updated_by) FROM STDIN`)),
      );
      copyMs.push(performance.now() - t0);
    } finally {
      client.release();
    }
  }
  const bulkRate = total / (median(bulkMs) / 1000);
  const copyRate = total / (median(copyMs) / 1000);
  ctx.report.add('spine.bulk_create_rows_per_s', bulkRate, 'rows/s');
  ctx.report.add('spine.copy_rows_per_s', copyRate, 'rows/s');
  ctx.report.add('spine.bulk_create_vs_copy', bulkRate / copyRate, 'fraction', '>= 0.25');
}

async function addFieldFigure(ctx: BenchContext): Promise<void> {
  const t = await ctx.newTenant(`bench_ddl_${Date.now().toString(36)}`);
  const doc = (name: string, extra: Record<string, unknown> = {}) => ({
    type: 'object',
    'x-object': name,
    properties: { title: { 'x-kind': 'text' }, size: { 'x-kind': 'number' }, ...extra },
  });
  await ctx.apply(t, { documents: [doc('big'), doc('small')] });
  const s = t.tenant.schema;
  await ctx.sql.query(`INSERT INTO "${s}".big (title, size) SELECT 'row ' || g, g FROM generate_series(1, 1000000) g`);
  await ctx.sql.query(`INSERT INTO "${s}".small (title, size) SELECT 'row ' || g, g FROM generate_series(1, 10000) g`);
  await ctx.sql.query(`VACUUM ANALYZE "${s}".big`);
  await ctx.sql.query(`VACUUM ANALYZE "${s}".small`);
  const times: Record<'big' | 'small', number[]> = { big: [], small: [] };
  const added: Record<string, Record<string, unknown>> = { big: {}, small: {} };
  for (let i = 0; i < 5; i++) {
    for (const name of ['big', 'small'] as const) {
      added[name]![`extra${i}`] = { 'x-kind': 'single_select', 'x-options': [{ value: 'a' }, { value: 'b' }], default: 'a' };
      const t0 = performance.now();
      await ctx.apply(t, { documents: [doc(name, added[name])] });
      times[name].push(performance.now() - t0);
    }
  }
  ctx.report.add('spine.add_field_1m_ms', median(times.big), 'ms');
  ctx.report.add('spine.add_field_10k_ms', median(times.small), 'ms');
  ctx.report.add('spine.add_field_1m_vs_10k', median(times.big) / median(times.small), 'ratio', '<= 2');
}

/** Memory and schema-build figures come from a process of their own (see heap.ts). */
function heapFigures(ctx: BenchContext): void {
  const script = new URL('./heap.js', import.meta.url).pathname;
  // No bytecode flushing: it frees code as it ages across GCs, which would read as negative tenant memory.
  const run = spawnSync(process.execPath, ['--expose-gc', '--no-flush-bytecode', script, ctx.databaseUrl, ctx.quick ? 'quick' : 'full'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`heap figures failed (exit ${run.status})`);
  const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { schemaBuildMs: number; schemaHeapMb: number; oneMb: number; hundredMb: number };
  ctx.report.add('spine.schema_build_ms', r.schemaBuildMs, 'ms', '< 300');
  ctx.report.add('spine.schema_heap_mb', r.schemaHeapMb, 'MB', '< 5');
  ctx.report.add('spine.heap_1_tenant_mb', r.oneMb, 'MB');
  ctx.report.add('spine.heap_100_identical_tenants_mb', r.hundredMb, 'MB');
  ctx.report.add('spine.heap_100_identical_tenants_ratio', r.hundredMb / r.oneMb, 'ratio', '<= 1.5');
}

export async function spine(ctx: BenchContext): Promise<void> {
  const t = await ctx.newTenant(`bench_spine_${Date.now().toString(36)}`);
  await ctx.apply(t, { documents: salesModel() });
  await seedSales(ctx, t, ctx.quick ? 20_000 : 100_000);
  await listFigures(ctx, t);
  await createFigures(ctx, t);
  await bulkFigures(ctx, t);
  await addFieldFigure(ctx);
  heapFigures(ctx);
}
