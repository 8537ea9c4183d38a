/**
 * Group `lists`: list pages of several shapes on a second workload, each against the same page written by hand
 * in SQL on the same tables (filter + sort on different columns, a sort on a lookup's field, a text search, a
 * filter on a formula, a page deep into the result). 100,000 deals (8 stages, amounts 1k–250k, close dates over two years, 5,000
 * accounts, 50 owners) are generated from a fixed seed and loaded through the API (`createAccounts`,
 * `createDeals`), as a customer's import would.
 *
 * Figures per shape: `lists.<shape>_p50_ratio` (GraphQL ÷ SQL, one client, paired rounds) and
 * `lists.<shape>_throughput_ratio` (GraphQL ÷ SQL requests per second, 10 concurrent clients, keep-alive).
 */
import type { BenchContext, BenchTenant } from './context.js';
import { pairedP50, throughput } from './measure.js';

const STAGES = ['prospecting', 'discovery', 'qualification', 'demo', 'proposal', 'negotiation', 'closed_won', 'closed_lost'];
const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Soylent', 'Cyberdyne', 'Aperture'];
const PRODUCTS = ['renewal', 'expansion', 'pilot', 'licence', 'support', 'migration', 'training', 'hardware'];

const DEAL = {
  type: 'object',
  'x-object': 'deal',
  title: 'Deal',
  required: ['name', 'ref'],
  properties: {
    ref: { 'x-kind': 'text', 'x-unique': true, maxLength: 20 },
    name: { 'x-kind': 'text', maxLength: 200 },
    amount: { 'x-kind': 'currency', minimum: 0 },
    stage: { 'x-kind': 'single_select', 'x-indexed': true, 'x-options': STAGES.map((value) => ({ value })) },
    closeDate: { 'x-kind': 'date', 'x-indexed': true },
    probability: { 'x-kind': 'number', minimum: 0, maximum: 100 },
    weighted: { 'x-kind': 'formula', 'x-formula': { '/': [{ '*': [{ var: 'amount' }, { var: 'probability' }] }, 100] }, 'x-result': 'number' },
    account: { 'x-kind': 'lookup', 'x-target': 'company' },
  },
};
const COMPANY = {
  type: 'object',
  'x-object': 'company',
  title: 'Company',
  required: ['name'],
  properties: { name: { 'x-kind': 'text', maxLength: 120 }, city: { 'x-kind': 'text', maxLength: 80 } },
};

