/**
 * Real data: the Maven CRM sample (../shared/data/maven-crm beside the checkout; see its README for the quirks)
 * loaded as deals through the data API (agents as users, accounts with their sector, the deal's product), its
 * past moves imported at their own dates. Win rate overall and per agent, won revenue overall, per product and
 * per sector, and the mean and median days engage → close of won deals, as the API computes them (reports and
 * sales analytics), equal what this test computes directly from the CSV.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, importStageHistory, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';

const DATA = fileURLToPath(new URL('../../../../shared/data/maven-crm/', import.meta.url));
if (!existsSync(`${DATA}sales_pipeline.csv`)) {
  throw new Error(`The Maven CRM data set is missing: expected ${DATA}sales_pipeline.csv (a read-only copy at ../shared/data beside the checkout)`);
}

/** Rows of a simple CSV (no quoted commas in this data set), keyed by the header. */
function csv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(`${DATA}${file}`, 'utf8').trim().split(/\r?\n/);
  const keys = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i]!, v])));
}

// The quirks, handled as an importer would: one spelling per product and per sector.
const productName = (p: string) => (p === 'GTXPro' ? 'GTX Pro' : p);
const sectorName = (s: string) => (s === 'technolgy' ? 'technology' : s);
const optionValue = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_');

const pipeline = csv('sales_pipeline.csv');
const accounts = csv('accounts.csv');
const products = csv('products.csv');
const agents = csv('sales_teams.csv');
const sectors = [...new Set(accounts.map((a) => sectorName(a['sector']!)))].sort();

const DOCS = [
  {
    type: 'object',
    'x-object': 'company',
    'x-plural': 'companies',
    'x-display-field': 'name',
    required: ['name'],
    properties: { name: { 'x-kind': 'text' }, sector: { 'x-kind': 'single_select', 'x-options': sectors.map((s) => ({ value: s })) } },
  },
  {
    type: 'object',
    'x-object': 'deal',
    'x-display-field': 'code',
    required: ['code'],
    properties: {
      code: { 'x-kind': 'text' },
      company: { 'x-kind': 'lookup', 'x-target': 'company' },
      product: { 'x-kind': 'single_select', 'x-options': products.map((p) => ({ value: optionValue(p['product']!), label: { en: p['product']! } })) },
      value: { 'x-kind': 'currency' },
      engageDate: { 'x-kind': 'date' },
      closeDate: { 'x-kind': 'date' },
    },
  },
  {
    'x-pipeline': 'sales',
    'x-object': 'deal',
    'x-default': true,
    'x-amount-field': 'value',
    'x-allow-skip': true,
    stages: [
      { key: 'prospecting', probability: 10, category: 'open' },
      { key: 'engaging', probability: 40, category: 'open' },
      { key: 'won', probability: 100, category: 'won' },
      { key: 'lost', probability: 0, category: 'lost' },
    ],
  },
];

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let token: string;
const call = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, token);
const agentIds = new Map<string, string>();

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, DOCS);
  token = await login(server.url, t.tenant.slug, t.email);
  for (const [i, a] of agents.entries()) {
    const u = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `agent${i}@${t.tenant.slug}.test`,
      name: a['sales_agent']!,
      passwordHash: PASSWORD_HASH,
      roles: [],
    });
    agentIds.set(a['sales_agent']!, u.id);
  }
  const created = ok(
    await call('mutation($i: [CompanyInput!]!) { createCompanies(inputs: $i) { id name } }', {
      i: accounts.map((a) => ({ name: a['account'], sector: sectorName(a['sector']!) })),
    }),
  ).createCompanies as { id: string; name: string }[];
  const companyIds = new Map(created.map((c) => [c.name, c.id]));
  const stageOf = (s: string) => s.toLowerCase();
  const ids: string[] = [];
  for (let i = 0; i < pipeline.length; i += 1000) {
    const batch = pipeline.slice(i, i + 1000).map((d) => ({
      code: d['opportunity_id'],
      company: d['account'] ? companyIds.get(d['account']) : undefined,
      product: optionValue(productName(d['product']!)),
      value: d['close_value'] ? { amount: Number(d['close_value']), currency: 'USD' } : undefined,
      engageDate: d['engage_date'] || undefined,
      closeDate: d['close_date'] || undefined,
      ownerId: agentIds.get(d['sales_agent']!),
      stage: stageOf(d['deal_stage']!),
    }));
    const res = ok(await call('mutation($i: [DealInput!]!) { createDeals(inputs: $i) { id } }', { i: batch })).createDeals as { id: string }[];
    ids.push(...res.map((r) => r.id));
  }
  // The moves as they happened: engaged on engage_date (created then), closed on close_date.
  const entries: Parameters<typeof importStageHistory>[4] = [];
  const enteredAt: Parameters<typeof importStageHistory>[5] = [];
  pipeline.forEach((d, i) => {
    const id = ids[i]!;
    const engaged = d['engage_date'] ? `${d['engage_date']}T00:00:00Z` : '2017-01-01T00:00:00Z';
    const base = {
      object: 'deal',
      recordId: id,
      pipeline: 'sales',
      movedBy: agentIds.get(d['sales_agent']!)!,
      amount: d['close_value'] ? Number(d['close_value']) : null,
      currency: 'USD',
    };
    entries.push({ ...base, fromStage: null, toStage: 'prospecting', daysInPrevious: null, movedAt: engaged });
    const stage = stageOf(d['deal_stage']!);
    let at = engaged;
    if (stage !== 'prospecting') entries.push({ ...base, fromStage: 'prospecting', toStage: 'engaging', daysInPrevious: 0, movedAt: engaged });
    if (stage === 'won' || stage === 'lost') {
      at = `${d['close_date']}T00:00:00Z`;
      entries.push({ ...base, fromStage: 'engaging', toStage: stage, daysInPrevious: (Date.parse(at) - Date.parse(engaged)) / 86_400_000, movedAt: at });
    }
    enteredAt.push({ id, at, createdAt: engaged });
  });
  await importStageHistory(pool, t.tenant.schema, 'deal', 'deal', entries, enteredAt);
}, 300_000);
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

