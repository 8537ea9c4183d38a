/**
 * Sales analytics and the forecast over generated deals with stage history (written as it happened, at its
 * own times): funnel, conversion, losses, time in stage, cycle, win rates, forecast and backtest through the
 * data API, each against an independent computation over the generated paths written here. The backtest is
 * point in time: history added after its as-of day (later moves, close dates changed now) leaves it unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, importStageHistory, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

const STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'];
const PROBABILITY: Record<string, number> = { prospecting: 10, qualification: 25, proposal: 50, negotiation: 75, closed_won: 100, closed_lost: 0 };
const OPEN = STAGES.slice(0, 4);
const REASONS = ['price', 'timing', 'competitor'];
const DAY = 86_400_000;

interface Move {
  from: string | null;
  to: string;
  at: number;
}
interface Deal {
  id?: string;
  name: string;
  created: number;
  amount: number;
  owner: number;
  closeDate: string;
  moves: Move[];
  lostReason: string | null;
}

/** Deterministic generator (mulberry32), so failures reproduce. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const START = Date.UTC(2025, 5, 1);
const random = rng(13);
const DEALS: Deal[] = Array.from({ length: 160 }, (_, i) => {
  const created = START + Math.floor(random() * 360) * DAY;
  const moves: Move[] = [{ from: null, to: 'prospecting', at: created }];
  let at = created;
  let stage = 0;
  const target = Math.floor(random() * 4);
  while (stage < target) {
    const next = stage + (random() < 0.2 && stage + 2 <= target ? 2 : 1);
    at += (1 + Math.floor(random() * 25)) * DAY;
    moves.push({ from: STAGES[stage]!, to: STAGES[next]!, at });
    stage = next;
  }
  const fate = random();
  let lostReason: string | null = null;
  if (fate < 0.75) {
    at += (1 + Math.floor(random() * 30)) * DAY;
    const to = fate < 0.4 ? 'closed_won' : 'closed_lost';
    if (to === 'closed_lost') lostReason = REASONS[Math.floor(random() * 3)]!;
    moves.push({ from: STAGES[stage]!, to, at });
  }
  return {
    name: `Deal ${i}`,
    created,
    amount: 1000 + Math.floor(random() * 90) * 100,
    owner: i % 3 === 0 ? 1 : 0,
    closeDate: iso(created + (20 + Math.floor(random() * 120)) * DAY),
    moves,
    lostReason,
  };
});

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let token: string;
let owners: { id: string; name: string }[] = [];
const call = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, token);

async function writeHistory(deals: Deal[]) {
  const last = (d: Deal) => d.moves.at(-1)!;
  await pool.query(
    `UPDATE "${t.tenant.schema}".opportunity o SET stage = x.stage, probability = x.probability, outcome = x.outcome, lost_reason = x.lost_reason, owner_id = x.owner
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, stage text, probability numeric, outcome text, lost_reason text, owner uuid) WHERE o.id = x.id`,
    [
      JSON.stringify(
        deals.map((d) => {
          const s = last(d).to;
          return {
            id: d.id,
            stage: s,
            probability: PROBABILITY[s],
            outcome: s === 'closed_won' ? 'won' : s === 'closed_lost' ? 'lost' : null,
            lost_reason: d.lostReason,
            owner: owners[d.owner]!.id,
          };
        }),
      ),
    ],
  );
  await importStageHistory(
    pool,
    t.tenant.schema,
    'opportunity',
    'opportunity',
    deals.flatMap((d) =>
      d.moves.map((m, i) => ({
        object: 'opportunity',
        recordId: d.id!,
        pipeline: 'newBusiness',
        fromStage: m.from,
        toStage: m.to,
        movedBy: owners[d.owner]!.id,
        amount: d.amount,
        currency: 'USD',
        daysInPrevious: i === 0 ? null : (m.at - d.moves[i - 1]!.at) / DAY,
        movedAt: new Date(m.at).toISOString(),
      })),
    ),
    deals.map((d) => ({ id: d.id!, at: new Date(last(d).at).toISOString(), createdAt: new Date(d.created).toISOString() })),
  );
}

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, salesModel());
  token = await login(server.url, t.tenant.slug, t.email);
  const rep = await createUser(ormOf(pool), { tenantId: t.tenant.id, email: `rep@${t.tenant.slug}.test`, name: 'Rep', passwordHash: PASSWORD_HASH, roles: [] });
  owners = [
    { id: t.actor.userId, name: 'Admin' },
    { id: rep.id, name: 'Rep' },
  ];
  const created = ok(
    await call('mutation($i: [OpportunityInput!]!) { createOpportunities(inputs: $i) { id } }', {
      i: DEALS.map((d) => ({ name: d.name, amount: { amount: d.amount }, closeDate: d.closeDate })),
    }),
  ).createOpportunities as { id: string }[];
  created.forEach((c, i) => (DEALS[i]!.id = c.id));
  await writeHistory(DEALS);
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

/** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const pos = (v.length - 1) * p;
  const lo = Math.floor(pos);
  return v[lo]! + (v[Math.min(lo + 1, v.length - 1)]! - v[lo]!) * (pos - lo);
}
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const FROM = '2025-09-01';
const TO = '2026-03-01';
const inPeriod = (ms: number) => ms >= Date.parse(FROM) && ms < Date.parse(TO);
const outcome = (d: Deal) => (d.moves.at(-1)!.to === 'closed_won' ? 'won' : d.moves.at(-1)!.to === 'closed_lost' ? 'lost' : null);

describe('sales analytics from stage history', () => {
  it('funnel: how far the cohort got, conversion stage to stage, and where the lost ones stopped and why', async () => {
    const res = ok(
      await call(
        `query($f: Date, $t: Date) { salesAnalytics(object: "opportunity", from: $f, to: $t) {
      funnel { cohort won lost open stages { stage { key } reached share conversion amount } losses { stage { key } lostReason count amount } } } }`,
        { f: FROM, t: TO },
      ),
    ).salesAnalytics.funnel;
    const cohort = DEALS.filter((d) => inPeriod(d.created));
    const funnelStages = STAGES.filter((s) => s !== 'closed_lost');
    const furthest = (d: Deal) => Math.max(...d.moves.map((m) => funnelStages.indexOf(m.to)));
    expect(res.cohort).toBe(cohort.length);
    expect(res.won).toBe(cohort.filter((d) => outcome(d) === 'won').length);
    expect(res.lost).toBe(cohort.filter((d) => outcome(d) === 'lost').length);
    funnelStages.forEach((s, i) => {
      const reached = cohort.filter((d) => furthest(d) >= i);
      const before = i === 0 ? cohort.length : cohort.filter((d) => furthest(d) >= i - 1).length;
      expect(res.stages[i]).toEqual({
        stage: { key: s },
        reached: reached.length,
        share: reached.length / cohort.length,
        conversion: reached.length / before,
        amount: reached.reduce((a, d) => a + d.amount, 0),
      });
    });
    const losses = new Map<string, { count: number; amount: number }>();
    for (const d of cohort.filter((x) => outcome(x) === 'lost')) {
      const key = `${funnelStages[furthest(d)]}|${d.lostReason}`;
      const l = losses.get(key) ?? { count: 0, amount: 0 };
      l.count++;
      l.amount += d.amount;
      losses.set(key, l);
    }
    expect(
      new Map(
        res.losses.map((l: { stage: { key: string }; lostReason: string; count: number; amount: number }) => [
          `${l.stage.key}|${l.lostReason}`,
          { count: l.count, amount: l.amount },
        ]),
      ),
    ).toEqual(losses);
  });

  it('time in stage (mean, median, p90), sales cycle, win rate overall and per owner, rankings and velocity', async () => {
    const a = ok(
      await call(
        `query($f: Date, $t: Date) { salesAnalytics(object: "opportunity", from: $f, to: $t) {
      timeInStage { stages { stage { key } count mean median p90 } slowest { key } }
      salesCycle { count mean median p90 wonAmount }
      all: winRate { won lost rate open } byOwner: winRate(by: "ownerId") { key label won lost rate wonAmount }
      rankings { rank label wonAmount } velocity { openDeals winRate averageWon cycleDays perDay } } }`,
        { f: FROM, t: TO },
      ),
    ).salesAnalytics;
    const moves = DEALS.flatMap((d) => d.moves.map((m, i) => ({ ...m, days: i ? (m.at - d.moves[i - 1]!.at) / DAY : null }))).filter(
      (m) => m.from && inPeriod(m.at),
    );
    const expectedStages = STAGES.filter((s) => moves.some((m) => m.from === s)).map((s) => {
      const days = moves.filter((m) => m.from === s).map((m) => m.days!);
      return {
        stage: { key: s },
        count: days.length,
        mean: expect.closeTo(mean(days)!, 9),
        median: expect.closeTo(percentile(days, 0.5)!, 9),
        p90: expect.closeTo(percentile(days, 0.9)!, 9),
      };
    });
    expect(a.timeInStage.stages).toEqual(expectedStages);
    const slowest = [...expectedStages].sort((x, y) => (y.mean as unknown as { sample: number }).sample - (x.mean as unknown as { sample: number }).sample)[0]!;
    expect(a.timeInStage.slowest.key).toBe(slowest.stage.key);

    const closedIn = DEALS.filter((d) => outcome(d) && inPeriod(d.moves.at(-1)!.at - (d.moves.at(-1)!.at % DAY)));
    const won = closedIn.filter((d) => outcome(d) === 'won');
    const cycle = won.map((d) => (d.moves.at(-1)!.at - d.created) / DAY);
    expect(a.salesCycle).toEqual({
      count: won.length,
      mean: expect.closeTo(mean(cycle)!, 9),
      median: percentile(cycle, 0.5),
      p90: expect.closeTo(percentile(cycle, 0.9)!, 9),
      wonAmount: won.reduce((x, d) => x + d.amount, 0),
    });
    const open = DEALS.filter((d) => !outcome(d)).length;
    expect(a.all).toEqual([{ won: won.length, lost: closedIn.length - won.length, rate: won.length / closedIn.length, open }]);
    for (const [i, o] of owners.entries()) {
      const mine = closedIn.filter((d) => d.owner === i);
      const mineWon = mine.filter((d) => outcome(d) === 'won');
      expect(a.byOwner).toContainEqual({
        key: o.id,
        label: o.name,
        won: mineWon.length,
        lost: mine.length - mineWon.length,
        rate: mineWon.length / mine.length,
        wonAmount: mineWon.reduce((x, d) => x + d.amount, 0),
      });
    }
    expect(a.rankings.map((r: { rank: number }) => r.rank)).toEqual([1, 2]);
    expect(a.rankings[0].wonAmount).toBeGreaterThanOrEqual(a.rankings[1].wonAmount);
    const avgWon = won.reduce((x, d) => x + d.amount, 0) / won.length;
    expect(a.velocity).toEqual({
      openDeals: open,
      winRate: won.length / closedIn.length,
      averageWon: avgWon,
      cycleDays: expect.closeTo(mean(cycle)!, 9),
      perDay: expect.closeTo((open * (won.length / closedIn.length) * avgWon) / mean(cycle)!, 6),
    });
  });
});

/** The forecast computed from the generated paths, only with moves at or before `asOf` (ms). */
function expectedForecast(asOf: number, starts: string[]) {
  const known = DEALS.map((d) => ({ d, moves: d.moves.filter((m) => m.at <= asOf) })).filter((x) => x.moves.length);
  const closedBy = known.filter((x) => x.moves.some((m) => m.to === 'closed_won' || m.to === 'closed_lost'));
  const rate = (s: string) => {
    const entered = closedBy.filter((x) => x.moves.some((m) => m.to === s));
    return entered.length ? entered.filter((x) => x.moves.some((m) => m.to === 'closed_won')).length / entered.length : 0;
  };
  const month = (day: string) => `${day.slice(0, 7)}-01`;
  return starts.map((start, i) => {
    const due = known.filter((x) => OPEN.includes(x.moves.at(-1)!.to) && (month(x.d.closeDate) === start || (i === 0 && x.d.closeDate < start)));
    const wonToDate = known
      .flatMap((x) => x.moves.filter((m) => m.to === 'closed_won' && month(iso(m.at)) === start).map(() => x.d.amount))
      .reduce((a, b) => a + b, 0);
    return {
      start,
      wonToDate,
      openCount: due.length,
      pipeline: due.reduce((a, x) => a + x.d.amount, 0),
      weighted: due.reduce((a, x) => a + (x.d.amount * PROBABILITY[x.moves.at(-1)!.to]!) / 100, 0),
      historical: due.reduce((a, x) => a + x.d.amount * rate(x.moves.at(-1)!.to), 0),
    };
  });
}