/** mulberry32: a small, fixed-seed PRNG, so every run loads the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function load(ctx: BenchContext, t: BenchTenant, deals: number): Promise<void> {
  const rnd = random(20261201);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const owners: string[] = [t.userId];
  for (let i = 1; i < 50; i++) owners.push(await ctx.newUser(t, `owner${i}`));
  const companies: string[] = [];
  for (let b = 0; b < 5; b++) {
    const inputs = Array.from({ length: 1000 }, (_, i) => ({
      name: `${pick(WORDS)} ${b * 1000 + i}`,
      city: pick(['Berlin', 'Shanghai', 'Austin', 'Lyon', 'Osaka']),
    }));
    const data = await ctx.gql(t.token, 'mutation($in: [CompanyInput!]!) { createCompanies(inputs: $in) { id } }', { in: inputs });
    companies.push(...(data.createCompanies as { id: string }[]).map((c) => c.id));
  }
  const start = Date.UTC(2025, 0, 1);
  for (let b = 0; b < deals / 1000; b++) {
    const inputs = Array.from({ length: 1000 }, (_, i) => {
      const n = b * 1000 + i;
      return {
        ref: `D-${String(n).padStart(6, '0')}`,
        name: `${pick(WORDS)} ${pick(PRODUCTS)} ${n}`,
        amount: { amount: Math.round(1000 + rnd() * 249_000), currency: 'USD' },
        stage: pick(STAGES),
        closeDate: new Date(start + Math.floor(rnd() * 730) * 86_400_000).toISOString().slice(0, 10),
        probability: Math.round(rnd() * 100),
        account: pick(companies),
        ownerId: pick(owners),
      };
    });
    await ctx.gql(t.token, 'mutation($in: [DealInput!]!) { createDeals(inputs: $in) { id } }', { in: inputs });
  }
  await ctx.sql.query(`VACUUM ANALYZE "${t.tenant.schema}".deal`);
  await ctx.sql.query(`VACUUM ANALYZE "${t.tenant.schema}".company`);
}

interface Shape {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  sql: string;
  values: unknown[];
}

const NODE = 'id ref name stage closeDate amount { amount currency } account { id name }';
const COLUMNS = (s: string) => `SELECT d.id, d.ref, d.name, d.stage, d.close_date, d.amount, d.amount_currency, c.id AS account_id, c.name AS account_name
  FROM "${s}".deal d LEFT JOIN "${s}".company c ON c.id = d.account AND c.deleted_at IS NULL`;

/** The hand-written side: what a developer would write for the same page, with the platform's tables. */
function shapes(s: string, deepCursor: { after: string; closeDate: string; ref: string }): Shape[] {
  return [
    {
      name: 'filter_sort',
      query: `query($stage: String!, $min: Float!) { deals(first: 50, filter: { stage: { eq: $stage }, amount: { gt: $min } },
        orderBy: [{ field: closeDate, direction: DESC }, { field: ref, direction: DESC }]) { edges { node { ${NODE} } } } }`,
      variables: { stage: 'negotiation', min: 50000 },
      sql: `${COLUMNS(s)} WHERE d.deleted_at IS NULL AND d.stage = $1 AND d.amount > $2 ORDER BY d.close_date DESC, d.ref DESC LIMIT 50`,
      values: ['negotiation', 50000],
    },
    {
      name: 'sort_other_column',
      query: `query($from: Date!) { deals(first: 50, filter: { closeDate: { gte: $from } }, orderBy: [{ field: amount, direction: DESC }]) { edges { node { ${NODE} } } } }`,
      variables: { from: '2026-06-01' },
      sql: `${COLUMNS(s)} WHERE d.deleted_at IS NULL AND d.close_date >= $1 ORDER BY d.amount DESC, d.id LIMIT 50`,
      values: ['2026-06-01'],
    },
    {
      name: 'sort_lookup',
      query: `query($stage: String!) { deals(first: 50, filter: { stage: { eq: $stage } }, orderBy: [{ field: account_name, direction: ASC }, { field: ref, direction: ASC }]) {
        edges { node { ${NODE} } } } }`,
      variables: { stage: 'proposal' },
      sql: `${COLUMNS(s)} WHERE d.deleted_at IS NULL AND d.stage = $1 ORDER BY c.name, d.ref LIMIT 50`,
      values: ['proposal'],
    },
    {
      name: 'text_search',
      query: `query($q: String!) { deals(first: 50, filter: { name: { contains: $q } }, orderBy: [{ field: ref, direction: ASC }]) { edges { node { ${NODE} } } } }`,
      variables: { q: 'globex pilot' },
      sql: `${COLUMNS(s)} WHERE d.deleted_at IS NULL AND d.name ILIKE $1 ORDER BY d.ref LIMIT 50`,
      values: ['%globex pilot%'],
    },
    {
      name: 'formula_filter',
      query: `query($min: Float!) { deals(first: 50, filter: { weighted: { gt: $min }, stage: { eq: "proposal" } }, orderBy: [{ field: closeDate, direction: ASC }, { field: ref, direction: ASC }]) {
        edges { node { ${NODE} weighted } } } }`,
      variables: { min: 150000 },
      sql: `${COLUMNS(s).replace(' FROM ', ', d.amount * d.probability / 100 AS weighted FROM ')}
        WHERE d.deleted_at IS NULL AND d.amount * d.probability / 100 > $1 AND d.stage = 'proposal' ORDER BY d.close_date, d.ref LIMIT 50`,
      values: [150000],
    },
    {
      name: 'deep_page',
      query: `query($after: String!) { deals(first: 50, after: $after, orderBy: [{ field: closeDate, direction: DESC }, { field: ref, direction: DESC }]) { edges { node { ${NODE} } } } }`,
      variables: { after: deepCursor.after },
      sql: `${COLUMNS(s)} WHERE d.deleted_at IS NULL AND (d.close_date, d.ref) < ($1, $2) ORDER BY d.close_date DESC, d.ref DESC LIMIT 50`,
      values: [deepCursor.closeDate, deepCursor.ref],
    },
  ];
}

