/**
 * The read side the studio's Setup › Automation and header bell use, through the platform API: per-rule run
 * figures (admins only), a user's unread count, and marking notifications read: one's own only, named or all,
 * ids that are not ids refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { settled, untilRuns } from '../../support/automation.js';
import { newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

let pool: Pool;
let server: RunningServer;
let t: TestTenant;
let admin: string;
const reps: { id: string; token: string }[] = [];

const as = <T = Record<string, any>>(token: string, query: string, variables: Record<string, unknown> = {}) =>
  platformGql<T>(server.url, query, variables, token);

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  for (const name of ['ann', 'bo']) {
    const u = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `${name}@${t.tenant.slug}.test`,
      name,
      passwordHash: PASSWORD_HASH,
      roles: ['member'],
    });
    reps.push({ id: u.id, token: await login(server.url, t.tenant.slug, u.email) });
  }
  admin = await login(server.url, t.tenant.slug, t.email);
  ok(
    await as(admin, 'mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { applied } }', {
      d: [
        ...salesModel(),
        {
          'x-rule': 'tellBoth',
          'x-object': 'account',
          trigger: { type: 'created' },
          actions: reps.map((r) => ({ type: 'notify', to: r.id, message: 'New account {{name}}' })),
        },
      ],
    }),
  );
  ok(await gql(server.url, 'mutation { createAccount(input: { name: "Acme" }) { id } }', {}, admin));
  await untilRuns(server, pool, t.tenant.id, settled, { rule: 'tellBoth' });
});

afterAll(async () => {
  await server?.close();
  await pool?.end();
});

describe('automation overview on the platform API', () => {
  it("gives admins each rule's runs, last run and failing actions, and refuses members", async () => {
    const { automationRuleStats } = ok(await as(admin, '{ automationRuleStats { rule runs lastRunAt failures } }'));
    expect(automationRuleStats).toEqual([{ rule: 'tellBoth', runs: 1, lastRunAt: expect.any(String), failures: 0 }]);
    expect((await as(reps[0]!.token, '{ automationRuleStats { rule } }')).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it("marks only one's own notifications read: named ones, then all; non-ids are refused", async () => {
    const [ann, bo] = reps as [(typeof reps)[0], (typeof reps)[0]];
    const count = async (r: typeof ann) => ok(await as<{ unreadNotificationCount: number }>(r.token, '{ unreadNotificationCount }')).unreadNotificationCount;
    const mine = async (r: typeof ann) =>
      ok(await as<{ notifications: { id: string; readAt: string | null }[] }>(r.token, '{ notifications { id readAt } }')).notifications;
    expect(await count(ann)).toBe(1);
    expect(await count(bo)).toBe(1);
    const bosOwn = (await mine(bo))[0]!.id;

    // Ann names Bo's notification: nothing changes for either.
    expect(ok(await as(ann.token, 'mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }', { ids: [bosOwn] })).markNotificationsRead).toBe(0);
    expect(await count(bo)).toBe(1);

    const bad = await as(ann.token, 'mutation { markNotificationsRead(ids: ["not-an-id"]) }');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: [{ path: 'ids.0' }] });

    expect(ok(await as(bo.token, 'mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }', { ids: [bosOwn] })).markNotificationsRead).toBe(1);
    expect(await count(bo)).toBe(0);
    expect((await mine(bo))[0]!.readAt).toEqual(expect.any(String));

    expect(ok(await as(ann.token, 'mutation { markNotificationsRead }')).markNotificationsRead).toBe(1);
    expect(ok(await as(ann.token, 'mutation { markNotificationsRead }')).markNotificationsRead).toBe(0);
    expect(await count(ann)).toBe(0);
  });
});