const closed = pipeline.filter((d) => d['deal_stage'] === 'Won' || d['deal_stage'] === 'Lost');
const won = pipeline.filter((d) => d['deal_stage'] === 'Won');
const sum = (rows: Record<string, string>[]) => rows.reduce((a, d) => a + Number(d['close_value'] || 0), 0);
const ALL_TIME = { f: '2010-01-01', t: '2030-01-01' };

describe('Maven CRM, real data', () => {
  it('loaded every deal, agent and account', async () => {
    expect(ok(await call('{ deals { totalCount } }')).deals.totalCount).toBe(8800);
    expect(pipeline).toHaveLength(8800);
    expect(agents).toHaveLength(35);
  });

  it('win rate overall and per agent equal the CSV (agents without deals have none)', async () => {
    const a = ok(
      await call(
        'query($f: Date, $t: Date) { salesAnalytics(object: "deal", from: $f, to: $t) { all: winRate { won lost rate } byAgent: winRate(by: "ownerId") { label won lost rate } } }',
        ALL_TIME,
      ),
    ).salesAnalytics;
    expect(a.all[0]).toMatchObject({ won: won.length, lost: closed.length - won.length });
    expect(a.all[0].rate).toBeCloseTo(won.length / closed.length, 12);
    const byAgent = new Map<string, { won: number; lost: number }>();
    for (const d of closed) {
      const e = byAgent.get(d['sales_agent']!) ?? { won: 0, lost: 0 };
      if (d['deal_stage'] === 'Won') e.won++;
      else e.lost++;
      byAgent.set(d['sales_agent']!, e);
    }
    const got = a.byAgent.filter((r: { won: number; lost: number }) => r.won + r.lost > 0);
    expect(got).toHaveLength(byAgent.size);
    for (const r of got) {
      const e = byAgent.get(r.label)!;
      expect({ label: r.label, won: r.won, lost: r.lost }).toEqual({ label: r.label, ...e });
      expect(r.rate).toBeCloseTo(e.won / (e.won + e.lost), 12);
    }
    expect(agents.length - byAgent.size).toBeGreaterThan(0);
  });

  it('won revenue overall, per product and per sector equal the CSV', async () => {
    const report = (groupBy: unknown[]) =>
      call('query($d: JSON) { runReport(definition: $d) { rows { groups { value label } values } total { values } } }', {
        d: {
          'x-object': 'deal',
          filter: { '==': [{ var: 'outcome' }, 'won'] },
          groupBy,
          measures: [
            { key: 'n', fn: 'count' },
            { key: 'revenue', fn: 'sum', field: 'value' },
          ],
          totals: true,
        },
      });
    const overall = ok(await report([])).runReport;
    expect(overall.total.values).toEqual([won.length, sum(won)]);
    const perProduct = ok(await report([{ field: 'product' }])).runReport;
    const byProduct = new Map<string, number>();
    for (const d of won) byProduct.set(productName(d['product']!), (byProduct.get(productName(d['product']!)) ?? 0) + Number(d['close_value']));
    expect(new Map(perProduct.rows.map((r: { groups: { label: string }[]; values: number[] }) => [r.groups[0]!.label, r.values[1]]))).toEqual(byProduct);
    // Products come in their defined order (products.csv), not alphabetically.
    expect(perProduct.rows.map((r: { groups: { label: string }[] }) => r.groups[0]!.label)).toEqual(
      products.map((p) => p['product']).filter((p) => byProduct.has(p!)),
    );
    const perSector = ok(await report([{ field: 'company.sector' }])).runReport;
    const sectorOf = new Map(accounts.map((a) => [a['account']!, sectorName(a['sector']!)]));
    const bySector = new Map<string | null, number>();
    for (const d of won) {
      const s = d['account'] ? sectorOf.get(d['account'])! : null;
      bySector.set(s, (bySector.get(s) ?? 0) + Number(d['close_value']));
    }
    expect(new Map(perSector.rows.map((r: { groups: { value: string | null }[]; values: number[] }) => [r.groups[0]!.value, r.values[1]]))).toEqual(bySector);
  });

  it('mean and median days engage → close of won deals equal the CSV', async () => {
    const cycle = ok(
      await call('query($f: Date, $t: Date) { salesAnalytics(object: "deal", from: $f, to: $t) { salesCycle { count mean median } } }', ALL_TIME),
    ).salesAnalytics.salesCycle;
    const days = won.map((d) => (Date.parse(d['close_date']!) - Date.parse(d['engage_date']!)) / 86_400_000).sort((a, b) => a - b);
    const mid = days.length / 2;
    const median = days.length % 2 ? days[Math.floor(mid)]! : (days[mid - 1]! + days[mid]!) / 2;
    expect(cycle.count).toBe(won.length);
    expect(cycle.mean).toBeCloseTo(days.reduce((a, b) => a + b, 0) / days.length, 9);
    expect(cycle.median).toBe(median);
  });
});
