/**
 * Report documents through the data API: a saved report (the worked example) and inline definitions run as
 * one statement each, their figures checked against a computation over the records written here; currency
 * conversion, relative periods, totals and subtotals, sort and limit, labels, CSV, and bad reports refused
 * with their paths and nothing applied.
 */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReportQuery, type Pool } from '@funnelcraft/storage';
import { inlineReport, validateDefinitions } from '@funnelcraft/definitions';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, type GqlResponse } from '../../support/api.js';
import { startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';
import { readScope } from '@funnelcraft/records';

const EXAMPLE = JSON.parse(readFileSync(new URL('../../../schemas/examples/reports/won-by-quarter-and-industry.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let token: string;

const call = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, token);
const platform = (query: string, variables: Record<string, unknown> = {}) => platformGql(server.url, query, variables, token);
const RESULT =
  'report object chart currency asOf unconverted columns { key role field type bucket fn } rows { level groups { value label } values } subtotals { groups { value label } values } total { values } csv xlsx';
const run = (args: { name?: string; definition?: unknown; asOf?: string }) =>
  call(`query($n: String, $d: JSON, $a: Date) { runReport(name: $n, definition: $d, asOf: $a) { ${RESULT} } }`, {
    n: args.name,
    d: args.definition,
    a: args.asOf,
  });
const errorOf = (res: GqlResponse) => {
  expect(res.errors, JSON.stringify(res.data)).toHaveLength(1);
  return res.errors![0]!;
};

interface Deal {
  name: string;
  account: number;
  amount: number;
  currency: string;
  outcome: 'won' | 'lost' | null;
  closedOn: string | null;
}
const INDUSTRIES = ['technology', 'finance', 'retail'];
// Fiscal year starting in April; as of 2026-06-15 the last fiscal year is 2025-04-01 … 2026-03-31.
const AS_OF = '2026-06-15';
const DEALS: Deal[] = [];
for (let i = 0; i < 60; i++) {
  const month = (i * 7) % 24; // months from 2024-10
  const d = new Date(Date.UTC(2024, 9 + month, 1 + (i % 27)));
  DEALS.push({
    name: `Deal ${i}`,
    account: i % 6,
    amount: 1000 + i * 137,
    currency: i % 10 === 3 ? 'EUR' : i % 10 === 7 ? 'GBP' : 'USD',
    outcome: i % 4 === 0 ? null : i % 4 === 3 ? 'lost' : 'won',
    closedOn: i % 4 === 0 ? null : d.toISOString().slice(0, 10),
  });
}
const EUR_RATE = 1.25;
let accountIds: string[] = [];

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, [...salesModel(), EXAMPLE]);
  token = await login(server.url, t.tenant.slug, t.email);
  ok(await platform('mutation { setCurrencyRates(rates: [{currency: "EUR", rate: 1.25}]) { currency } }'));
  const accounts = Array.from({ length: 6 }, (_, i) => ({ name: `Account ${i}`, industry: INDUSTRIES[i % 3] }));
  accountIds = ok(await call('mutation($i: [AccountInput!]!) { createAccounts(inputs: $i) { id } }', { i: accounts })).createAccounts.map(
    (a: { id: string }) => a.id,
  );
  const created = ok(
    await call('mutation($i: [OpportunityInput!]!) { createOpportunities(inputs: $i) { id } }', {
      i: DEALS.map((d) => ({ name: d.name, account: accountIds[d.account], amount: { amount: d.amount, currency: d.currency } })),
    }),
  ).createOpportunities as { id: string }[];
  // Outcomes and close dates as history left them (the stage columns are the pipeline's to write).
  await pool.query(
    `UPDATE "${t.tenant.schema}".opportunity o SET outcome = x.outcome, closed_on = x.closed_on::date,
       stage = CASE x.outcome WHEN 'won' THEN 'closed_won' WHEN 'lost' THEN 'closed_lost' ELSE o.stage END
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, outcome text, closed_on text) WHERE o.id = x.id`,
    [JSON.stringify(created.map((c, i) => ({ id: c.id, outcome: DEALS[i]!.outcome, closed_on: DEALS[i]!.closedOn })))],
  );
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

/** Fiscal quarter start (April year) of a date, as the report buckets it. */
function fiscalQuarter(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - 3;
  const start = Math.floor(index / 3) * 3 + 3;
  return `${Math.floor(start / 12)}-${String((start % 12) + 1).padStart(2, '0')}-01`;
}
const inReporting = (d: Deal) => (d.currency === 'USD' ? d.amount : d.currency === 'EUR' ? d.amount * EUR_RATE : null);

describe('runReport', () => {
  it('runs the saved example: fiscal quarters × industries, converted revenue, subtotals and the total equal a computation over the records', async () => {
    const r = ok(await run({ name: 'wonByQuarterAndIndustry', asOf: AS_OF })).runReport;
    const inScope = DEALS.filter((d) => d.outcome === 'won' && d.closedOn! >= '2025-04-01' && d.closedOn! < '2026-04-01');
    expect(inScope.length).toBeGreaterThan(10);
    const expected = new Map<string, { n: number; sum: number; converted: number }>();
    for (const d of inScope) {
      const key = `${fiscalQuarter(d.closedOn!)}|${INDUSTRIES[d.account % 3]}`;
      const e = expected.get(key) ?? { n: 0, sum: 0, converted: 0 };
      const a = inReporting(d);
      e.n++;
      if (a !== null) {
        e.sum += a;
        e.converted++;
      }
      expected.set(key, e);
    }
    expect(r).toMatchObject({ report: 'wonByQuarterAndIndustry', object: 'opportunity', chart: 'stacked_bar', currency: 'USD', asOf: AS_OF });
    expect(r.columns.map((c: { key: string; type: string }) => [c.key, c.type])).toEqual([
      ['group0', 'date'],
      ['group1', 'single_select'],
      ['deals', 'number'],
      ['revenue', 'money'],
      ['averageDeal', 'money'],
    ]);
    const got = new Map(
      r.rows.map((row: { groups: { value: string }[]; values: number[] }) => [`${row.groups[0]!.value}|${row.groups[1]!.value}`, row.values]),
    );
    expect(got.size).toBe(expected.size);
    for (const [key, e] of expected) {
      const [n, sum, avg] = got.get(key) as number[];
      expect(n).toBe(e.n);
      expect(sum).toBeCloseTo(e.converted ? e.sum : 0, 6);
      if (e.converted) expect(avg).toBeCloseTo(e.sum / e.converted, 6);
      else expect(sum).toBeNull();
    }
    // Sorted by quarter, then revenue descending within it.
    const order = r.rows.map((row: { groups: { value: string }[]; values: number[] }) => [row.groups[0]!.value, row.values[1] ?? -1]);
    for (let i = 1; i < order.length; i++) {
      const [q0, v0] = order[i - 1]!;
      const [q1, v1] = order[i]!;
      expect(q0 < q1 || (q0 === q1 && v0 >= v1)).toBe(true);
    }
    expect(r.rows[0].groups[1].label).toMatch(/^(Technology|Finance|Retail)$/);
    const quarters = [...new Set(inScope.map((d) => fiscalQuarter(d.closedOn!)))].sort();
    expect(r.subtotals.map((s: { groups: { value: string }[] }) => s.groups[0]!.value).sort()).toEqual(quarters);
    for (const s of r.subtotals) expect(s.values[0]).toBe(inScope.filter((d) => fiscalQuarter(d.closedOn!) === s.groups[0].value).length);
    const total = inScope.reduce((a, d) => a + (inReporting(d) ?? 0), 0);
    expect(r.total.values[0]).toBe(inScope.length);
    expect(r.total.values[1]).toBeCloseTo(total, 6);
    // GBP has no rate: those deals are counted, their amounts left out, never added as if they were dollars.
    expect(r.unconverted).toBe(inScope.filter((d) => d.currency === 'GBP').length);
    expect(r.unconverted).toBeGreaterThan(0);
  });

  it('exports the same result as CSV: a header, the rows, subtotals and the total', async () => {
    const r = ok(await run({ name: 'wonByQuarterAndIndustry', asOf: AS_OF })).runReport;
    const lines = (r.csv as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe('closedOn (fiscal_quarter),account.industry,Deals,Revenue,Average deal');
    expect(lines).toHaveLength(1 + r.rows.length + r.subtotals.length + 1);
    expect(lines[1]).toBe([r.rows[0].groups[0].label, r.rows[0].groups[1].label, ...r.rows[0].values.map((v: number | null) => v ?? '')].join(','));
    expect(lines.at(-1)).toBe(['Total', '', ...r.total.values.map((v: number | null) => v ?? '')].join(','));
  });

  it('exports the same grid as an XLSX workbook: numbers as numbers, labels as text', async () => {
    const r = ok(await run({ name: 'wonByQuarterAndIndustry', asOf: AS_OF })).runReport;
    const files = unzipSync(Buffer.from(r.xlsx, 'base64'));
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    const rows = [...sheet.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)];
    expect(rows).toHaveLength(1 + r.rows.length + r.subtotals.length + 1);
    const cells = (xml: string) =>
      [...xml.matchAll(/<c r="[A-Z]+\d+"( t="inlineStr")?>(?:<v>([^<]*)<\/v>|<is><t xml:space="preserve">([^<]*)<\/t><\/is>)<\/c>/g)].map((m) =>
        m[1] ? m[3] : Number(m[2]),
      );
    expect(cells(rows[1]![2]!)).toEqual([r.rows[0].groups[0].label, r.rows[0].groups[1].label, ...r.rows[0].values.filter((v: number | null) => v !== null)]);
    expect(cells(rows.at(-1)![2]!)).toEqual(['Total', ...r.total.values]);
    // Sheet names hold 31 characters at most.
    expect(strFromU8(files['xl/workbook.xml']!)).toContain(`<sheet name="${'Won revenue by quarter and industry'.slice(0, 31)}"`);
  });

  it('runs an inline definition: relative periods (last N days), a user group labelled with names, a lookup group with display names, sort and limit', async () => {
    const res = ok(
      await run({
        asOf: '2026-03-31',
        definition: {
          'x-object': 'opportunity',
          filter: { in_period: [{ var: 'closedOn' }, { last: 90, unit: 'day' }] },
          groupBy: [{ field: 'account' }],
          measures: [
            { key: 'n', fn: 'count' },
            { key: 'largest', fn: 'max', field: 'amount' },
            { key: 'owners', fn: 'count_distinct', field: 'ownerId' },
          ],
          sort: [{ by: 'n', direction: 'desc' }],
          limit: 2,
          totals: true,
        },
      }),
    ).runReport;
    const from = '2026-01-01'; // 90 days ending 2026-03-31, that day included
    const inScope = DEALS.filter((d) => d.closedOn && d.closedOn >= from && d.closedOn <= '2026-03-31');
    const byAccount = new Map<number, Deal[]>();
    for (const d of inScope) byAccount.set(d.account, [...(byAccount.get(d.account) ?? []), d]);
    const counts = [...byAccount.values()].map((ds) => ds.length).sort((a, b) => b - a);
    expect(res.rows).toHaveLength(Math.min(2, byAccount.size));
    expect(res.rows.map((r: { values: number[] }) => r.values[0])).toEqual(counts.slice(0, 2));
    for (const row of res.rows) {
      const i = accountIds.indexOf(row.groups[0].value);
      expect(row.groups[0].label).toBe(`Account ${i}`);
      expect(row.values[2]).toBe(1);
    }
    // The total covers every filtered record, past the limit.
    expect(res.total.values[0]).toBe(inScope.length);

    const owners = ok(
      await run({ definition: { 'x-object': 'opportunity', groupBy: [{ field: 'ownerId' }], measures: [{ key: 'n', fn: 'count' }] } }),
    ).runReport;
    expect(owners.rows).toEqual([{ level: 'row', groups: [{ value: t.actor.userId, label: 'Admin' }], values: [DEALS.length] }]);
  });

  it('buckets dates by month and orders select options as defined', async () => {
    const res = ok(
      await run({
        definition: {
          'x-object': 'opportunity',
          filter: { '!=': [{ var: 'closedOn' }, null] },
          groupBy: [{ field: 'account.industry' }, { field: 'closedOn', bucket: 'year' }],
          measures: [{ key: 'n', fn: 'count' }],
        },
      }),
    ).runReport;
    const industries = [...new Set(res.rows.map((r: { groups: { value: string }[] }) => r.groups[0]!.value))];
    expect(industries).toEqual(['technology', 'finance', 'retail']);
    const n = (ind: string, year: string) => DEALS.filter((d) => d.closedOn?.startsWith(year) && INDUSTRIES[d.account % 3] === ind).length;
    for (const r of res.rows) expect(r.values[0]).toBe(n(r.groups[0].value, r.groups[1].value.slice(0, 4)));
  });

  it('ANDs the read scope (the hook lists use) into the report statement', async () => {
    const model = validateDefinitions([...salesModel(), EXAMPLE]);
    const report = inlineReport({ 'x-object': 'opportunity', measures: [{ key: 'n', fn: 'count' }] }, model);
    const targets = new Map(model.objects.map((o) => [o.name, o]));
    const base = { report, source: model.byName.get('opportunity')!, tenantId: t.tenant.id, currency: 'USD' };
    const all = await runReportQuery(pool, t.tenant.schema, targets, base);
    expect(all.rows[0]!.values).toEqual([DEALS.length]);
    const scoped = await runReportQuery(pool, t.tenant.schema, targets, {
      ...base,
      filter: { '!=': [{ var: 'closedOn' }, null] },
      scope: { in: [{ var: 'name' }, ['Deal 1', 'Deal 2', 'Deal 4']] },
    });
    expect(scoped.rows[0]!.values).toEqual([['Deal 1', 'Deal 2', 'Deal 4'].filter((n) => DEALS.find((d) => d.name === n)!.closedOn).length]);
    // Today every user of a tenant reads all of it: the hook adds nothing yet.
    expect(readScope({ tenant: t.tenant, actor: t.actor, db: pool, orm: ormOf(pool), model }, 'opportunity')).toBeUndefined();
  });

  it('refuses a bad inline report with INVALID_DEFINITION naming each path', async () => {
    const e = errorOf(
      await run({
        definition: {
          'x-object': 'opportunity',
          filter: { in_period: [{ var: 'closedOn' }, 'next_decade'] },
          groupBy: [{ field: 'account.nothing' }, { field: 'name', bucket: 'month' }],
          measures: [{ key: 'x', fn: 'sum', field: 'name' }],
          sort: [{ by: 'y' }],
        },
      }),
    );
    expect(e.extensions.code).toBe('INVALID_DEFINITION');
    expect(e.extensions.details!.map((d) => d.path).sort()).toEqual([
      'definition.filter.in_period[1]',
      'definition.groupBy[0].field',
      'definition.groupBy[1].bucket',
      'definition.measures[0].field',
      'definition.sort[0].by',
    ]);
    const shape = errorOf(await run({ definition: { 'x-object': 'opportunity', measures: [{ key: 'x', fn: 'median' }] } }));
    expect(shape.extensions).toMatchObject({ code: 'INVALID_DEFINITION', details: [expect.objectContaining({ path: 'definition.measures.0.fn' })] });
    expect(errorOf(await run({ name: 'nothing' })).extensions.code).toBe('NOT_FOUND');
  });

  it('refuses a bad report document at apply time, applying nothing, and applies a good one as a new version', async () => {
    const before = ok(await platform('{ definitionHistory(first: 1) { version } }')).definitionHistory[0].version;
    const bad = {
      'x-report': 'broken',
      'x-object': 'opportunity',
      groupBy: [{ field: 'stage' }],
      measures: [
        { key: 'n', fn: 'count' },
        { key: 'n', fn: 'avg', field: 'account.name' },
      ],
    };
    const res = await platform('mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { version } }', { d: [bad] });
    const e = errorOf(res);
    expect(e.extensions.code).toBe('INVALID_DEFINITION');
    // Paths name the report's place in the merged set of documents.
    expect(e.extensions.details!.map((d) => d.path.replace(/^documents\[\d+\]/, 'documents[i]')).sort()).toEqual([
      'documents[i].measures[1].field',
      'documents[i].measures[1].key',
    ]);
    expect(ok(await platform('{ definitionHistory(first: 1) { version } }')).definitionHistory[0].version).toBe(before);

    const good = { ...bad, 'x-report': 'byStage', measures: [{ key: 'n', fn: 'count' }], chart: 'funnel' };
    ok(await platform('mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { version } }', { d: [good] }));
    const reports = ok(await call('{ reports(object: "opportunity") { key chart shared } }')).reports;
    expect(reports).toEqual(
      expect.arrayContaining([
        { key: 'byStage', chart: 'funnel', shared: true },
        { key: 'wonByQuarterAndIndustry', chart: 'stacked_bar', shared: true },
      ]),
    );
    const byStage = ok(await run({ name: 'byStage' })).runReport;
    // Stages in the pipeline's order is the funnel's; here: grouped values, counted.
    const n = (stage: string) => byStage.rows.find((r: { groups: { value: string }[] }) => r.groups[0]!.value === stage)?.values[0];
    expect(n('closed_won')).toBe(DEALS.filter((d) => d.outcome === 'won').length);
    expect(n('closed_lost')).toBe(DEALS.filter((d) => d.outcome === 'lost').length);
  });
});
