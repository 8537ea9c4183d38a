import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer, type GqlResponse } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let token: string;
let rep: { id: string; token: string };

const REVIEW_MESSAGE = { en: 'Enterprise deals start at 1,000', zh: '企业商机金额至少 1,000' };
/** A second opportunity pipeline: no skipping, a json-logic gate, reopening allowed, no lost reason needed. */
const enterprise = {
  'x-pipeline': 'enterprise',
  'x-object': 'opportunity',
  title: 'Enterprise',
  'x-amount-field': 'amount',
  'x-allow-skip': false,
  'x-allow-reopen': true,
  stages: [
    { key: 'intro', probability: 10, category: 'open' },
    { key: 'review', probability: 40, category: 'open', gate: { condition: { '>=': [{ var: 'amount' }, 1000] }, message: REVIEW_MESSAGE } },
    { key: 'contract', probability: 80, category: 'open' },
    { key: 'signed', probability: 100, category: 'won' },
    { key: 'dropped', probability: 0, category: 'lost' },
  ],
};
const NEW_BUSINESS_STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'];

const OPP = 'id version name pipeline stage probability stageEnteredAt closedOn outcome lostReason isIdle closeDate amount { amount currency }';
const HISTORY = 'stageHistory { pipeline fromStage toStage movedAt movedBy amount daysInPrevious }';
const MOVE = `mutation($id: ID!, $v: Int!, $s: String!, $p: String, $r: String, $pr: Float) {
  moveOpportunity(id: $id, version: $v, stage: $s, pipeline: $p, lostReason: $r, probability: $pr) { ${OPP} } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $in: OpportunityInput!) { updateOpportunity(id: $id, version: $v, input: $in) { ${OPP} } }`;

type Res = GqlResponse;
const call = (query: string, variables: Record<string, unknown> = {}, as = token) => gql(server.url, query, variables, as);
const platform = (query: string, variables: Record<string, unknown> = {}, as = token) => platformGql(server.url, query, variables, as);
const move = (id: string, version: number, stage: string, extra: { pipeline?: string; lostReason?: string; probability?: number } = {}, as = token) =>
  call(MOVE, { id, v: version, s: stage, p: extra.pipeline, r: extra.lostReason, pr: extra.probability }, as);
const update = (id: string, version: number, input: Record<string, unknown>, as = token) => call(UPDATE, { id, v: version, in: input }, as);
const create = async (input: Record<string, unknown>, as = token) =>
  ok(await call(`mutation($in: OpportunityInput!) { createOpportunity(input: $in) { ${OPP} } }`, { in: input }, as)).createOpportunity;
const read = async (id: string, as = token) => ok(await call(`query($id: ID!) { opportunity(id: $id) { ${OPP} ${HISTORY} } }`, { id }, as)).opportunity;
const errorOf = (res: Res) => {
  expect(res.errors, JSON.stringify(res.data)).toHaveLength(1);
  return res.errors![0]!;
};
const historyRows = async (tenant: TestTenant, id: string): Promise<number> =>
  (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${tenant.tenant.schema}".stage_history WHERE record_id = $1`, [id])).rows[0]!.n;
const opportunityCount = async (as = token): Promise<number> => ok(await call('{ opportunities { totalCount } }', {}, as)).opportunities.totalCount;

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, [...salesModel(), enterprise]);
  token = await login(server.url, t.tenant.slug, t.email);
  const user = await createUser(ormOf(pool), {
    tenantId: t.tenant.id,
    email: `rep@${t.tenant.slug}.test`,
    name: 'Rep',
    passwordHash: PASSWORD_HASH,
    roles: [],
  });
  rep = { id: user.id, token: await login(server.url, t.tenant.slug, user.email) };
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

