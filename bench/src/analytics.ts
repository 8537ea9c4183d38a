/**
 * Group `analytics`: over 1,000,000 opportunities (100,000 with --quick) with ~4 stage-history rows each,
 * generated in SQL, the cohort funnel, the forecast and a two-group report through /graphql against
 * hand-written SQL computing the same figures on the same tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { BenchContext, BenchTenant } from './context.js';
import { pairedP50 } from './measure.js';

const SALES = new URL('../../schemas/examples/sales/', import.meta.url);
const salesDocs = () =>
  readdirSync(SALES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, SALES), 'utf8')) as unknown);
const PATH = ['prospecting', 'qualification', 'proposal', 'negotiation'];
const PROBABILITY: Record<string, number> = { prospecting: 10, qualification: 25, proposal: 50, negotiation: 75, closed_won: 100, closed_lost: 0 };

/**
 * Each deal g walks 3, 4 or 5 steps (avg 4 history rows): prospecting, qualification, proposal, then
 * negotiation, then won (two in three) or lost; a step every 3–22 days from its creation in 2025–2026.
 */
async function seed(ctx: BenchContext, t: BenchTenant, n: number): Promise<void> {
  const s = t.tenant.schema;
  await ctx.sql.query(
    `INSERT INTO "${s}".account (name, industry, owner_id) SELECT 'Account ' || g, (ARRAY['technology','finance','retail','medical'])[1 + g % 4], $1 FROM generate_series(1, 5000) g`,
    [t.userId],
  );
  const stages = [...PATH, 'closed_won', 'closed_lost'];
  const {
    rows: [{ accounts }],
  } = await ctx.sql.query(`SELECT array_agg(id ORDER BY id) AS accounts FROM "${s}".account`);
  const chunk = 250_000;
  for (let from = 1; from <= n; from += chunk) {
    await ctx.sql.query(
      `WITH src AS MATERIALIZED (
         SELECT g, platform.new_id() AS id, 3 + g % 3 AS steps, 3 + (g * 7) % 20 AS gap,
                timestamptz '2025-01-01' + make_interval(days => g % 540, hours => g % 24) AS created,
                CASE WHEN g % 3 = 2 THEN 'closed_lost' ELSE 'closed_won' END AS terminal,
                (g * 7919 % 100000)::numeric AS amount, CASE WHEN g % 10 = 0 THEN 'EUR' ELSE 'USD' END AS currency
           FROM generate_series($2::int, $3::int) g
       ), path AS (
         SELECT src.*, CASE WHEN steps = 5 THEN terminal ELSE ($4::text[])[steps] END AS stage FROM src
       ), ins AS (
         INSERT INTO "${s}".opportunity (id, name, account, amount, amount_currency, close_date, pipeline, stage, probability, stage_entered_at, created_at, outcome, closed_on, lost_reason, owner_id)
         SELECT id, 'Deal ' || g, ($7::uuid[])[1 + g % 5000], amount, currency,
                (created + make_interval(days => 30 + g % 120))::date, 'newBusiness', stage, ($5::numeric[])[array_position($6::text[], stage)],
                created + make_interval(days => gap * (steps - 1)), created,
                CASE stage WHEN 'closed_won' THEN 'won' WHEN 'closed_lost' THEN 'lost' END,
                CASE WHEN steps = 5 THEN (created + make_interval(days => gap * 4))::date END,
                CASE WHEN stage = 'closed_lost' THEN (ARRAY['price','timing','competitor'])[1 + g % 3] END, $1
           FROM path
       )
       INSERT INTO "${s}".stage_history (object, record_id, pipeline, from_stage, to_stage, moved_at, moved_by, amount, currency, days_in_previous)
       SELECT 'opportunity', p.id, 'newBusiness', CASE WHEN i > 1 THEN ($4::text[])[i - 1] END, CASE WHEN i = 5 THEN p.terminal ELSE ($4::text[])[i] END,
              p.created + make_interval(days => p.gap * (i - 1)), $1, p.amount, p.currency, CASE WHEN i > 1 THEN p.gap END
         FROM path p CROSS JOIN LATERAL generate_series(1, p.steps) i`,
      [t.userId, from, Math.min(n, from + chunk - 1), PATH, stages.map((k) => PROBABILITY[k]), stages, accounts],
    );
  }
  for (const table of ['account', 'opportunity', 'stage_history']) await ctx.sql.query(`ANALYZE "${s}".${table}`);
}

