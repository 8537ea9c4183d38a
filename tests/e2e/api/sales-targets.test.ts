/**
 * Sales targets through HTTP: admins set any target, a team's manager those of its teams (and the teams
 * below) and their members but not its own, anyone else is FORBIDDEN; bad periods, amounts and subjects are
 * refused with paths. The forecast shows each period's targets with attainment (won to date ÷ target) counted
 * from stage history as won to date is, a team's target over its whole subtree, and each viewer sees only the
 * targets whose every owner it may read: a rep its own, the manager its team's, the admin all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, importStageHistory, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer, type GqlResponse } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

const AS_OF = '2026-03-15';
const ROLES = [
  { 'x-role': 'rep', defaults: { read: true, create: true, edit: true, visibility: 'own' } },
  { 'x-role': 'lead', defaults: { read: true, create: true, edit: true, visibility: 'team' } },
];
const DASHBOARD = {
  'x-dashboard': 'targets',
  widgets: [{ key: 'forecast', analytics: 'forecast', object: 'opportunity', bucket: 'month', periods: 2, x: 0, y: 0, w: 12, h: 4 }],
};
type Name = 'lead' | 'rep1' | 'rep2' | 'rep3';
/** Won deals: owner, amount, the day moved to won. The one after the as-of day is not won to date yet. */
const WINS: [Name | 'admin', number, string][] = [
  ['rep1', 3000, '2026-03-02'],
  ['rep1', 2000, '2026-03-10'],
  ['rep1', 7000, '2026-03-20'],
  ['rep1', 1000, '2026-02-11'],
  ['rep2', 4000, '2026-03-05'],
  ['rep3', 1500, '2026-03-07'],
  ['admin', 900, '2026-03-08'],
];

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let admin: string;
const user = {} as Record<Name, { id: string; token: string }>;
let east: string;
let eastA: string;
let west: string;

const as = (token: string, query: string, variables: Record<string, unknown> = {}) => platformGql(server.url, query, variables, token);
const refusal = (res: GqlResponse) => ({ code: res.errors?.[0]?.extensions?.['code'], details: res.errors?.[0]?.extensions?.['details'] });
const TARGET = 'id period periodStart ownerId teamId amount setBy';
const SET = `mutation($i: SalesTargetInput!) { setSalesTarget(input: $i) { ${TARGET} } }`;
const setTarget = (token: string, input: Record<string, unknown>) => as(token, SET, { i: input });
const month = (subject: Record<string, string>, amount: number, periodStart = '2026-03-01') => ({ period: 'month', periodStart, amount, ...subject });

const FORECAST = `query($b: ForecastBucket) { forecast(object: "opportunity", bucket: $b, periods: 2, asOf: "${AS_OF}") {
  periods { start wonToDate targets { id ownerId teamId name target won attainment } } } }`;
const forecastOf = async (token: string, bucket = 'month') =>
  ok(await gql(server.url, FORECAST, { b: bucket }, token)).forecast.periods as {
    start: string;
    wonToDate: number;
    targets: { ownerId: string | null; teamId: string | null; name: string; target: number; won: number; attainment: number | null }[];
  }[];
const subjects = (targets: { ownerId: string | null; teamId: string | null; target: number; won: number; attainment: number | null }[]) =>
  Object.fromEntries(targets.map((x) => [x.teamId ?? x.ownerId, [x.target, x.won, x.attainment]]));

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, [...salesModel(), ...ROLES, DASHBOARD]);
  admin = await login(server.url, t.tenant.slug, t.email);
  for (const name of ['lead', 'rep1', 'rep2', 'rep3'] as const) {
    const u = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `${name}@${t.tenant.slug}.test`,
      name,
      passwordHash: PASSWORD_HASH,
      roles: [name === 'lead' ? 'lead' : 'rep'],
    });
    user[name] = { id: u.id, token: await login(server.url, t.tenant.slug, u.email) };
  }
  const team = async (name: string, parentId: string | null, managerId: string | null) =>
    ok(
      await as(admin, 'mutation($n: String!, $p: ID, $m: ID) { createTeam(name: $n, parentId: $p, managerId: $m) { id } }', {
        n: name,
        p: parentId,
        m: managerId,
      }),
    ).createTeam.id as string;
  east = await team('East', null, user.lead.id);
  eastA = await team('East A', east, null);
  west = await team('West', null, null);
  for (const [name, teamId] of [
    ['lead', east],
    ['rep1', east],
    ['rep2', eastA],
    ['rep3', west],
  ] as const)
    ok(await as(admin, 'mutation($u: ID!, $t: ID) { setUserTeam(userId: $u, teamId: $t) { id } }', { u: user[name].id, t: teamId }));

  const ids = ok(
    await gql(
      server.url,
      'mutation($i: [OpportunityInput!]!) { createOpportunities(inputs: $i) { id } }',
      { i: WINS.map(([, amount], i) => ({ name: `Deal ${i}`, amount: { amount }, closeDate: '2026-03-31' })) },
      admin,
    ),
  ).createOpportunities.map((o: { id: string }) => o.id) as string[];
  const ownerOf = (n: Name | 'admin') => (n === 'admin' ? t.actor.userId : user[n].id);
  await pool.query(
    `UPDATE "${t.tenant.schema}".opportunity o SET stage = 'closed_won', probability = 100, outcome = 'won', owner_id = x.owner
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, owner uuid) WHERE o.id = x.id`,
    [JSON.stringify(WINS.map(([n], i) => ({ id: ids[i], owner: ownerOf(n) })))],
  );
  await importStageHistory(
    pool,
    t.tenant.schema,
    'opportunity',
    'opportunity',
    WINS.flatMap(([n, amount, day], i) =>
      [
        { from: null, to: 'prospecting', at: '2026-01-05T10:00:00.000Z' },
        { from: 'prospecting', to: 'closed_won', at: `${day}T12:00:00.000Z` },
      ].map((m) => ({
        object: 'opportunity',
        recordId: ids[i]!,
        pipeline: 'newBusiness',
        fromStage: m.from,
        toStage: m.to,
        movedBy: ownerOf(n),
        amount,
        currency: 'USD',
        daysInPrevious: null,
        movedAt: m.at,
      })),
    ),
    WINS.map(([, , day], i) => ({ id: ids[i]!, at: `${day}T12:00:00.000Z`, createdAt: '2026-01-05T10:00:00.000Z' })),
  );
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

