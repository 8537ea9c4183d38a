/**
 * Teams through the platform API on the real database: a tree built, renamed, moved and pruned by an admin,
 * every refusal coded with a path (cycles, duplicate names, unknown parents, managers and users), members
 * refused, users' teams and roles set (a role change applies on the next request with the same token), and
 * `managerOf` walking the tree for rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, managerOf, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer, type GqlResponse } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let admin: string;
const user: Record<string, { id: string; token: string }> = {};

const as = (token: string, query: string, variables: Record<string, unknown> = {}) => platformGql(server.url, query, variables, token);
const refusal = (res: GqlResponse) => ({ code: res.errors?.[0]?.extensions?.['code'], details: res.errors?.[0]?.extensions?.['details'] });
const TEAM = 'id name parentId managerId';
const createTeam = async (name: string, parentId: string | null = null, managerId: string | null = null) =>
  ok(
    await as(admin, `mutation($n: String!, $p: ID, $m: ID) { createTeam(name: $n, parentId: $p, managerId: $m) { ${TEAM} } }`, {
      n: name,
      p: parentId,
      m: managerId,
    }),
  ).createTeam as { id: string; name: string; parentId: string | null; managerId: string | null };
const setTeam = async (userId: string, teamId: string | null) =>
  ok(await as(admin, 'mutation($u: ID!, $t: ID) { setUserTeam(userId: $u, teamId: $t) { id teamId } }', { u: userId, t: teamId })).setUserTeam;
const teams = async () => ok(await as(admin, `{ teams { ${TEAM} } }`)).teams as { id: string; name: string; parentId: string | null }[];

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, salesModel());
  admin = await login(server.url, t.tenant.slug, t.email);
  for (const name of ['vp', 'lead', 'rep', 'other']) {
    const u = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `${name}@${t.tenant.slug}.test`,
      name,
      passwordHash: PASSWORD_HASH,
      roles: ['member'],
    });
    user[name] = { id: u.id, token: await login(server.url, t.tenant.slug, u.email) };
  }
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

describe('the team tree', () => {
  let sales: { id: string };
  let east: { id: string };
  let eastA: { id: string };

  it('is built by an admin: nested teams with managers, listed by name', async () => {
    sales = await createTeam('Sales', null, user['vp']!.id);
    east = await createTeam('East', sales.id, user['lead']!.id);
    eastA = await createTeam('East A', east.id);
    expect(await teams()).toEqual([
      { id: east.id, name: 'East', parentId: sales.id, managerId: user['lead']!.id },
      { id: eastA.id, name: 'East A', parentId: east.id, managerId: null },
      { id: sales.id, name: 'Sales', parentId: null, managerId: user['vp']!.id },
    ]);
  });

  it('refuses duplicate names (case-insensitively), empty names, unknown parents and managers, with paths', async () => {
    const dup = refusal(await as(admin, 'mutation { createTeam(name: "sales") { id } }'));
    expect(dup).toEqual({ code: 'VALIDATION_FAILED', details: [{ path: 'name', message: 'a team named "Sales" exists already', reason: 'taken' }] });
    expect(refusal(await as(admin, 'mutation { createTeam(name: "  ") { id } }')).details).toEqual([
      { path: 'name', message: 'between 1 and 120 characters', reason: 'length' },
    ]);
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect(refusal(await as(admin, 'mutation($p: ID) { createTeam(name: "X", parentId: $p) { id } }', { p: ghost }))).toEqual({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'parentId', message: 'no such team', reason: 'unknown' }],
    });
    expect(refusal(await as(admin, 'mutation($m: ID) { createTeam(name: "X", managerId: $m) { id } }', { m: ghost })).details).toEqual([
      { path: 'managerId', message: 'no such user in this workspace' },
    ]);
    expect(refusal(await as(admin, 'mutation { createTeam(name: "X", parentId: "nope") { id } }'))).toEqual({
      code: 'BAD_USER_INPUT',
      details: [{ path: 'parentId', message: 'not a UUID' }],
    });
    expect(refusal(await as(admin, 'mutation($id: ID!) { renameTeam(id: $id, name: "SALES") { id } }', { id: east.id })).code).toBe('VALIDATION_FAILED');
    expect((await teams()).map((x) => x.name)).toEqual(['East', 'East A', 'Sales']);
  });

  it('refuses a move that would make a cycle (under itself, under a sub-team at any depth); a valid move and a rename apply', async () => {
    const move = (id: string, p: string | null) => as(admin, 'mutation($id: ID!, $p: ID) { moveTeam(id: $id, parentId: $p) { id parentId } }', { id, p });
    const cycle = { code: 'VALIDATION_FAILED', details: [{ path: 'parentId', message: expect.stringContaining('cycle'), reason: 'cycle' }] };
    expect(refusal(await move(sales.id, sales.id))).toEqual(cycle);
    expect(refusal(await move(sales.id, eastA.id))).toEqual(cycle);
    expect(refusal(await move(east.id, eastA.id))).toEqual(cycle);
    expect(ok(await move(eastA.id, sales.id)).moveTeam).toEqual({ id: eastA.id, parentId: sales.id });
    expect(ok(await move(eastA.id, east.id)).moveTeam).toEqual({ id: eastA.id, parentId: east.id });
    expect(ok(await as(admin, 'mutation($id: ID!) { renameTeam(id: $id, name: "East coast") { name } }', { id: east.id })).renameTeam).toEqual({
      name: 'East coast',
    });
    expect(refusal(await move('00000000-0000-4000-8000-000000000000', null)).code).toBe('NOT_FOUND');
  });

  it("sets users' teams and the team manager; deleting a team moves its sub-teams and members to its parent", async () => {
    await setTeam(user['rep']!.id, eastA.id);
    await setTeam(user['lead']!.id, east.id);
    expect(
      refusal(await as(admin, 'mutation($u: ID!) { setUserTeam(userId: $u, teamId: "00000000-0000-4000-8000-000000000000") { id } }', { u: user['rep']!.id }))
        .code,
    ).toBe('NOT_FOUND');
    const scratch = await createTeam('Scratch', eastA.id);
    await setTeam(user['other']!.id, scratch.id);
    const del = 'mutation($id: ID!) { deleteTeam(id: $id) }';
    expect(ok(await as(admin, del, { id: eastA.id })).deleteTeam).toBe(true);
    const after = await teams();
    expect(after.find((x) => x.id === scratch.id)?.parentId).toBe(east.id);
    const users = ok(await as(admin, '{ users { id teamId } }')).users as { id: string; teamId: string | null }[];
    expect(users.find((u) => u.id === user['rep']!.id)?.teamId).toBe(east.id);
    expect(users.find((u) => u.id === user['other']!.id)?.teamId).toBe(scratch.id);
    expect(refusal(await as(admin, del, { id: eastA.id })).code).toBe('NOT_FOUND');
  });

  it('is changed by admins only: a member is FORBIDDEN and nothing changes', async () => {
    const before = await teams();
    for (const q of [
      'mutation { createTeam(name: "Mine") { id } }',
      `mutation { deleteTeam(id: "${sales.id}") }`,
      `mutation { setUserTeam(userId: "${user['rep']!.id}", teamId: null) { id } }`,
      `mutation { setUserRoles(userId: "${user['rep']!.id}", roles: ["admin"]) { id } }`,
    ])
      expect(refusal(await as(user['rep']!.token, q)).code).toBe('FORBIDDEN');
    expect(await teams()).toEqual(before);
  });
});

describe("users' roles", () => {
  it('a role given or taken applies on the next request with the same token; unknown roles and the last admin are refused', async () => {
    const set = (u: string, roles: string[]) =>
      as(admin, 'mutation($u: ID!, $r: [String!]!) { setUserRoles(userId: $u, roles: $r) { roles } }', { u, r: roles });
    const rep = user['rep']!;
    expect(refusal(await as(rep.token, 'mutation { createTeam(name: "Mine") { id } }')).code).toBe('FORBIDDEN');
    expect(ok(await set(rep.id, ['admin'])).setUserRoles).toEqual({ roles: ['admin'] });
    expect(ok(await as(rep.token, 'mutation { createTeam(name: "Mine") { name } }')).createTeam).toEqual({ name: 'Mine' });
    ok(await set(rep.id, ['member']));
    expect(refusal(await as(rep.token, 'mutation { createTeam(name: "Mine 2") { id } }')).code).toBe('FORBIDDEN');
    expect(refusal(await set(rep.id, ['wizard'])).details).toEqual([{ path: 'roles[0]', message: 'unknown role "wizard"; roles: admin, member' }]);
    expect(refusal(await set(t.actor.userId, ['member']))).toEqual({
      code: 'CONFLICT',
      details: [{ path: 'roles', message: 'the last active admin keeps admin', reason: 'lastAdmin' }],
    });
    // The data API reads the same current roles.
    expect((await gql(server.url, '{ accounts { totalCount } }', {}, rep.token)).errors).toBeUndefined();
  });
});

describe('managerOf', () => {
  it("is the manager of the user's team, or the next manager up when the user manages its own team; null at the top", async () => {
    expect(await managerOf(pool, t.tenant.id, user['rep']!.id)).toBe(user['lead']!.id);
    expect(await managerOf(pool, t.tenant.id, user['other']!.id)).toBe(user['lead']!.id); // Scratch has no manager: East's
    expect(await managerOf(pool, t.tenant.id, user['lead']!.id)).toBe(user['vp']!.id); // lead manages East: Sales' manager
    expect(await managerOf(pool, t.tenant.id, user['vp']!.id)).toBeNull(); // in no team
    expect(await managerOf(pool, t.tenant.id, t.actor.userId)).toBeNull();
  });
});