const conv = `CASE WHEN t.amount_currency IS NULL OR t.amount_currency = 'USD' THEN t.amount ELSE t.amount * r.rate END`;
const rates = `LEFT JOIN platform.currency_rates r ON r.tenant_id = $1 AND r.currency = t.amount_currency`;

const FUNNEL_QUERY = `{ salesAnalytics(object: "opportunity", from: "2025-06-01", to: "2026-01-01") { funnel { cohort won lost stages { reached amount } losses { count amount } } } }`;
const funnelSql = (s: string) => `WITH d AS (
    SELECT t.id, t.outcome, t.lost_reason, ${conv} AS amount FROM "${s}".opportunity t ${rates}
     WHERE t.deleted_at IS NULL AND t.pipeline = 'newBusiness' AND t.created_at >= '2025-06-01' AND t.created_at < '2026-01-01'
  ), f AS (
    SELECT h.record_id, max(array_position($2::text[], h.to_stage)) AS furthest FROM "${s}".stage_history h JOIN d ON d.id = h.record_id
     WHERE h.object = 'opportunity' AND h.pipeline = 'newBusiness' GROUP BY h.record_id
  ) SELECT f.furthest, d.outcome, d.lost_reason, count(*), sum(d.amount) FROM d JOIN f ON f.record_id = d.id GROUP BY 1, 2, 3`;

const FORECAST_QUERY = `{ forecast(object: "opportunity", asOf: "2025-12-15", periods: 3) { periods { start wonToDate openCount pipeline weighted historical } } }`;
/** The forecast as of the end of 2025-12-15, as one would write it by hand. */
const forecastSql = (s: string) => `WITH hist AS (
    SELECT id, record_id, to_stage, moved_at, amount, currency FROM "${s}".stage_history
     WHERE object = 'opportunity' AND pipeline = 'newBusiness' AND moved_at <= timestamptz '2025-12-15T23:59:59.999Z'
  ), closed AS (
    SELECT record_id, bool_or(to_stage = 'closed_won') AS won FROM hist WHERE to_stage IN ('closed_won', 'closed_lost') GROUP BY record_id
  ), rate AS (
    SELECT x.to_stage AS stage, avg(CASE WHEN c.won THEN 1.0 ELSE 0.0 END) AS rate FROM (SELECT DISTINCT record_id, to_stage FROM hist) x JOIN closed c USING (record_id) GROUP BY 1
  ), state AS (
    SELECT DISTINCT ON (record_id) record_id, to_stage, amount, currency FROM hist ORDER BY record_id, moved_at DESC, id DESC
  ), moved AS (
    SELECT DISTINCT ON (record_id) record_id, (old_value #>> '{}')::date AS close_date FROM "${s}".field_history
     WHERE object = 'opportunity' AND field = 'closeDate' AND changed_at > timestamptz '2025-12-15T23:59:59.999Z' ORDER BY record_id, changed_at
  ), due AS (
    SELECT CASE WHEN s.currency IS NULL OR s.currency = 'USD' THEN s.amount ELSE s.amount * r.rate END AS amount, s.to_stage, COALESCE(m.close_date, t.close_date) AS close_date
      FROM state s JOIN "${s}".opportunity t ON t.id = s.record_id AND t.deleted_at IS NULL AND t.pipeline = 'newBusiness'
      LEFT JOIN platform.currency_rates r ON r.tenant_id = $1 AND r.currency = s.currency LEFT JOIN moved m ON m.record_id = s.record_id
     WHERE s.to_stage IN ('prospecting', 'qualification', 'proposal', 'negotiation')
  ), wins AS (
    SELECT date_trunc('month', h.moved_at AT TIME ZONE 'UTC')::date AS start, sum(CASE WHEN h.currency = 'USD' THEN h.amount ELSE h.amount * r.rate END) AS won
      FROM hist h LEFT JOIN platform.currency_rates r ON r.tenant_id = $1 AND r.currency = h.currency WHERE h.to_stage = 'closed_won' GROUP BY 1
  ), b AS (SELECT (date '2025-12-01' + make_interval(months => i))::date AS start, i FROM generate_series(0, 2) i)
  SELECT b.start, COALESCE((SELECT w.won FROM wins w WHERE w.start = b.start), 0) AS won,
    count(d.*), COALESCE(sum(d.amount), 0),
    COALESCE(sum(d.amount * CASE d.to_stage WHEN 'prospecting' THEN 10 WHEN 'qualification' THEN 25 WHEN 'proposal' THEN 50 ELSE 75 END / 100), 0),
    COALESCE(sum(d.amount * COALESCE(rt.rate, 0)), 0)
  FROM b LEFT JOIN due d ON date_trunc('month', d.close_date)::date = b.start OR (b.i = 0 AND d.close_date < b.start)
  LEFT JOIN rate rt ON rt.stage = d.to_stage GROUP BY b.start, b.i ORDER BY b.i`;