describe('setting targets', () => {
  it('refuses bad periods, amounts and subjects with their paths', async () => {
    const rep1 = { ownerId: user.rep1.id };
    expect(refusal(await setTarget(admin, month(rep1, 100, '2026-03-15')))).toEqual({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'periodStart', message: 'the first day of a month' }],
    });
    expect(refusal(await setTarget(admin, { ...month(rep1, 100, '2026-02-01'), period: 'quarter' })).details).toEqual([
      { path: 'periodStart', message: 'the first day of a quarter' },
    ]);
    expect(refusal(await setTarget(admin, month(rep1, 100, '2026-02-30'))).details).toEqual([{ path: 'periodStart', message: 'a date (YYYY-MM-DD)' }]);
    expect(refusal(await setTarget(admin, month(rep1, -1))).details).toEqual([{ path: 'amount', message: 'a number from 0 to 1000000000000000' }]);
    expect(refusal(await setTarget(admin, month({}, 100))).details).toEqual([{ path: 'ownerId', message: 'give either ownerId or teamId' }]);
    expect(refusal(await setTarget(admin, month({ ownerId: user.rep1.id, teamId: east }, 100))).details).toEqual([
      { path: 'teamId', message: 'give either ownerId or teamId' },
    ]);
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect(refusal(await setTarget(admin, month({ ownerId: ghost }, 100)))).toEqual({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'ownerId', message: 'no such user in this workspace' }],
    });
    expect(refusal(await setTarget(admin, month({ teamId: ghost }, 100))).details).toEqual([{ path: 'teamId', message: 'no such team' }]);
    expect(refusal(await setTarget(admin, month({ teamId: 'east' }, 100)))).toEqual({
      code: 'BAD_USER_INPUT',
      details: [{ path: 'teamId', message: 'not a UUID' }],
    });
  });

  it('lets an admin set any target and a manager those of its teams and their members, not its own', async () => {
    const eastTarget = ok(await setTarget(admin, month({ teamId: east }, 20000))).setSalesTarget;
    expect(eastTarget).toMatchObject({ period: 'month', periodStart: '2026-03-01', teamId: east, ownerId: null, amount: 20000, setBy: t.actor.userId });
    ok(await setTarget(admin, month({ ownerId: user.rep3.id }, 3000)));
    const first = ok(await setTarget(user.lead.token, month({ ownerId: user.rep1.id }, 12000))).setSalesTarget;
    // Setting it again replaces the amount of the same target.
    const again = ok(await setTarget(user.lead.token, month({ ownerId: user.rep1.id }, 10000))).setSalesTarget;
    expect(again).toMatchObject({ id: first.id, amount: 10000, setBy: user.lead.id });
    // rep2 is in East A, below the team the lead manages.
    ok(await setTarget(user.lead.token, { period: 'quarter', periodStart: '2026-01-01', ownerId: user.rep2.id, amount: 8000 }));
    ok(await setTarget(user.lead.token, month({ teamId: eastA }, 5000)));

    expect(refusal(await setTarget(user.lead.token, month({ ownerId: user.rep3.id }, 1)))).toEqual({
      code: 'FORBIDDEN',
      details: [{ path: 'ownerId', message: 'not yours to set' }],
    });
    expect(refusal(await setTarget(user.lead.token, month({ ownerId: user.lead.id }, 1))).code).toBe('FORBIDDEN');
    expect(refusal(await setTarget(user.lead.token, month({ teamId: west }, 1))).details).toEqual([{ path: 'teamId', message: 'not yours to set' }]);
    expect(refusal(await setTarget(user.rep1.token, month({ ownerId: user.rep2.id }, 1))).code).toBe('FORBIDDEN');
  });

  it('lists to each the targets it may see', async () => {
    const list = async (token: string) =>
      (ok(await as(token, `{ salesTargets { ${TARGET} } }`)).salesTargets as { ownerId: string | null; teamId: string | null }[])
        .map((x) => x.teamId ?? x.ownerId)
        .sort();
    expect(await list(admin)).toEqual([east, eastA, user.rep1.id, user.rep2.id, user.rep3.id].sort());
    expect(await list(user.lead.token)).toEqual([east, eastA, user.rep1.id, user.rep2.id].sort());
    expect(await list(user.rep1.token)).toEqual([east, user.rep1.id].sort());
    expect(await list(user.rep3.token)).toEqual([user.rep3.id]);
    const quarters = ok(await as(admin, `{ salesTargets(period: quarter, from: "2026-01-01", to: "2026-04-01") { ownerId } }`)).salesTargets;
    expect(quarters).toEqual([{ ownerId: user.rep2.id }]);
  });
});