const FORECAST = `query($a: Date, $n: Int) { forecast(object: "opportunity", asOf: $a, periods: 3) {
  asOf currency periods { start wonToDate openCount pipeline weighted historical }
  backtest(periods: $n) { periods { start actual forecasts } methods { method mape bias } } } }`;

describe('forecast', () => {
  it('per month: won to date, weighted pipeline and historical conversion as of a day, equal to a computation over the paths', async () => {
    const f = ok(await call(FORECAST, { a: '2026-03-15', n: 6 })).forecast;
    const expected = expectedForecast(Date.parse('2026-03-15T23:59:59.999Z'), ['2026-03-01', '2026-04-01', '2026-05-01']);
    expect(f.periods).toHaveLength(3);
    f.periods.forEach((p: Record<string, number>, i: number) => {
      const e = expected[i]!;
      expect(p).toEqual({
        start: e.start,
        wonToDate: e.wonToDate,
        openCount: e.openCount,
        pipeline: e.pipeline,
        weighted: expect.closeTo(e.weighted, 6),
        historical: expect.closeTo(e.historical, 6),
      });
    });
    expect(expected.some((e) => e.openCount > 0 && e.historical > 0)).toBe(true);

    // The backtest: each method as of the first day of each of the six months before, against what was won in it.
    const starts = ['2025-09-01', '2025-10-01', '2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01'];
    expect(f.backtest.periods.map((p: { start: string }) => p.start)).toEqual(starts);
    const scored: { actual: number; f: Record<string, number> }[] = [];
    starts.forEach((s, i) => {
      const [e] = expectedForecast(Date.parse(`${s}T00:00:00Z`), [s]);
      const actual = DEALS.flatMap((d) => d.moves.filter((m) => m.to === 'closed_won' && iso(m.at).slice(0, 7) === s.slice(0, 7)).map(() => d.amount)).reduce(
        (a, b) => a + b,
        0,
      );
      const forecasts = { weighted: e!.wonToDate + e!.weighted, historical: e!.wonToDate + e!.historical, pipeline: e!.wonToDate + e!.pipeline };
      const got = f.backtest.periods[i];
      expect(got.actual).toBe(actual);
      for (const m of Object.keys(forecasts) as (keyof typeof forecasts)[]) expect(got.forecasts[m]).toBeCloseTo(forecasts[m], 6);
      if (actual > 0) scored.push({ actual, f: forecasts });
    });
    for (const m of ['weighted', 'historical', 'pipeline']) {
      const got = f.backtest.methods.find((x: { method: string }) => x.method === m);
      expect(got.mape).toBeCloseTo(mean(scored.map((s) => Math.abs(s.f[m]! - s.actual) / s.actual))!, 9);
      expect(got.bias).toBeCloseTo(mean(scored.map((s) => (s.f[m]! - s.actual) / s.actual))!, 9);
    }
  });

  it("is point in time: later history (moves after the as-of day, close dates changed now) leaves the backtest and that day's forecast unchanged", async () => {
    const before = ok(await call(FORECAST, { a: '2026-03-15', n: 6 })).forecast;
    // Open deals move on after the as-of day, and some close dates are changed today (field history, now).
    const later = DEALS.filter((d) => OPEN.includes(d.moves.at(-1)!.to)).slice(0, 20);
    const moved = later.map((d) => ({
      ...d,
      moves: [...d.moves, { from: d.moves.at(-1)!.to, to: 'closed_won', at: Math.max(d.moves.at(-1)!.at, Date.parse('2026-07-01')) + DAY }],
    }));
    await writeHistory(moved);
    for (const d of later.slice(0, 5)) {
      const { version } = ok(await call('query($id: ID!) { opportunity(id: $id) { version } }', { id: d.id })).opportunity;
      ok(
        await call('mutation($id: ID!, $v: Int!) { updateOpportunity(id: $id, version: $v, input: { closeDate: "2027-01-31" }) { id } }', {
          id: d.id,
          v: version,
        }),
      );
    }
    const after = ok(await call(FORECAST, { a: '2026-03-15', n: 6 })).forecast;
    expect(after.backtest).toEqual(before.backtest);
    expect(after.periods).toEqual(before.periods);
  });
});
