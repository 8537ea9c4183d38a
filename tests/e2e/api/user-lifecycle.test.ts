/**
 * Deactivation and invite links through the platform API on the real database: a deactivated user's token is
 * refused on its next request and it can no longer sign in; the last active admin cannot be deactivated; an
 * invite link (shown once, stored hashed) sets the password and signs in once, and is dropped with a
 * deactivation; members are FORBIDDEN. Every refusal is coded, with a path and a reason.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { login, ok, platformGql, startTestServer, type GqlResponse } from '../../support/api.js';
import { newTenant, ormOf, PASSWORD, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let admin: string;
const user: Record<string, { id: string; email: string; token: string }> = {};

const as = (token: string | undefined, query: string, variables: Record<string, unknown> = {}) => platformGql(server.url, query, variables, token);
const refusal = (res: GqlResponse) => ({ code: res.errors?.[0]?.extensions?.['code'], details: res.errors?.[0]?.extensions?.['details'] });
const invite = (token: string, userId: string) =>
  as(token, 'mutation($u: ID!) { inviteUser(userId: $u) { secret expiresAt user { id inviteExpiresAt } } }', { u: userId });
const accept = (secret: string, password: string) =>
  as(undefined, 'mutation($s: String!, $p: String!) { acceptInvite(secret: $s, password: $p) { token user { id email } tenant { slug } } }', {
    s: secret,
    p: password,
  });
const setActive = (userId: string, active: boolean) =>
  as(admin, `mutation($u: ID!) { ${active ? 'reactivateUser' : 'deactivateUser'}(userId: $u) { id deactivatedAt inviteExpiresAt } }`, { u: userId });
const inviteHash = async (userId: string) =>
  (await pool.query<{ invite_hash: string | null }>('SELECT invite_hash FROM platform.users WHERE id = $1', [userId])).rows[0]!.invite_hash;

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  admin = await login(server.url, t.tenant.slug, t.email);
  for (const name of ['rep', 'newbie', 'leaver']) {
    const u = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `${name}@${t.tenant.slug}.test`,
      name,
      passwordHash: PASSWORD_HASH,
      roles: ['member'],
    });
    user[name] = { id: u.id, email: u.email, token: await login(server.url, t.tenant.slug, u.email) };
  }
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

describe('deactivation', () => {
  it("refuses a deactivated user's token from the next request on, keeps it listed, and lets it back in when reactivated", async () => {
    const leaver = user['leaver']!;
    expect(refusal(await as(leaver.token, '{ me { id } }')).code).toBeUndefined();
    const off = ok(await setActive(leaver.id, false)).deactivateUser;
    expect(off.deactivatedAt).toEqual(expect.any(String));
    expect(refusal(await as(leaver.token, '{ me { id } }')).code).toBe('UNAUTHENTICATED');
    const { users } = ok(await as(admin, '{ users { id deactivatedAt } }'));
    expect(users.find((u: { id: string }) => u.id === leaver.id)).toEqual({ id: leaver.id, deactivatedAt: off.deactivatedAt });
    // Deactivating twice changes nothing.
    expect(ok(await setActive(leaver.id, false)).deactivateUser.deactivatedAt).toBe(off.deactivatedAt);
    expect(ok(await setActive(leaver.id, true)).reactivateUser.deactivatedAt).toBeNull();
    expect(refusal(await as(leaver.token, '{ me { id } }')).code).toBeUndefined();
  });

  it('keeps the last active admin: CONFLICT with reason lastAdmin', async () => {
    expect(refusal(await setActive(t.actor.userId, false))).toEqual({
      code: 'CONFLICT',
      details: [{ path: 'userId', message: 'the last active admin keeps admin', reason: 'lastAdmin' }],
    });
    expect(ok(await as(admin, '{ me { deactivatedAt } }')).me).toEqual({ deactivatedAt: null });
  });

  it('is for admins only, and refuses unknown users', async () => {
    expect(refusal(await as(user['rep']!.token, `mutation { deactivateUser(userId: "${user['leaver']!.id}") { id } }`)).code).toBe('FORBIDDEN');
    expect(refusal(await setActive('00000000-0000-4000-8000-000000000000', false)).code).toBe('NOT_FOUND');
  });
});

describe('invite links', () => {
  it('are shown once and stored hashed; accepting one sets the password and signs in, once', async () => {
    const newbie = user['newbie']!;
    const made = ok(await invite(admin, newbie.id)).inviteUser;
    expect(made.secret).toMatch(/^fci_[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(made.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(made.user).toEqual({ id: newbie.id, inviteExpiresAt: made.expiresAt });
    expect(await inviteHash(newbie.id)).toBe(createHash('sha256').update(made.secret).digest('hex'));
    expect(ok(await as(admin, '{ users { id inviteExpiresAt } }')).users).toContainEqual({ id: newbie.id, inviteExpiresAt: made.expiresAt });

    expect(refusal(await accept(made.secret, 'short'))).toEqual({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'password', message: 'between 10 and 200 characters', reason: 'length' }],
    });
    const taken = ok(await accept(made.secret, 'a-new-password-1')).acceptInvite;
    expect(taken.user).toEqual({ id: newbie.id, email: newbie.email });
    expect(taken.tenant).toEqual({ slug: t.tenant.slug });
    expect(ok(await as(taken.token, '{ me { id } }')).me).toEqual({ id: newbie.id });
    await login(server.url, t.tenant.slug, newbie.email, 'a-new-password-1');
    expect(await inviteHash(newbie.id)).toBeNull();

    const again = { code: 'NOT_FOUND', details: [{ path: 'secret', message: 'no open invite', reason: 'inviteInvalid' }] };
    expect(refusal(await accept(made.secret, 'another-password-2'))).toEqual(again);
    expect(refusal(await accept('fci_guessed', 'another-password-2'))).toEqual(again);
    expect(refusal(await accept('not even the shape', 'another-password-2'))).toEqual(again);
  });

  it('a new link replaces the pending one; deactivation drops it; a deactivated user cannot be invited', async () => {
    const leaver = user['leaver']!;
    const first = ok(await invite(admin, leaver.id)).inviteUser.secret;
    const second = ok(await invite(admin, leaver.id)).inviteUser.secret;
    expect(refusal(await accept(first, 'password-one-1')).code).toBe('NOT_FOUND');
    expect(ok(await setActive(leaver.id, false)).deactivateUser.inviteExpiresAt).toBeNull();
    expect(await inviteHash(leaver.id)).toBeNull();
    expect(refusal(await accept(second, 'password-two-2')).code).toBe('NOT_FOUND');
    expect(refusal(await invite(admin, leaver.id))).toEqual({
      code: 'CONFLICT',
      details: [{ path: 'userId', message: 'this user is deactivated', reason: 'deactivated' }],
    });
    ok(await setActive(leaver.id, true));
    await login(server.url, t.tenant.slug, leaver.email, PASSWORD); // the old password still works
  });

  it('are made by admins only', async () => {
    expect(refusal(await invite(user['rep']!.token, user['rep']!.id)).code).toBe('FORBIDDEN');
  });
});
