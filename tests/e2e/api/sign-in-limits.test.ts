/**
 * Rate limits, the login throttle and the login history through real HTTP (issue 11). Over a limit a request
 * gets HTTP 429 with Retry-After and RATE_LIMITED, per token or user and per address; repeated failed logins
 * of an account or from an address are refused the same way, the same whether or not the email exists; every
 * sign-in is listed in `loginHistory` (filtered, paged) for admins. Addresses come from X-Forwarded-For
 * (TRUST_PROXY), each test its own, since every test file talks from 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { login, ok, platformGql, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, PASSWORD, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

/** Rate limits on (PER_PRINCIPAL, PER_IP); `server` has none, so the admin's own calls are never held. */
let limited: RunningServer;
let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let admin: string;

const PER_PRINCIPAL = 5;
const PER_IP = 8;
const MAX_FAILURES = 3;
const MAX_FAILURES_PER_IP = 6;

const newIp = () => `203.0.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

/** A GraphQL POST from `ip` with a user agent, answering the status, Retry-After and body. */
async function post(path: string, query: string, variables: Record<string, unknown>, opts: { token?: string; ip: string; agent?: string; at?: RunningServer }) {
  const res = await fetch(`${(opts.at ?? server).url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `10.9.9.9, ${opts.ip}`,
      'user-agent': opts.agent ?? 'limits-test/1.0',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: { message: string; extensions: { code: string; details?: { retryAfter?: number }[] } }[] };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body, code: body.errors?.[0]?.extensions.code };
}
const LOGIN = 'mutation($t: String!, $e: String!, $p: String!) { login(tenant: $t, email: $e, password: $p) { token } }';
const tryLogin = (email: string, password: string, ip: string, path = '/graphql/platform') =>
  post(path, LOGIN, { t: t.tenant.slug, e: email, p: password }, { ip, agent: 'login-test/2.0' });

beforeAll(async () => {
  pool = await testPool();
  const loginThrottle = { maxFailures: MAX_FAILURES, maxFailuresPerIp: MAX_FAILURES_PER_IP, windowSeconds: 900 };
  server = await startTestServer({ trustProxy: true, loginThrottle });
  limited = await startTestServer({ trustProxy: true, loginThrottle, rateLimits: { perPrincipal: PER_PRINCIPAL, perIp: PER_IP } });
  t = await newTenant(pool);
  await applyDocs(pool, t, salesModel());
  admin = await login(server.url, t.tenant.slug, t.email);
});
afterAll(async () => {
  await limited.close();
  await server.close();
  await pool.end();
});