const REPORT_QUERY = 'query($d: JSON) { runReport(definition: $d) { rows { groups { value } values } } }';
const REPORT = {
  d: {
    'x-object': 'opportunity',
    groupBy: [{ field: 'stage' }, { field: 'closeDate', bucket: 'month' }],
    measures: [
      { key: 'n', fn: 'count' },
      { key: 'total', fn: 'sum', field: 'amount' },
      { key: 'average', fn: 'avg', field: 'amount' },
    ],
  },
};
const reportSql = (s: string) => `SELECT t.stage, date_trunc('month', t.close_date)::date AS month, count(*), sum(${conv}), avg(${conv})
  FROM "${s}".opportunity t ${rates} WHERE t.deleted_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`;

export async function analyticsGroup(ctx: BenchContext): Promise<void> {
  const t = await ctx.newTenant(`bench_analytics_${Date.now().toString(36)}`);
  await ctx.apply(t, { documents: salesDocs() });
  const n = ctx.quick ? 100_000 : 1_000_000;
  const t0 = Date.now();
  await seed(ctx, t, n);
  const {
    rows: [counts],
  } = await ctx.sql.query(
    `SELECT (SELECT count(*) FROM "${t.tenant.schema}".opportunity)::int AS deals, (SELECT count(*) FROM "${t.tenant.schema}".stage_history)::int AS moves`,
  );
  console.log(`# analytics: ${counts.deals} opportunities, ${counts.moves} stage-history rows seeded in ${Math.round((Date.now() - t0) / 1000)} s`);
  await ctx.platform(t.token, 'mutation { setCurrencyRates(rates: [{ currency: "EUR", rate: 1.08 }]) { currency } }');
  const client = await ctx.sql.connect();
  const runs = ctx.quick ? 5 : 15;
  try {
    const stages = [...PATH, 'closed_won'];
    const figure = async (
      name: string,
      query: string,
      sql: string,
      params: unknown[],
      check: (data: Record<string, any>, rows: Record<string, unknown>[]) => void,
      target: string,
      variables: Record<string, unknown> = {},
    ) => {
      check(await ctx.gql(t.token, query, variables), (await client.query(sql, params)).rows);
      const [gqlMs, sqlMs] = await pairedP50(
        () => ctx.gql(t.token, query, variables),
        () => client.query(sql, params),
        runs,
      );
      ctx.report.add(`analytics.${name}_p50_graphql_ms`, gqlMs, 'ms');
      ctx.report.add(`analytics.${name}_p50_sql_ms`, sqlMs, 'ms');
      ctx.report.add(`analytics.${name}_ratio`, gqlMs / sqlMs, 'ratio', target);
    };
    await figure(
      'funnel',
      FUNNEL_QUERY,
      funnelSql(t.tenant.schema),
      [t.tenant.id, stages],
      (data, rows) => {
        const cohort = rows.reduce((a, r) => a + Number(r['count']), 0);
        if (data.salesAnalytics.funnel.cohort !== cohort || cohort === 0)
          throw new Error(`funnel cohorts differ: ${data.salesAnalytics.funnel.cohort} vs ${cohort}`);
      },
      '<= 1.3',
    );
    await figure(
      'forecast',
      FORECAST_QUERY,
      forecastSql(t.tenant.schema),
      [t.tenant.id],
      (data, rows) => {
        const got = data.forecast.periods.map((p: { openCount: number }) => p.openCount);
        if (JSON.stringify(got) !== JSON.stringify(rows.map((r) => Number(r['count']))))
          throw new Error(`forecasts differ: ${JSON.stringify(got)} vs ${JSON.stringify(rows)}`);
      },
      '<= 1.5',
    );
    await figure(
      'report_2groups',
      REPORT_QUERY,
      reportSql(t.tenant.schema),
      [t.tenant.id],
      (data, rows) => {
        if (data.runReport.rows.length !== rows.length) throw new Error(`report rows differ: ${data.runReport.rows.length} vs ${rows.length}`);
      },
      '<= 1.3',
      REPORT,
    );
  } finally {
    client.release();
  }
}
