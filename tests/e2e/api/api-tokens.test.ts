/**
 * API tokens through real HTTP on the real database (issue 11): an admin makes one (its secret shown once,
 * only its SHA-256 kept), integrations use it as `Authorization: Bearer fc_…` on both endpoints with the
 * roles it is scoped to (a read-only token cannot write nor call admin operations), and a revoked or expired
 * one is refused with UNAUTHENTICATED, on this server and promptly on another (LISTEN/NOTIFY). Non-admins
 * are refused every token and history operation.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer, type GqlResponse } from '../../support/api.js';
import { applyDocs, newTenant, ormOf, PASSWORD_HASH, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

const ROLES_DIR = new URL('../../../schemas/examples/roles/', import.meta.url);
const roleDocs = () =>
  readdirSync(ROLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, ROLES_DIR), 'utf8')) as Record<string, unknown>);

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let admin: string;
let member: string;

const codeOf = (res: GqlResponse) => res.errors?.[0]?.extensions?.code;
const TOKEN = 'id name roles hint createdBy createdAt expiresAt revokedAt revokedBy lastUsedAt';

async function createToken(as: string, roles: string[], extra: { name?: string; expiresAt?: string } = {}) {
  const res = await platformGql(
    server.url,
    `mutation($n: String!, $r: [String!]!, $e: DateTime) { createApiToken(name: $n, roles: $r, expiresAt: $e) { secret token { ${TOKEN} } } }`,
    { n: extra.name ?? `integration ${roles.join('+')}`, r: roles, e: extra.expiresAt ?? null },
    as,
  );
  return ok(res).createApiToken as { secret: string; token: { id: string; roles: string[]; hint: string; expiresAt: string; lastUsedAt: string | null } };
}
const revoke = (id: string, as = admin) => platformGql(server.url, `mutation($id: ID!) { revokeApiToken(id: $id) { ${TOKEN} } }`, { id }, as);
const accounts = (token: string, at = server.url) => gql(at, '{ accounts(first: 10) { totalCount } }', {}, token);
const createAccount = (token: string, name: string) =>
  gql(server.url, 'mutation($in: AccountInput!) { createAccount(input: $in) { id ownerId } }', { in: { name } }, token);

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, [...salesModel(), ...roleDocs()]);
  admin = await login(server.url, t.tenant.slug, t.email);
  const m = await createUser(ormOf(pool), {
    tenantId: t.tenant.id,
    email: `member@${t.tenant.slug}.test`,
    name: 'M',
    passwordHash: PASSWORD_HASH,
    roles: ['member'],
  });
  member = await login(server.url, t.tenant.slug, m.email);
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

describe('an API token', () => {
  it('is made by an admin, shown once, stored as its SHA-256 only, used on both endpoints, then revoked and refused', async () => {
    const { secret, token } = await createToken(admin, ['admin'], { name: 'CRM sync' });
    expect(secret).toMatch(/^fc_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ roles: ['admin'], hint: secret.slice(0, 7), createdBy: t.actor.userId, revokedAt: null, lastUsedAt: null });
    // About 90 days by default.
    expect(Date.parse(token.expiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);

    // The database keeps the hash, and the secret appears nowhere in the row.
    const { rows } = await pool.query<{ row: string; secret_hash: string }>(
      'SELECT row_to_json(k)::text AS row, secret_hash FROM platform.api_tokens k WHERE id = $1',
      [token.id],
    );
    expect(rows[0]!.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(rows[0]!.row).not.toContain(secret.slice(3));

    // The data API: it acts as its creator.
    const created = ok(await createAccount(secret, 'Made by the sync')).createAccount;
    expect(created.ownerId).toBe(t.actor.userId);
    expect(ok(await accounts(secret)).accounts.totalCount).toBeGreaterThanOrEqual(1);
    // The platform API, admin operations included (the token has the admin role).
    expect(ok(await platformGql(server.url, '{ me { id } tenant { slug } }', {}, secret))).toEqual({
      me: { id: t.actor.userId },
      tenant: { slug: t.tenant.slug },
    });
    const listed = ok(await platformGql(server.url, `{ apiTokens { ${TOKEN} } }`, {}, admin)).apiTokens as { id: string; lastUsedAt: string | null }[];
    const mine = listed.find((k) => k.id === token.id)!;
    expect(mine.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(secret.slice(3));

    const revoked = ok(await revoke(token.id)).revokeApiToken;
    expect(revoked).toMatchObject({ id: token.id, revokedBy: t.actor.userId });
    expect(revoked.revokedAt).not.toBeNull();
    const refused = await accounts(secret);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]).toMatchObject({ message: 'This API token has been revoked', extensions: { code: 'UNAUTHENTICATED' } });
    expect(codeOf(await platformGql(server.url, '{ me { id } }', {}, secret))).toBe('UNAUTHENTICATED');
    // Revoking again answers the token as it is; the list hides revoked tokens unless asked.
    expect(ok(await revoke(token.id)).revokeApiToken.revokedAt).toBe(revoked.revokedAt);
    expect((ok(await platformGql(server.url, '{ apiTokens { id } }', {}, admin)).apiTokens as { id: string }[]).map((k) => k.id)).not.toContain(token.id);
    expect(
      (ok(await platformGql(server.url, '{ apiTokens(includeRevoked: true) { id } }', {}, admin)).apiTokens as { id: string }[]).map((k) => k.id),
    ).toContain(token.id);
  });

  it('is refused on another server promptly once revoked (the revoke is announced on LISTEN/NOTIFY)', async () => {
    const other = await startTestServer();
    try {
      const { secret, token } = await createToken(admin, ['readOnly']);
      // Cached on the other server by this use.
      expect(ok(await accounts(secret, other.url)).accounts.totalCount).toBeGreaterThanOrEqual(0);
      ok(await revoke(token.id));
      await vi.waitFor(async () => expect((await accounts(secret, other.url)).status).toBe(401), { timeout: 10_000, interval: 20 });
    } finally {
      await other.close();
    }
  });

  it('is refused once expired: before its first use and while cached', async () => {
    const before = await createToken(admin, ['readOnly']);
    await pool.query(`UPDATE platform.api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [before.token.id]);
    const refused = await accounts(before.secret);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]).toMatchObject({ message: 'This API token has expired', extensions: { code: 'UNAUTHENTICATED' } });

    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const cached = await createToken(admin, ['readOnly'], { expiresAt });
    expect(cached.token.expiresAt.slice(0, 19)).toBe(expiresAt.slice(0, 19));
    expect((await accounts(cached.secret)).status).toBe(200);
    // The server's clock passes the expiry (the server runs in this process); its cache holds the token.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(expiresAt) + 1000 });
    try {
      expect(codeOf(await accounts(cached.secret))).toBe('UNAUTHENTICATED');
    } finally {
      vi.useRealTimers();
    }
    expect((await accounts(cached.secret)).status).toBe(200);
  });

  it('has only its roles: a read-only token reads, but neither writes nor calls admin operations', async () => {
    const { secret } = await createToken(admin, ['readOnly']);
    expect(ok(await accounts(secret)).accounts.totalCount).toBeGreaterThanOrEqual(1);
    const write = await createAccount(secret, 'Not allowed');
    expect(codeOf(write)).toBe('FORBIDDEN');
    for (const op of ['{ apiTokens { id } }', '{ loginHistory { nodes { id } } }', 'mutation { createApiToken(name: "x", roles: ["admin"]) { secret } }']) {
      expect(codeOf(await platformGql(server.url, op, {}, secret)), op).toBe('FORBIDDEN');
    }
  });

  it('is refused once its creator may no longer grant its roles, or is deactivated', async () => {
    const second = await createUser(ormOf(pool), {
      tenantId: t.tenant.id,
      email: `second@${t.tenant.slug}.test`,
      name: 'Second admin',
      passwordHash: PASSWORD_HASH,
      roles: ['admin'],
    });
    const secondToken = await login(server.url, t.tenant.slug, second.email);
    const { secret } = await createToken(secondToken, ['admin']);
    expect((await accounts(secret)).status).toBe(200);
    ok(await platformGql(server.url, 'mutation($u: ID!) { setUserRoles(userId: $u, roles: ["readOnly"]) { id } }', { u: second.id }, admin));
    const refused = await accounts(secret);
    expect(refused.errors?.[0]).toMatchObject({ message: "This API token's creator may no longer grant its roles", extensions: { code: 'UNAUTHENTICATED' } });
    // A role the creator holds is still grantable.
    ok(await platformGql(server.url, 'mutation($u: ID!) { setUserRoles(userId: $u, roles: ["admin"]) { id } }', { u: second.id }, admin));
    expect((await accounts(secret)).status).toBe(200);
    // Deactivated (written as the users service will, announced on the access channel).
    await pool.query('UPDATE platform.users SET deactivated_at = now() WHERE id = $1', [second.id]);
    await pool.query(`SELECT pg_notify('funnelcraft_access', $1)`, [t.tenant.id]);
    await vi.waitFor(async () => expect((await accounts(secret)).errors?.[0]?.message).toBe("This API token's creator has been deactivated"), {
      timeout: 10_000,
      interval: 20,
    });
  });

  it('answers coded errors for bad input, unknown ids and malformed secrets', async () => {
    const make = (vars: Record<string, unknown>) =>
      platformGql(
        server.url,
        'mutation($n: String!, $r: [String!]!, $e: DateTime) { createApiToken(name: $n, roles: $r, expiresAt: $e) { secret } }',
        vars,
        admin,
      );
    const empty = await make({ n: ' ', r: [] });
    expect(codeOf(empty)).toBe('VALIDATION_FAILED');
    expect(empty.errors?.[0]?.extensions.details?.map((d) => d.path)).toEqual(['name', 'roles']);
    expect((await make({ n: 'x', r: ['nope'] })).errors?.[0]?.extensions.details?.map((d) => d.path)).toEqual(['roles[0]']);
    expect((await make({ n: 'x', r: ['readOnly'], e: '2020-01-01T00:00:00Z' })).errors?.[0]?.extensions.details).toEqual([
      { path: 'expiresAt', message: 'must be in the future' },
    ]);
    expect((await make({ n: 'x', r: ['readOnly'], e: '2099-01-01T00:00:00Z' })).errors?.[0]?.extensions.details?.[0]?.path).toBe('expiresAt');
    expect(codeOf(await revoke('00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
    expect(codeOf(await revoke('not-an-id'))).toBe('BAD_USER_INPUT');

    // Another tenant's token is not found here, and its secret reaches only its own tenant.
    const t2 = await newTenant(pool);
    const admin2 = await login(server.url, t2.tenant.slug, t2.email);
    const theirs = await createToken(admin2, ['admin']);
    expect(codeOf(await revoke(theirs.token.id))).toBe('NOT_FOUND');
    expect(ok(await platformGql(server.url, '{ tenant { slug } }', {}, theirs.secret)).tenant.slug).toBe(t2.tenant.slug);

    for (const bad of ['fc_short', `fc_${'A'.repeat(43)}`]) {
      const res = await accounts(bad);
      expect(res.status).toBe(401);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses non-admins every token and history operation', async () => {
    const { token } = await createToken(admin, ['readOnly']);
    for (const [op, vars] of [
      ['{ apiTokens { id } }', {}],
      ['{ loginHistory { nodes { id } } }', {}],
      ['mutation { createApiToken(name: "mine", roles: ["member"]) { secret } }', {}],
      ['mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: token.id }],
    ] as const) {
      const res = await platformGql(server.url, op, vars, member);
      expect(codeOf(res), op).toBe('FORBIDDEN');
      expect(res.errors?.[0]?.message).toMatch(/^Only admin users may call/);
    }
  });
});
