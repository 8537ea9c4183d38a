/**
 * Adding users in bulk through the platform API on the real database: a CSV (or a list) of names, emails,
 * teams and roles is checked as a whole (every bad row and column listed, nothing created), then every user is
 * written in one transaction with a one-time invite link shown once, and without a password until it is taken.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer, type GqlResponse } from '../../support/api.js';
import { newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let admin: string;
let member: string;
let teams: { id: string; name: string }[];

const as = (token: string, query: string, variables: Record<string, unknown> = {}) => platformGql(server.url, query, variables, token);
const refusal = (res: GqlResponse) => ({ code: res.errors?.[0]?.extensions?.['code'], details: res.errors?.[0]?.extensions?.['details'] });
const IMPORT = `mutation($csv: String, $users: [UserImportRow!]) {
  importUsers(csv: $csv, users: $users) { secret expiresAt user { id email name teamId roles inviteExpiresAt deactivatedAt } } }`;
const importCsv = (csv: string, token = admin) => as(token, IMPORT, { csv });
const userCount = async () =>
  Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM platform.users WHERE tenant_id = $1', [t.tenant.id])).rows[0]!.n);

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  admin = await login(server.url, t.tenant.slug, t.email);
  const rep = await createUser(ormOf(pool), {
    tenantId: t.tenant.id,
    email: `rep@${t.tenant.slug}.test`,
    name: 'Rep',
    passwordHash: PASSWORD_HASH,
    roles: ['member'],
  });
  member = await login(server.url, t.tenant.slug, rep.email);
  const inside = ok(await as(admin, 'mutation { createTeam(name: "Inside sales") { id name } }')).createTeam;
  const field = ok(await as(admin, 'mutation { createTeam(name: "Field") { id name } }')).createTeam;
  teams = [inside, field];
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

describe('importUsers', () => {
  it('adds the users of a CSV with their teams (by name or id) and roles, each with a one-time link and no password', async () => {
    const csv = [
      'name,email,team,roles',
      'Ana Silva,ana@import.test,inside sales,admin',
      `"Li, Ming",li@import.test,${teams[1]!.id},`,
      'Bo,bo@import.test,,"member;admin"',
    ].join('\r\n');
    const made = ok(await importCsv(csv)).importUsers;
    expect(made.map((m: { user: unknown }) => m.user)).toEqual([
      {
        id: expect.any(String),
        email: 'ana@import.test',
        name: 'Ana Silva',
        teamId: teams[0]!.id,
        roles: ['admin'],
        inviteExpiresAt: made[0].expiresAt,
        deactivatedAt: null,
      },
      {
        id: expect.any(String),
        email: 'li@import.test',
        name: 'Li, Ming',
        teamId: teams[1]!.id,
        roles: ['member'],
        inviteExpiresAt: made[1].expiresAt,
        deactivatedAt: null,
      },
      {
        id: expect.any(String),
        email: 'bo@import.test',
        name: 'Bo',
        teamId: null,
        roles: ['member', 'admin'],
        inviteExpiresAt: made[2].expiresAt,
        deactivatedAt: null,
      },
    ]);
    for (const m of made) expect(m.secret).toMatch(/^fci_[A-Za-z0-9_-]{43}$/);
    // Only the secrets' hashes are kept, and no password: signing in fails until the link is taken.
    const { rows } = await pool.query<{ id: string; invite_hash: string; password_hash: string }>(
      'SELECT id, invite_hash, password_hash FROM platform.users WHERE id = ANY($1::uuid[])',
      [made.map((m: { user: { id: string } }) => m.user.id)],
    );
    for (const m of made) {
      const row = rows.find((r) => r.id === m.user.id)!;
      expect(row.invite_hash).toBe(createHash('sha256').update(m.secret).digest('hex'));
      expect(row.password_hash).not.toMatch(/^\$argon2/);
    }
    const noPassword = await gql(server.url, 'mutation { login(tenant: "' + t.tenant.slug + '", email: "ana@import.test", password: "!none") { token } }');
    expect(noPassword.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');

    const taken = ok(
      await platformGql(server.url, 'mutation($s: String!) { acceptInvite(secret: $s, password: "ana-password-1") { user { id } } }', { s: made[0].secret }),
    ).acceptInvite;
    expect(taken.user.id).toBe(made[0].user.id);
    const ana = await login(server.url, t.tenant.slug, 'ana@import.test', 'ana-password-1');
    expect(ok(await as(ana, '{ me { email roles teamId } }')).me).toEqual({ email: 'ana@import.test', roles: ['admin'], teamId: teams[0]!.id });
  });

  it('refuses a file with any bad row, listing each row and column, and creates nobody', async () => {
    const before = await userCount();
    const csv = [
      'email,name,team,roles',
      'ok@import.test,Fine,Field,member',
      'not-an-email,No Mail,,',
      'twice@import.test,Once,,',
      'TWICE@import.test,Twice,,',
      'ana@import.test,Taken,,',
      'new@import.test,,Nowhere,boss',
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.errors?.[0]?.message).toBe('6 problem(s) in 6 user(s); nothing was created');
    expect(refusal(res)).toEqual({
      code: 'VALIDATION_FAILED',
      details: [
        { path: 'users[1].email', row: 3, column: 'email', message: 'an email address such as ana@example.com', reason: 'format' },
        { path: 'users[3].email', row: 5, column: 'email', message: 'the same email as row 4', reason: 'duplicate' },
        { path: 'users[4].email', row: 6, column: 'email', message: 'already a user of this workspace', reason: 'taken' },
        { path: 'users[5].name', row: 7, column: 'name', message: 'between 1 and 120 characters', reason: 'length' },
        { path: 'users[5].team', row: 7, column: 'team', message: 'no team "Nowhere" in this workspace (by name or id)', reason: 'unknown' },
        { path: 'users[5].roles', row: 7, column: 'roles', message: 'unknown role(s) "boss"; roles: admin, member', reason: 'unknown' },
      ],
    });
    expect(await userCount()).toBe(before);
    expect(refusal(await importCsv('name,mail\nX,x@import.test'))).toEqual({
      code: 'VALIDATION_FAILED',
      details: [
        { path: 'csv', row: 1, column: 'mail', message: 'unknown column; columns: name, email, team, roles', reason: 'unknown' },
        { path: 'csv', row: 1, column: 'email', message: 'this column is required', reason: 'missing' },
      ],
    });
  });

  it('takes a list too, with paths by position; exactly one of csv and users', async () => {
    const made = ok(
      await as(admin, IMPORT, {
        users: [
          { name: 'Cy', email: 'cy@import.test', team: 'FIELD', roles: ['member'] },
          { name: 'Di', email: 'di@import.test' },
        ],
      }),
    ).importUsers;
    expect(made.map((m: { user: { email: string; teamId: string | null } }) => [m.user.email, m.user.teamId])).toEqual([
      ['cy@import.test', teams[1]!.id],
      ['di@import.test', null],
    ]);
    expect(refusal(await as(admin, IMPORT, { users: [{ name: 'E', email: 'cy@import.test' }] })).details).toEqual([
      { path: 'users[0].email', row: 1, column: 'email', message: 'already a user of this workspace', reason: 'taken' },
    ]);
    expect(refusal(await as(admin, IMPORT, { csv: 'name,email\n', users: [] })).code).toBe('BAD_USER_INPUT');
    expect(refusal(await as(admin, IMPORT, {})).code).toBe('BAD_USER_INPUT');
  });

  it('adds 500 users in one call, all in one transaction', async () => {
    const before = await userCount();
    const csv = ['name,email,team', ...Array.from({ length: 500 }, (_, i) => `User ${i},user${i}@bulk.test,${i % 2 ? 'Field' : 'Inside sales'}`)].join('\n');
    const made = ok(await importCsv(csv)).importUsers;
    expect(made).toHaveLength(500);
    expect(new Set(made.map((m: { secret: string }) => m.secret)).size).toBe(500);
    expect(made[499].user).toMatchObject({ email: 'user499@bulk.test', teamId: teams[1]!.id });
    expect(await userCount()).toBe(before + 500);
    // The users list has them at once.
    expect(ok(await as(admin, '{ users { email teamId } }')).users).toContainEqual({ email: 'user0@bulk.test', teamId: teams[0]!.id });
  });

  it('is for admins only', async () => {
    const before = await userCount();
    expect(refusal(await importCsv('name,email\nZed,zed@import.test', member)).code).toBe('FORBIDDEN');
    expect(await userCount()).toBe(before);
  });
});