/** A cursor 5,000 rows into the whole list in (closeDate DESC, ref DESC) order, found by paging as a client would. */
async function deepCursor(ctx: BenchContext, t: BenchTenant): Promise<{ after: string; closeDate: string; ref: string }> {
  let after: string | null = null;
  let last: { cursor: string; node: { closeDate: string; ref: string } } | undefined;
  for (let page = 0; page < 50; page++) {
    const data: Record<string, any> = await ctx.gql(
      t.token,
      `query($after: String) { deals(first: 100, after: $after, orderBy: [{ field: closeDate, direction: DESC }, { field: ref, direction: DESC }]) { edges { cursor node { closeDate ref } } } }`,
      { after },
    );
    last = data.deals.edges.at(-1);
    after = last!.cursor;
  }
  return { after: last!.cursor, closeDate: last!.node.closeDate, ref: last!.node.ref };
}

async function measureShape(ctx: BenchContext, t: BenchTenant, shape: Shape): Promise<void> {
  const run = () => ctx.gql(t.token, shape.query, shape.variables);
  const sample = await run();
  const { rows } = await ctx.sql.query(shape.sql, shape.values);
  const ids = (sample.deals.edges as { node: { id: string } }[]).map((e) => e.node.id);
  if (ids.length === 0 || ids.length !== rows.length || ids.some((id, i) => id !== rows[i].id)) {
    throw new Error(`lists.${shape.name}: GraphQL and SQL return different pages (${ids.length} vs ${rows.length} rows); the comparison would be meaningless`);
  }
  const client = await ctx.sql.connect();
  try {
    const [gqlMs, sqlMs] = await pairedP50(run, () => client.query(shape.sql, shape.values), ctx.quick ? 100 : 400);
    ctx.report.add(`lists.${shape.name}_p50_graphql_ms`, gqlMs, 'ms');
    ctx.report.add(`lists.${shape.name}_p50_sql_ms`, sqlMs, 'ms');
    ctx.report.add(`lists.${shape.name}_p50_ratio`, gqlMs / sqlMs, 'ratio', '<= 2.0');
  } finally {
    client.release();
  }
  const ms = ctx.quick ? 2000 : 6000;
  const gqlRate = await throughput(run, 10, ms);
  const sqlRate = await throughput(() => ctx.sql.query(shape.sql, shape.values), 10, ms);
  ctx.report.add(`lists.${shape.name}_throughput_graphql_rps`, gqlRate, 'req/s');
  ctx.report.add(`lists.${shape.name}_throughput_sql_qps`, sqlRate, 'queries/s');
  ctx.report.add(`lists.${shape.name}_throughput_ratio`, gqlRate / sqlRate, 'ratio', '>= 0.5');
}

export async function listsGroup(ctx: BenchContext): Promise<void> {
  const t = await ctx.newTenant(`bench_lists_${Date.now().toString(36)}`);
  await ctx.apply(t, { documents: [COMPANY, DEAL] });
  await load(ctx, t, ctx.quick ? 20_000 : 100_000);
  for (const shape of shapes(t.tenant.schema, await deepCursor(ctx, t))) await measureShape(ctx, t, shape);
}
