/** Sign-in and request authentication. Failures never say whether the tenant, the user or the password was wrong. */
import { unauthenticated, tenantSchemaName, type Actor, type Tenant } from '@funnelcraft/kernel';
import { findTenantBySlug, findUserByEmail, type PlatformDb, type UserRow } from '@funnelcraft/storage';
import { verifyPassword } from './password.js';
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

export async function login(db: PlatformDb, secret: string, input: { tenant: string; email: string; password: string }): Promise<LoginResult> {
  const tenant = /^[a-z][a-z0-9_]{1,29}$/.test(input.tenant) ? await findTenantBySlug(db, input.tenant) : undefined;
  const user = tenant ? await findUserByEmail(db, tenant.id, input.email) : undefined;
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, input.password);
  if (!tenant || !user || !ok) throw unauthenticated('Wrong tenant, email or password');
  const token = signToken({ sub: user.id, tid: tenant.id, ten: tenant.slug, email: user.email, roles: user.roles, cur: tenant.currency }, secret);
  return { token, user, tenant };
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

/** The session a bearer token stands for. */
export function authenticate(authorization: string | undefined, secret: string): Session | null {
  if (!authorization) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!m) throw unauthenticated('Use "Authorization: Bearer <token>"');
  const c = verifyCached(m[1]!, secret);
  return {
    tenant: { id: c.tid, slug: c.ten, schema: tenantSchemaName(c.ten), currency: c.cur },
    actor: { userId: c.sub, email: c.email, roles: c.roles },
  };
}