describe('stage moves through GraphQL', () => {
  it('create puts a record into the first stage of the default pipeline, with its probability and a first history row', async () => {
    const pipelines = ok(await platform('{ pipelines(object: "opportunity") { key isDefault stages { key probability category } } }')).pipelines;
    expect(pipelines.find((p: { key: string }) => p.key === 'newBusiness')).toMatchObject({
      isDefault: true,
      stages: NEW_BUSINESS_STAGES.map((key) => ({ key })),
    });

    const created = await create({ name: 'Fresh', amount: { amount: 1200 } });
    expect(created).toMatchObject({
      version: 1,
      pipeline: 'newBusiness',
      stage: 'prospecting',
      probability: 10,
      closedOn: null,
      outcome: null,
      lostReason: null,
      isIdle: false,
      stageEnteredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect((await read(created.id)).stageHistory).toEqual([
      {
        pipeline: 'newBusiness',
        fromStage: null,
        toStage: 'prospecting',
        movedAt: expect.any(String),
        movedBy: t.actor.userId,
        amount: 1200,
        daysInPrevious: null,
      },
    ]);
    expect(await historyRows(t, created.id)).toBe(1);

    // Another pipeline, a given stage, an explicit probability: each is where it was put, with one history row.
    const other = await create({ name: 'Other pipeline', pipeline: 'enterprise' });
    expect(other).toMatchObject({ pipeline: 'enterprise', stage: 'intro', probability: 10 });
    const placed = await create({ name: 'Placed', stage: 'qualification', probability: 33 });
    expect(placed).toMatchObject({ pipeline: 'newBusiness', stage: 'qualification', probability: 33 });
    expect((await read(placed.id)).stageHistory).toEqual([expect.objectContaining({ fromStage: null, toStage: 'qualification', amount: null })]);
  });

  it('moves through move and update: one history row each, probability, close date, outcome and lost reason follow', async () => {
    const o = await create({ name: 'Journey', amount: { amount: 2000 }, closeDate: '2026-09-30' });
    const id = o.id as string;
    const expectHistoryRows = async (n: number) => expect(await historyRows(t, id)).toBe(n);

    const toQualification = ok(await move(id, 1, 'qualification')).moveOpportunity;
    expect(toQualification).toMatchObject({ version: 2, stage: 'qualification', probability: 25, outcome: null, closedOn: null, lostReason: null });
    await expectHistoryRows(2);
    // It entered qualification three days ago (test setup), so the next move says how long it stayed.
    await pool.query(`UPDATE "${t.tenant.schema}".opportunity SET stage_entered_at = now() - interval '3 days' WHERE id = $1`, [id]);

    const toProposal = ok(await update(id, 2, { stage: 'proposal', amount: { amount: 3000 } })).updateOpportunity;
    expect(toProposal).toMatchObject({ version: 3, stage: 'proposal', probability: 50, amount: { amount: 3000, currency: 'USD' } });
    await expectHistoryRows(3);

    const toNegotiation = ok(await move(id, 3, 'negotiation', { probability: 60 })).moveOpportunity;
    expect(toNegotiation).toMatchObject({ version: 4, stage: 'negotiation', probability: 60 });
    await expectHistoryRows(4);

    // Changing only the probability is not a move.
    const overridden = ok(await update(id, 4, { probability: 65 })).updateOpportunity;
    expect(overridden).toMatchObject({ version: 5, stage: 'negotiation', probability: 65, stageEnteredAt: toNegotiation.stageEnteredAt });
    await expectHistoryRows(4);

    const lost = ok(await move(id, 5, 'closed_lost', { lostReason: 'Budget cut' })).moveOpportunity;
    expect(lost).toMatchObject({
      version: 6,
      stage: 'closed_lost',
      probability: 0,
      outcome: 'lost',
      lostReason: 'Budget cut',
      closedOn: lost.stageEnteredAt.slice(0, 10),
    });
    await expectHistoryRows(5);

    // An admin may reopen: outcome, close date and lost reason are cleared, probability follows the stage again.
    const reopened = ok(await update(id, 6, { stage: 'negotiation' })).updateOpportunity;
    expect(reopened).toMatchObject({ version: 7, stage: 'negotiation', probability: 75, outcome: null, closedOn: null, lostReason: null });
    await expectHistoryRows(6);

    // A lost reason belongs to a lost stage: refused on an open record and on a move to won, and nothing written.
    const reasonWhileOpen = await update(id, 7, { lostReason: 'too early' });
    expect(reasonWhileOpen.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'lostReason' })] });
    const reasonWhenWon = await move(id, 7, 'closed_won', { lostReason: 'not lost at all' });
    expect(reasonWhenWon.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'lostReason' })] });
    expect(await read(id)).toMatchObject({ version: 7, stage: 'negotiation', lostReason: null });
    await expectHistoryRows(6);

    const won = ok(await move(id, 7, 'closed_won')).moveOpportunity;
    expect(won).toMatchObject({
      version: 8,
      stage: 'closed_won',
      probability: 100,
      outcome: 'won',
      lostReason: null,
      closedOn: won.stageEnteredAt.slice(0, 10),
    });
    await expectHistoryRows(7);

    const steps: Record<string, unknown>[] = (await read(id)).stageHistory;
    expect(steps.map((h) => [h['fromStage'], h['toStage'], h['amount'], h['movedBy'], h['pipeline']])).toEqual([
      [null, 'prospecting', 2000, t.actor.userId, 'newBusiness'],
      ['prospecting', 'qualification', 2000, t.actor.userId, 'newBusiness'],
      ['qualification', 'proposal', 3000, t.actor.userId, 'newBusiness'],
      ['proposal', 'negotiation', 3000, t.actor.userId, 'newBusiness'],
      ['negotiation', 'closed_lost', 3000, t.actor.userId, 'newBusiness'],
      ['closed_lost', 'negotiation', 3000, t.actor.userId, 'newBusiness'],
      ['negotiation', 'closed_won', 3000, t.actor.userId, 'newBusiness'],
    ]);
    expect(steps[0]!['daysInPrevious']).toBeNull();
    for (const h of steps.slice(1)) expect(h['daysInPrevious']).toBeGreaterThanOrEqual(0);
    expect(steps[2]!['daysInPrevious']).toBeCloseTo(3, 2);
    const movedAt = steps.map((h) => h['movedAt'] as string);
    expect([...movedAt].sort()).toEqual(movedAt);
  });

  it('stage history keeps the currency of the amount at that moment', async () => {
    const o = await create({ name: 'Currencies', amount: { amount: 700 } });
    const a = ok(await move(o.id, 1, 'qualification')).moveOpportunity;
    const b = ok(await update(o.id, a.version, { stage: 'proposal', amount: { amount: 900, currency: 'EUR' }, closeDate: '2026-10-01' })).updateOpportunity;
    ok(await update(o.id, b.version, { stage: 'negotiation', amount: { amount: 950 } }));
    const { stageHistory } = ok(await call('query($id: ID!) { opportunity(id: $id) { stageHistory { toStage amount currency } } }', { id: o.id })).opportunity;
    expect(stageHistory).toEqual([
      { toStage: 'prospecting', amount: 700, currency: 'USD' },
      { toStage: 'qualification', amount: 700, currency: 'USD' },
      { toStage: 'proposal', amount: 900, currency: 'EUR' },
      { toStage: 'negotiation', amount: 950, currency: 'USD' },
    ]);
  });

  it('a gate blocks with exactly the missing fields, changes nothing and writes no history', async () => {
    const o = await create({ name: 'Gated', stage: 'qualification' });
    const before = await read(o.id);
    const requiredToEnter = (path: string) => ({ path, message: 'is required to enter proposal', keyword: 'required' });

    const blocked = errorOf(await move(o.id, 1, 'proposal'));
    expect(blocked.extensions).toEqual({ code: 'STAGE_GATE_BLOCKED', details: [requiredToEnter('amount'), requiredToEnter('closeDate')] });
    expect(blocked.message).toMatch(/^A proposal needs an amount and a close date/);
    expect(await read(o.id)).toEqual(before);

    // Through update with the amount given: only the close date is missing, and the amount is not written either.
    const partly = errorOf(await update(o.id, 1, { stage: 'proposal', amount: { amount: 900 } }));
    expect(partly.extensions).toEqual({ code: 'STAGE_GATE_BLOCKED', details: [requiredToEnter('closeDate')] });
    expect(await read(o.id)).toEqual(before);
    expect(await historyRows(t, o.id)).toBe(1);

    // A create into the gated stage is refused the same way, and creates nothing.
    const count = await opportunityCount();
    const born = errorOf(await call('mutation { createOpportunity(input: {name: "Born gated", stage: "proposal", closeDate: "2026-12-01"}) { id } }'));
    expect(born.extensions).toEqual({ code: 'STAGE_GATE_BLOCKED', details: [requiredToEnter('amount')] });
    expect(await opportunityCount()).toBe(count);

    const passed = ok(await update(o.id, 1, { stage: 'proposal', amount: { amount: 900 }, closeDate: '2026-12-01' })).updateOpportunity;
    expect(passed).toMatchObject({ version: 2, stage: 'proposal', probability: 50, amount: { amount: 900, currency: 'USD' }, closeDate: '2026-12-01' });
    expect(await historyRows(t, o.id)).toBe(2);
  });

  it('a json-logic gate fails with its message and passes when it holds on the record as it would be', async () => {
    const small = await create({ name: 'Small', pipeline: 'enterprise', amount: { amount: 500 } });
    const before = await read(small.id);
    const blocked = errorOf(await move(small.id, 1, 'review'));
    expect(blocked.extensions).toEqual({
      code: 'STAGE_GATE_BLOCKED',
      details: [{ path: 'condition', message: REVIEW_MESSAGE.en, keyword: 'condition', label: REVIEW_MESSAGE }],
    });
    expect(blocked.message).toContain(REVIEW_MESSAGE.en);
    expect(await read(small.id)).toEqual(before);
    expect(await historyRows(t, small.id)).toBe(1);

    const noAmount = await create({ name: 'No amount', pipeline: 'enterprise' });
    expect(errorOf(await move(noAmount.id, 1, 'review')).extensions.code).toBe('STAGE_GATE_BLOCKED');

    const grown = ok(await update(small.id, 1, { stage: 'review', amount: { amount: 1500 } })).updateOpportunity;
    expect(grown).toMatchObject({ version: 2, pipeline: 'enterprise', stage: 'review', probability: 40, amount: { amount: 1500, currency: 'USD' } });
    const exactly = await create({ name: 'Exactly', pipeline: 'enterprise', amount: { amount: 1000 } });
    expect(ok(await move(exactly.id, 1, 'review')).moveOpportunity).toMatchObject({ stage: 'review', version: 2 });
    expect(await historyRows(t, small.id)).toBe(2);
  });

  it('a pipeline without skipping refuses skips, naming the next stage, but allows moving to lost', async () => {
    const o = await create({ name: 'Strict', pipeline: 'enterprise', amount: { amount: 5000 } });
    const before = await read(o.id);
    const skip = errorOf(await move(o.id, 1, 'contract'));
    expect(skip.extensions).toEqual({
      code: 'STAGE_MOVE_REFUSED',
      details: [{ path: 'stage', message: 'skips review', from: 'intro', to: 'contract', next: 'review' }],
    });
    const toWon = errorOf(await update(o.id, 1, { stage: 'signed' }));
    expect(toWon.extensions).toEqual({
      code: 'STAGE_MOVE_REFUSED',
      details: [{ path: 'stage', message: 'skips review, contract', from: 'intro', to: 'signed', next: 'review' }],
    });
    expect(await read(o.id)).toEqual(before);
    expect(await historyRows(t, o.id)).toBe(1);

    expect(ok(await move(o.id, 1, 'review')).moveOpportunity).toMatchObject({ version: 2, stage: 'review' });
    const dropped = ok(await move(o.id, 2, 'dropped')).moveOpportunity;
    expect(dropped).toMatchObject({ version: 3, stage: 'dropped', outcome: 'lost', probability: 0, lostReason: null });
    // Straight from the first stage to lost, too.
    const early = await create({ name: 'Early drop', pipeline: 'enterprise' });
    expect(ok(await move(early.id, 1, 'dropped')).moveOpportunity).toMatchObject({ stage: 'dropped', outcome: 'lost' });
    expect(await historyRows(t, o.id)).toBe(3);
  });

  it('leaving won or lost is refused for a non-admin when reopening is not allowed, and allowed for an admin', async () => {
    const o = await create({ name: 'Closed deal', stage: 'closed_won', amount: { amount: 800 }, closeDate: '2026-06-30' });
    expect(o).toMatchObject({ outcome: 'won', probability: 100 });
    const before = await read(o.id);
    const refused = errorOf(await move(o.id, 1, 'negotiation', {}, rep.token));
    expect(refused.extensions).toEqual({
      code: 'STAGE_MOVE_REFUSED',
      details: [{ path: 'stage', message: 'cannot leave won stage closed_won', from: 'closed_won', to: 'negotiation' }],
    });
    const toLost = errorOf(await update(o.id, 1, { stage: 'closed_lost', lostReason: 'Changed mind' }, rep.token));
    expect(toLost.extensions.code).toBe('STAGE_MOVE_REFUSED');
    expect(await read(o.id)).toEqual(before);
    expect(await historyRows(t, o.id)).toBe(1);

    // The non-admin may still edit the record; only the stage is closed to them.
    expect(ok(await update(o.id, 1, { name: 'Closed deal (renamed)' }, rep.token)).updateOpportunity).toMatchObject({ version: 2, stage: 'closed_won' });
    const reopened = ok(await move(o.id, 2, 'negotiation')).moveOpportunity;
    expect(reopened).toMatchObject({ version: 3, stage: 'negotiation', outcome: null, closedOn: null, probability: 75 });
    expect(await historyRows(t, o.id)).toBe(2);

    // Where the pipeline allows reopening, a non-admin may.
    const signed = await create({ name: 'Signed', pipeline: 'enterprise', stage: 'signed', amount: { amount: 2000 } });
    const back = ok(await move(signed.id, 1, 'contract', {}, rep.token)).moveOpportunity;
    expect(back).toMatchObject({ stage: 'contract', outcome: null, probability: 80 });
    expect((await read(signed.id)).stageHistory.at(-1)).toMatchObject({ fromStage: 'signed', toStage: 'contract', movedBy: rep.id });
  });

  it('a non-admin cannot reopen a won record by moving it into another pipeline', async () => {
    const o = await create({ name: 'Won, then elsewhere', stage: 'closed_won', amount: { amount: 1500 } });
    const before = await read(o.id);
    const res = await move(o.id, 1, 'intro', { pipeline: 'enterprise' }, rep.token);
    expect(res.errors?.[0]?.extensions.code).toBe('STAGE_MOVE_REFUSED');
    expect(await read(o.id)).toEqual(before);
  });

  it('marking lost without a reason is refused when the pipeline requires one', async () => {
    const o = await create({ name: 'Lost cause' });
    const before = await read(o.id);
    const reasonRequired = {
      code: 'STAGE_GATE_BLOCKED',
      details: [{ path: 'lostReason', message: 'a reason is required to mark it closed_lost', keyword: 'required' }],
    };
    expect(errorOf(await move(o.id, 1, 'closed_lost')).extensions).toEqual(reasonRequired);
    expect(errorOf(await move(o.id, 1, 'closed_lost', { lostReason: '' })).extensions).toEqual(reasonRequired);
    expect(errorOf(await update(o.id, 1, { stage: 'closed_lost' })).extensions).toEqual(reasonRequired);
    expect(await read(o.id)).toEqual(before);
    expect(await historyRows(t, o.id)).toBe(1);
    const lost = ok(await update(o.id, 1, { stage: 'closed_lost', lostReason: 'Went with a competitor' })).updateOpportunity;
    expect(lost).toMatchObject({ version: 2, stage: 'closed_lost', outcome: 'lost', lostReason: 'Went with a competitor' });
  });

  it('unknown stages and pipelines fail validation with the allowed values and write nothing', async () => {
    const o = await create({ name: 'Lost in space' });
    const before = await read(o.id);
    const count = await opportunityCount();
    const unknownStage = { code: 'VALIDATION_FAILED', details: [{ path: 'stage', message: `allowed: ${NEW_BUSINESS_STAGES.join(', ')}` }] };
    expect(errorOf(await move(o.id, 1, 'nowhere')).extensions).toEqual(unknownStage);
    expect(errorOf(await update(o.id, 1, { stage: 'nowhere' })).extensions).toEqual(unknownStage);
    // A stage of another pipeline is unknown in this one.
    expect(errorOf(await move(o.id, 1, 'intro')).extensions).toEqual(unknownStage);
    const unknownPipeline = errorOf(await move(o.id, 1, 'intro', { pipeline: 'ghost' }));
    expect(unknownPipeline.extensions).toEqual({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'pipeline', message: expect.stringMatching(/^allowed: (enterprise, newBusiness|newBusiness, enterprise)$/) }],
    });
    expect(errorOf(await update(o.id, 1, { pipeline: 'ghost' })).extensions.code).toBe('VALIDATION_FAILED');
    expect(await read(o.id)).toEqual(before);
    expect(await historyRows(t, o.id)).toBe(1);

    expect(errorOf(await call('mutation { createOpportunity(input: {name: "Nowhere", stage: "nowhere"}) { id } }')).extensions).toEqual(unknownStage);
    expect(errorOf(await call('mutation { createOpportunity(input: {name: "Ghost", pipeline: "ghost"}) { id } }')).extensions.code).toBe('VALIDATION_FAILED');
    expect(await opportunityCount()).toBe(count);
  });

  it('an unknown stage in a bulk create names the input it is in, and nothing is created', async () => {
    const count = await opportunityCount();
    const res = errorOf(
      await call('mutation($in: [OpportunityInput!]!) { createOpportunities(inputs: $in) { id } }', {
        in: [{ name: 'Fine' }, { name: 'Bad', stage: 'nowhere' }],
      }),
    );
    expect(res.extensions).toEqual({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'inputs[1].stage', message: `allowed: ${NEW_BUSINESS_STAGES.join(', ')}` }],
    });
    expect(await opportunityCount()).toBe(count);
  });

  it('concurrent moves of the same version: exactly one wins, the others get CONFLICT, one history row is added', async () => {
    const o = await create({ name: 'Race', amount: { amount: 100 }, closeDate: '2026-10-01' });
    let version = 1;
    let rows = 1;
    let current = 'prospecting';
    for (let round = 0; round < 3; round++) {
      // Every contender moves somewhere else than where the record stands (a move to the same stage is no move).
      const targets = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'qualification'].filter((s) => s !== current);
      const results = await Promise.all(targets.map((stage, i) => (i % 2 ? update(o.id, version, { stage }) : move(o.id, version, stage))));
      const winners = results.filter((r) => !r.errors);
      expect(winners).toHaveLength(1);
      const losers = results.filter((r) => r.errors);
      expect(losers.map((r) => r.errors![0]!.extensions.code)).toEqual(targets.slice(1).map(() => 'CONFLICT'));
      for (const l of losers)
        expect(l.errors![0]!.extensions.details).toEqual([expect.objectContaining({ path: 'version', expectedVersion: version, currentVersion: version + 1 })]);
      const won = (winners[0]!.data.moveOpportunity ?? winners[0]!.data.updateOpportunity) as { stage: string; version: number };
      version += 1;
      rows += 1;
      expect(won.version).toBe(version);
      expect(await historyRows(t, o.id)).toBe(rows);
      const now = await read(o.id);
      expect(now).toMatchObject({ version, stage: won.stage });
      expect(now.stageHistory.at(-1)).toMatchObject({ fromStage: current, toStage: won.stage });
      current = won.stage;
    }
  });

  it('isIdle flags records longer in an open stage than its idle limit', async () => {
    const [fresh, stale, staleProposal, wonLongAgo] = await Promise.all([
      create({ name: 'Idle fresh' }),
      create({ name: 'Idle stale' }),
      create({ name: 'Idle proposal', stage: 'proposal', amount: { amount: 10 }, closeDate: '2026-08-01' }),
      create({ name: 'Idle won', stage: 'closed_won' }),
    ]);
    const enteredDaysAgo = (id: string, days: number) =>
      pool.query(`UPDATE "${t.tenant.schema}".opportunity SET stage_entered_at = now() - make_interval(days => $2) WHERE id = $1`, [id, days]);
    await enteredDaysAgo(fresh.id, 29); // prospecting: 30 days
    await enteredDaysAgo(stale.id, 31);
    await enteredDaysAgo(staleProposal.id, 22); // proposal: 21 days
    await enteredDaysAgo(wonLongAgo.id, 400); // won: no limit
    const nodes = ok(await call('{ opportunities(filter: {name: {startsWith: "Idle "}}, orderBy: [{field: name, direction: ASC}]) { nodes { name isIdle } } }'))
      .opportunities.nodes;
    expect(nodes).toEqual([
      { name: 'Idle fresh', isIdle: false },
      { name: 'Idle proposal', isIdle: true },
      { name: 'Idle stale', isIdle: true },
      { name: 'Idle won', isIdle: false },
    ]);
    const board = ok(
      await call('{ opportunitiesBoard(filter: {name: {startsWith: "Idle "}}) { columns { stage { key } cards { nodes { name isIdle } } } } }'),
    ).opportunitiesBoard;
    const cards = board.columns.flatMap((c: { cards: { nodes: { name: string; isIdle: boolean }[] } }) => c.cards.nodes);
    expect(
      cards
        .filter((c: { isIdle: boolean }) => c.isIdle)
        .map((c: { name: string }) => c.name)
        .sort(),
    ).toEqual(['Idle proposal', 'Idle stale']);
  });
});

