/** Sign-in and request authentication. Failures never say whether the tenant, the user or the password was wrong. */
import { unauthenticated, tenantSchemaName, type Actor, type Tenant } from '@funnelcraft/kernel';
import { findTenantBySlug, findUserByEmail, type PlatformDb, type UserRow } from '@funnelcraft/storage';
import { hasPassword, verifyPassword } from './password.js';
import { signToken, verifyToken, type TokenClaims } from './token.js';

export interface Session {
  tenant: Tenant;
  actor: Actor;
}

export interface LoginResult {
  token: string;
  user: UserRow;
  tenant: Tenant;
}

// Verified against when the user does not exist, so a missing user costs as long as a wrong password.
const DUMMY_HASH = '$argon2id$v=19$m=65536,t=3,p=4$yDPqpNF/q5FZFZQT44so7w$bTDgE64/SeP/g7Nk7RS5Zb4tkRLb4UuDrmGczOMVpVw';

export const WRONG_LOGIN = 'Wrong tenant, email or password';

/** What a password check found: the tenant and user when they exist (for the login history), and whether it passed. */
export interface PasswordCheck {
  tenant?: Tenant;
  user?: UserRow;
  ok: boolean;
}

/** Checks an email and password against a tenant's users; costs the same whether or not the user exists. */
export async function checkPassword(db: PlatformDb, input: { tenant: string; email: string; password: string }): Promise<PasswordCheck> {
  const tenant = /^[a-z][a-z0-9_]{1,29}$/.test(input.tenant) ? await findTenantBySlug(db, input.tenant) : undefined;
  const user = tenant ? await findUserByEmail(db, tenant.id, input.email) : undefined;
  const hash = user?.passwordHash;
  const ok = await verifyPassword(hasPassword(hash) ? hash : DUMMY_HASH, input.password);
  return { tenant, user, ok: Boolean(tenant && user && hasPassword(hash) && ok) };
}

/** The signed token of a user who passed the check. */
export function issueLogin(check: PasswordCheck, secret: string): LoginResult {
  const { tenant, user } = check;
  if (!check.ok || !tenant || !user) throw unauthenticated(WRONG_LOGIN);
  const token = signToken({ sub: user.id, tid: tenant.id, ten: tenant.slug, email: user.email, roles: user.roles, cur: tenant.currency }, secret);
  return { token, user, tenant };
}

export async function login(db: PlatformDb, secret: string, input: { tenant: string; email: string; password: string }): Promise<LoginResult> {
  return issueLogin(await checkPassword(db, input), secret);
}

/** The credential of an `Authorization: Bearer <credential>` header; null without a header. */
export function bearerCredential(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!m) throw unauthenticated('Use "Authorization: Bearer <token>"');
  return m[1]!;
}

// Verified tokens, so a client's repeated requests skip the HMAC; bounded, and checked for expiry on use.
const verified = new Map<string, TokenClaims>();
const VERIFIED_MAX = 10_000;

function verifyCached(token: string, secret: string): TokenClaims {
  const cached = verified.get(`${secret}|${token}`);
  if (cached && cached.exp * 1000 > Date.now()) return cached;
  const claims = verifyToken(token, secret);
  if (verified.size >= VERIFIED_MAX) verified.clear();
  verified.set(`${secret}|${token}`, claims);
  return claims;
}

/** The session a bearer token (a signed JWT) stands for. */
export function authenticate(authorization: string | undefined, secret: string): Session | null {
  const credential = bearerCredential(authorization);
  return credential === null ? null : sessionOfJwt(credential, secret);
}

/** The session of a signed JWT (not an API token: those are looked up by the server). */
export function sessionOfJwt(token: string, secret: string): Session {
  const c = verifyCached(token, secret);
  return {
    tenant: { id: c.tid, slug: c.ten, schema: tenantSchemaName(c.ten), currency: c.cur },
    actor: { userId: c.sub, email: c.email, roles: c.roles },
  };
}