describe('attainment in the forecast', () => {
  it('counts won to date per target (a team over its subtree) and shows the admin every target', async () => {
    const [march, april] = await forecastOf(admin);
    expect(march!.start).toBe('2026-03-01');
    expect(march!.wonToDate).toBe(3000 + 2000 + 4000 + 1500 + 900);
    expect(subjects(march!.targets)).toEqual({
      [east]: [20000, 9000, 0.45],
      [eastA]: [5000, 4000, 0.8],
      [user.rep1.id]: [10000, 5000, 0.5],
      [user.rep3.id]: [3000, 1500, 0.5],
    });
    expect(march!.targets.find((x) => x.teamId === east)!.name).toBe('East');
    expect(april!.targets).toEqual([]);
    const [q1] = await forecastOf(admin, 'quarter');
    expect(subjects(q1!.targets)).toEqual({ [user.rep2.id]: [8000, 4000, 0.5] });
  });

  it('shows each viewer only the targets whose every owner it may read', async () => {
    const seen = async (token: string) => subjects((await forecastOf(token))[0]!.targets);
    expect(await seen(user.lead.token)).toEqual({
      [east]: [20000, 9000, 0.45],
      [eastA]: [5000, 4000, 0.8],
      [user.rep1.id]: [10000, 5000, 0.5],
    });
    expect(await seen(user.rep1.token)).toEqual({ [user.rep1.id]: [10000, 5000, 0.5] });
    expect(await seen(user.rep3.token)).toEqual({ [user.rep3.id]: [3000, 1500, 0.5] });
    expect((await forecastOf(user.rep1.token))[0]!.wonToDate).toBe(5000);
  });

  it('is in the dashboard forecast widget too, whatever the owner filter', async () => {
    const res = ok(
      await gql(server.url, `query { dashboard(name: "targets", asOf: "${AS_OF}", filters: { owner: "me" }) { widgets { analytics } } }`, {}, user.lead.token),
    );
    const march = res.dashboard.widgets[0].analytics.periods[0];
    expect(march.wonToDate).toBe(0);
    expect(subjects(march.targets)).toEqual({ [east]: [20000, 9000, 0.45], [eastA]: [5000, 4000, 0.8], [user.rep1.id]: [10000, 5000, 0.5] });
  });
});

describe('deleting targets', () => {
  it('follows who may set them; an unknown or unseen one is NOT_FOUND', async () => {
    const all = ok(await as(admin, `{ salesTargets { ${TARGET} } }`)).salesTargets as { id: string; ownerId: string | null; teamId: string | null }[];
    const of = (id: string) => all.find((x) => (x.teamId ?? x.ownerId) === id)!.id;
    expect(refusal(await as(user.rep1.token, 'mutation($id: ID!) { deleteSalesTarget(id: $id) }', { id: of(east) })).code).toBe('FORBIDDEN');
    expect(refusal(await as(user.lead.token, 'mutation($id: ID!) { deleteSalesTarget(id: $id) }', { id: of(user.rep3.id) })).code).toBe('NOT_FOUND');
    expect(ok(await as(user.lead.token, 'mutation($id: ID!) { deleteSalesTarget(id: $id) }', { id: of(user.rep2.id) })).deleteSalesTarget).toBe(true);
    expect(refusal(await as(admin, 'mutation($id: ID!) { deleteSalesTarget(id: $id) }', { id: of(user.rep2.id) })).code).toBe('NOT_FOUND');
    const [q1] = await forecastOf(admin, 'quarter');
    expect(q1!.targets).toEqual([]);
  });
});