describe('rate limits', () => {
  it('answer 429 with Retry-After and RATE_LIMITED past the limit per token, on both endpoints, per key', async () => {
    const created = ok(await platformGql(server.url, 'mutation { createApiToken(name: "burst", roles: ["admin"]) { secret } }', {}, admin)).createApiToken;
    for (const [path, query] of [
      ['/graphql', '{ accounts(first: 1) { totalCount } }'],
      ['/graphql/platform', '{ me { id } }'],
    ] as const) {
      // A fresh token per endpoint: each has its own window.
      const secret =
        path === '/graphql'
          ? (created.secret as string)
          : ok(await platformGql(server.url, 'mutation { createApiToken(name: "burst 2", roles: ["admin"]) { secret } }', {}, admin)).createApiToken.secret;
      for (let i = 0; i < PER_PRINCIPAL; i++)
        expect((await post(path, query, {}, { token: secret, ip: newIp(), at: limited })).status, `${path} #${i + 1}`).toBe(200);
      const over = await post(path, query, {}, { token: secret, ip: newIp(), at: limited });
      expect(over.status).toBe(429);
      expect(Number(over.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(over.retryAfter)).toBeLessThanOrEqual(60);
      expect(over.code).toBe('RATE_LIMITED');
      expect(over.body.errors?.[0]?.extensions.details?.[0]).toMatchObject({
        limit: 'RATE_LIMIT_PER_MINUTE',
        max: PER_PRINCIPAL,
        retryAfter: Number(over.retryAfter),
      });
    }
    // Another principal (the admin's own session) is not held by the token's window.
    expect((await post('/graphql', '{ accounts(first: 1) { totalCount } }', {}, { token: admin, ip: newIp(), at: limited })).status).toBe(200);
  });

  it('hold an address past its limit, signed in or not; another address is served', async () => {
    const ip = newIp();
    for (let i = 0; i < PER_IP; i++) expect((await post('/graphql/platform', '{ __typename }', {}, { ip, at: limited })).status).toBe(200);
    const over = await post('/graphql', '{ __typename }', {}, { ip, token: admin, at: limited });
    expect(over.status).toBe(429);
    expect(over.code).toBe('RATE_LIMITED');
    expect(over.body.errors?.[0]?.extensions.details?.[0]).toMatchObject({ limit: 'RATE_LIMIT_IP_PER_MINUTE', max: PER_IP });
    expect(Number(over.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await post('/graphql', '{ __typename }', {}, { ip: newIp(), at: limited })).status).toBe(200);
  });
});

describe('the login throttle', () => {
  it('refuses an account after repeated failures, even with the right password, the same whether or not the email exists', async () => {
    const ip = () => newIp();
    const known = t.email;
    const unknown = `nobody-${randomBytes(3).toString('hex')}@${t.tenant.slug}.test`;
    const answers: Record<string, { status: number; message?: string; code?: string }[]> = { known: [], unknown: [] };
    for (const [who, email] of [
      ['known', known],
      ['unknown', unknown],
    ] as const) {
      for (let i = 0; i < MAX_FAILURES; i++) {
        const res = await tryLogin(email, 'wrong password', ip());
        answers[who]!.push({ status: res.status, message: res.body.errors?.[0]?.message, code: res.code });
      }
      const held = await tryLogin(email, PASSWORD, ip());
      expect(held.status).toBe(429);
      expect(held.code).toBe('RATE_LIMITED');
      const wait = Number(held.retryAfter);
      expect(wait).toBeGreaterThan(800);
      expect(wait).toBeLessThanOrEqual(900);
      expect(held.body.errors?.[0]?.message).toBe(`Too many failed sign-ins; try again in ${wait} seconds`);
      answers[who]!.push({ status: held.status, code: held.code });
    }
    // The same answers for an existing and a missing account.
    expect(answers['known']).toEqual(answers['unknown']);
    expect(answers['known']![0]).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Wrong tenant, email or password' });
    // The data API's login is the same one.
    const viaData = await tryLogin(known, PASSWORD, ip(), '/graphql');
    expect([viaData.status, viaData.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(viaData.retryAfter)).toBeGreaterThan(0);
  });

  it('is reset by a success, and holds one address trying many accounts', async () => {
    const ip = newIp();
    // Below the account limit, then a success: the account's count starts again.
    const other = await newTenant(pool);
    const attempt = (email: string, password: string) =>
      post('/graphql/platform', LOGIN, { t: other.tenant.slug, e: email, p: password }, { ip, agent: 'spray/1.0' });
    for (let i = 0; i < MAX_FAILURES - 1; i++) expect((await attempt(other.email, 'nope')).code).toBe('UNAUTHENTICATED');
    expect((await attempt(other.email, PASSWORD)).status).toBe(200);
    expect((await attempt(other.email, 'nope')).code).toBe('UNAUTHENTICATED');
    // Failures of different accounts from this address add up to the per-address limit (6 in all).
    for (let i = 0; i < MAX_FAILURES_PER_IP - MAX_FAILURES; i++) expect((await attempt(`spray${i}@x.test`, 'nope')).code).toBe('UNAUTHENTICATED');
    const held = await attempt(`fresh@x.test`, 'nope');
    expect([held.status, held.code]).toEqual([429, 'RATE_LIMITED']);
    // Elsewhere the account signs in.
    const elsewhere = await post('/graphql/platform', LOGIN, { t: other.tenant.slug, e: other.email, p: PASSWORD }, { ip: newIp() });
    expect(elsewhere.status).toBe(200);
  });
});

describe('the login history', () => {
  it('lists sign-ins (password and token, success, failure, throttled) with address and user agent, filtered and paged', async () => {
    const history = (variables: Record<string, unknown>) =>
      platformGql(
        server.url,
        `query($f: LoginHistoryFilter, $n: Int, $a: String) { loginHistory(filter: $f, first: $n, after: $a) {
           nodes { id at method outcome userId tokenId email ip userAgent reason } endCursor hasNextPage } }`,
        variables,
        admin,
      );
    const mine = ok(await history({ f: { email: t.email.toUpperCase() }, n: 200 })).loginHistory;
    const outcomes = (mine.nodes as { outcome: string }[]).map((n) => n.outcome);
    expect(outcomes.filter((o) => o === 'THROTTLED').length).toBeGreaterThanOrEqual(2);
    expect(outcomes.filter((o) => o === 'FAILURE').length).toBe(MAX_FAILURES);
    expect(outcomes).toContain('SUCCESS');
    const failure = (mine.nodes as Record<string, unknown>[]).find((n) => n['outcome'] === 'FAILURE')!;
    expect(failure).toMatchObject({ method: 'PASSWORD', userId: t.actor.userId, email: t.email, userAgent: 'login-test/2.0', reason: 'wrong password' });
    expect(failure['ip']).toMatch(/^203\.0\./);
    // Unknown emails in this tenant are listed too (with no user).
    const unknown = ok(await history({ f: { outcome: 'FAILURE', method: 'PASSWORD' }, n: 200 })).loginHistory.nodes as Record<string, unknown>[];
    expect(unknown.some((n) => n['reason'] === 'unknown email' && n['userId'] === null)).toBe(true);
    // Token use: recorded as a TOKEN sign-in with the token id.
    const tokens = ok(await history({ f: { method: 'TOKEN' }, n: 200 })).loginHistory.nodes as Record<string, unknown>[];
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(tokens[0]).toMatchObject({ method: 'TOKEN', outcome: 'SUCCESS', userId: t.actor.userId, userAgent: 'limits-test/1.0' });
    expect(tokens[0]!['tokenId']).toEqual(expect.any(String));
    // Another tenant's sign-ins are not listed here.
    const all = ok(await history({ n: 200 })).loginHistory.nodes as { email: string | null }[];
    expect(all.every((n) => n.email === null || n.email.endsWith(`@${t.tenant.slug}.test`))).toBe(true);

    // Pages of 2, newest first, without overlap, until the end.
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { nodes: { id: string; at: string }[]; endCursor: string | null; hasNextPage: boolean } = ok(
        await history({ f: { email: t.email }, n: 2, a: after }),
      ).loginHistory;
      seen.push(...page.nodes.map((n) => n.id));
      if (!page.hasNextPage) break;
      expect(page.nodes).toHaveLength(2);
      after = page.endCursor;
    }
    expect(seen).toEqual((mine.nodes as { id: string }[]).map((n) => n.id));
    const ats = (mine.nodes as { at: string }[]).map((n) => n.at);
    expect([...ats].sort().reverse()).toEqual(ats);

    const bad = await history({ a: 'not-a-cursor' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: [{ path: 'after' }] });
    expect((await history({ n: 0 })).errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});