describe('pipeline boards', () => {
  let b: TestTenant;
  let tokenB: string;
  type Opp = { id: string; name: string; pipeline: string; stage: string; probability: number; amount: { amount: number; currency: string } | null };
  let data: Opp[];
  const rates: Record<string, number> = { USD: 1, EUR: 1.25 };
  const callB = (query: string, variables: Record<string, unknown> = {}) => call(query, variables, tokenB);
  const platformB = (query: string) => platform(query, {}, tokenB);
  const BOARD = `query($f: OpportunityFilter, $first: Int, $o: [OpportunityOrderBy!]) {
    opportunitiesBoard(pipeline: "newBusiness", filter: $f, first: $first, orderBy: $o) {
      currency pipeline { key stages { key } }
      columns { stage { key } count amount weightedAmount unconverted cards { totalCount nodes { id name stage } pageInfo { hasNextPage endCursor } } }
    } }`;
  const PAGE = `query($f: OpportunityFilter, $first: Int, $o: [OpportunityOrderBy!], $a: String) {
    opportunities(filter: $f, orderBy: $o, first: $first, after: $a) { nodes { id name } pageInfo { hasNextPage endCursor } } }`;

  /** Totals per column of the newBusiness board, computed here from the records created. */
  function expectedTotals(keep: (o: Opp) => boolean = () => true) {
    return NEW_BUSINESS_STAGES.map((key) => {
      const inColumn = data.filter((o) => o.pipeline === 'newBusiness' && o.stage === key && keep(o));
      let amount = 0;
      let weightedAmount = 0;
      let unconverted = 0;
      for (const o of inColumn) {
        if (!o.amount) continue;
        const rate = rates[o.amount.currency];
        if (rate === undefined) {
          unconverted++;
          continue;
        }
        amount += o.amount.amount * rate;
        weightedAmount += (o.amount.amount * rate * o.probability) / 100;
      }
      return { stage: { key }, count: inColumn.length, amount, weightedAmount, unconverted };
    });
  }
  const totalsOf = (board: { columns: Record<string, unknown>[] }) =>
    board.columns.map(({ stage, count, amount, weightedAmount, unconverted }) => ({ stage, count, amount, weightedAmount, unconverted }));
  const namesIn = (stage: string, keep: (o: Opp) => boolean = () => true) =>
    data
      .filter((o) => o.pipeline === 'newBusiness' && o.stage === stage && keep(o))
      .map((o) => o.name)
      .sort();

  beforeAll(async () => {
    b = await newTenant(pool);
    await applyDocs(pool, b, [...salesModel(), enterprise]);
    tokenB = await login(server.url, b.tenant.slug, b.email);
    const seed = [
      { name: 'P1', amount: { amount: 100 } },
      { name: 'P2', amount: { amount: 200 } },
      { name: 'P3' },
      { name: 'P4', amount: { amount: 300, currency: 'EUR' } },
      { name: 'P5', amount: { amount: 40, currency: 'EUR' } },
      { name: 'Q1', stage: 'qualification', amount: { amount: 1000 } },
      { name: 'Q2', stage: 'qualification', amount: { amount: 400, currency: 'GBP' } },
      { name: 'R1', stage: 'proposal', amount: { amount: 2000 }, closeDate: '2026-11-01' },
      { name: 'R2', stage: 'proposal', amount: { amount: 500, currency: 'EUR' }, closeDate: '2026-11-01', probability: 40 },
      { name: 'W1', stage: 'closed_won', amount: { amount: 800 } },
      { name: 'L1', stage: 'closed_lost', amount: { amount: 50 }, lostReason: 'Price' },
      { name: 'E1', pipeline: 'enterprise', amount: { amount: 9999 } },
      { name: 'X1', amount: { amount: 7777 } },
    ];
    const created: Opp[] = ok(
      await callB(
        'mutation($in: [OpportunityInput!]!) { createOpportunities(inputs: $in) { id name pipeline stage probability amount { amount currency } } }',
        { in: seed },
      ),
    ).createOpportunities;
    const binned = created.find((o) => o.name === 'X1')!;
    ok(await callB('mutation($id: ID!) { deleteOpportunity(id: $id) { id } }', { id: binned.id }));
    data = created.filter((o) => o !== binned);
    const set = ok(await platformB('mutation { setCurrencyRates(rates: [{currency: "EUR", rate: 1.25}]) { currency rate } }')).setCurrencyRates;
    expect(set).toEqual([{ currency: 'EUR', rate: 1.25 }]);
  });

  it('counts, amounts and weighted amounts per column, in the reporting currency; no rate means unconverted', async () => {
    expect(ok(await platformB('{ tenant { currency } currencyRates { currency rate } }'))).toEqual({
      tenant: { currency: 'USD' },
      currencyRates: [{ currency: 'EUR', rate: 1.25 }],
    });
    const board = ok(await callB(BOARD, { first: 10 })).opportunitiesBoard;
    expect(board.currency).toBe('USD');
    expect(board.pipeline).toEqual({ key: 'newBusiness', stages: NEW_BUSINESS_STAGES.map((key) => ({ key })) });
    expect(totalsOf(board)).toEqual(expectedTotals());
    // Spelled out once, so the computation above is checked too.
    expect(totalsOf(board).map((c) => [c.count, c.amount, c.weightedAmount, c.unconverted])).toEqual([
      [5, 725, 72.5, 0],
      [2, 1000, 250, 1],
      [2, 2625, 1250, 0],
      [0, 0, 0, 0],
      [1, 800, 800, 0],
      [1, 50, 0, 0],
    ]);
    for (const c of board.columns) {
      expect(c.cards.totalCount).toBe(c.count);
      expect(c.cards.nodes.map((n: { name: string }) => n.name).sort()).toEqual(namesIn(c.stage.key));
    }
  });

  it('a filter narrows both the totals and the cards', async () => {
    const keep = (o: Opp) => (o.amount?.amount ?? -1) >= 200;
    const board = ok(await callB(BOARD, { first: 10, f: { amount: { gte: 200 } } })).opportunitiesBoard;
    expect(totalsOf(board)).toEqual(expectedTotals(keep));
    for (const c of board.columns) expect(c.cards.nodes.map((n: { name: string }) => n.name).sort()).toEqual(namesIn(c.stage.key, keep));
    expect(board.columns[0].cards.nodes.map((n: { name: string }) => n.name).sort()).toEqual(['P2', 'P4']);
  });

  it('cards are limited per column, and the end cursor continues the column in the list query without duplicates', async () => {
    for (const order of [[{ field: 'name', direction: 'ASC' }], [{ field: 'amount', direction: 'DESC', nulls: 'LAST' }], undefined]) {
      const board = ok(await callB(BOARD, { first: 2, o: order })).opportunitiesBoard;
      for (const column of board.columns) {
        const stage = column.stage.key as string;
        const filter = { pipeline: { eq: 'newBusiness' }, stage: { eq: stage } };
        // The board's default order is longest in stage first.
        const listOrder = order ?? [{ field: 'stageEnteredAt', direction: 'ASC' }];
        const everything = ok(await callB(PAGE, { f: filter, o: listOrder, first: 100 })).opportunities.nodes.map((n: { id: string }) => n.id);
        expect(column.cards.nodes).toHaveLength(Math.min(2, column.count));
        expect(column.cards.pageInfo.hasNextPage).toBe(column.count > 2);
        const seen: string[] = column.cards.nodes.map((n: { id: string }) => n.id);
        let after = column.cards.pageInfo.endCursor as string | null;
        let more = column.cards.pageInfo.hasNextPage as boolean;
        if (!column.count) expect(after).toBeNull();
        while (more) {
          const page = ok(await callB(PAGE, { f: filter, o: listOrder, first: 2, a: after })).opportunities;
          seen.push(...page.nodes.map((n: { id: string }) => n.id));
          more = page.pageInfo.hasNextPage;
          after = page.pageInfo.endCursor;
        }
        expect(new Set(seen).size, `${stage} ${JSON.stringify(order)}`).toBe(seen.length);
        expect(seen, `${stage} ${JSON.stringify(order)}`).toEqual(everything);
        expect(seen).toHaveLength(column.count);
      }
    }
    const byName = ok(await callB(BOARD, { first: 2, o: [{ field: 'name', direction: 'ASC' }] })).opportunitiesBoard;
    expect(byName.columns[0].cards.nodes.map((n: { name: string }) => n.name)).toEqual(['P1', 'P2']);
  });

  it('a tenant can neither move another tenant’s records nor see them on its board', async () => {
    const theirs = await create({ name: 'Tenant A secret', amount: { amount: 1000, currency: 'EUR' } });
    const before = await read(theirs.id);
    const moved = errorOf(await move(theirs.id, 1, 'qualification', {}, tokenB));
    expect(moved.extensions.code).toBe('NOT_FOUND');
    const updated = errorOf(await update(theirs.id, 1, { stage: 'qualification' }, tokenB));
    expect(updated.extensions.code).toBe('NOT_FOUND');
    expect(ok(await callB('query($id: ID!) { opportunity(id: $id) { id } }', { id: theirs.id })).opportunity).toBeNull();
    expect(await read(theirs.id)).toEqual(before);
    expect(await historyRows(t, theirs.id)).toBe(1);
    expect(await historyRows(b, theirs.id)).toBe(0);

    const board = ok(await callB(BOARD, { first: 100 })).opportunitiesBoard;
    expect(totalsOf(board)).toEqual(expectedTotals());
    const ids = board.columns.flatMap((c: { cards: { nodes: { id: string }[] } }) => c.cards.nodes.map((n) => n.id));
    expect(ids.sort()).toEqual(
      data
        .filter((o) => o.pipeline === 'newBusiness')
        .map((o) => o.id)
        .sort(),
    );
    // And the other way round: tenant A's board holds none of B's records.
    const boardA = ok(await call(BOARD, { first: 100 })).opportunitiesBoard;
    const idsA = new Set(boardA.columns.flatMap((c: { cards: { nodes: { id: string }[] } }) => c.cards.nodes.map((n) => n.id)));
    expect(data.filter((o) => idsA.has(o.id))).toEqual([]);
    expect(idsA.has(theirs.id)).toBe(true);
    // Rates are per tenant too: B's EUR rate does not convert A's EUR amounts.
    const secret = { name: { eq: 'Tenant A secret' } };
    const onlyTheirs = ok(await call(BOARD, { first: 10, f: secret })).opportunitiesBoard;
    expect(onlyTheirs.columns[0]).toMatchObject({ stage: { key: 'prospecting' }, count: 1, amount: 0, weightedAmount: 0, unconverted: 1 });
    const nothingForB = ok(await callB(BOARD, { first: 10, f: secret })).opportunitiesBoard;
    expect(nothingForB.columns.map((c: { count: number }) => c.count)).toEqual(NEW_BUSINESS_STAGES.map(() => 0));
  });

  it('once the missing rate is set (by an admin only), nothing is left out of the totals', async () => {
    const refused = errorOf(await platform('mutation { setCurrencyRates(rates: [{currency: "GBP", rate: 2}]) { currency } }', {}, rep.token));
    expect(refused.extensions.code).toBe('FORBIDDEN');
    expect(ok(await platform('{ currencyRates { currency } }', {}, rep.token)).currencyRates).toEqual([]);

    ok(await platformB('mutation { setCurrencyRates(rates: [{currency: "GBP", rate: 0.75}]) { currency } }'));
    rates['GBP'] = 0.75;
    const converted = ok(await callB(BOARD, { first: 10 })).opportunitiesBoard;
    expect(totalsOf(converted)).toEqual(expectedTotals());
    expect(converted.columns[1]).toMatchObject({ count: 2, amount: 1300, weightedAmount: 325, unconverted: 0 });
  });
});
