/**
 * Signed access tokens: compact JWTs (HS256) carrying the user and the tenant. The tenant of every request
 * comes from here and nowhere else, so a token can only ever reach its own tenant.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { unauthenticated } from '@funnelcraft/kernel';

export interface TokenClaims {
  /** user id */
  sub: string;
  /** tenant id */
  tid: string;
  /** tenant slug */
  ten: string;
  email: string;
  roles: string[];
  /** tenant reporting currency */
  cur: string;
  iat: number;
  exp: number;
}

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64url');
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const sign = (input: string, secret: string) => createHmac('sha256', secret).update(input).digest();

export function signToken(claims: Omit<TokenClaims, 'iat' | 'exp'>, secret: string, ttlSeconds = 12 * 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const body = b64(JSON.stringify({ ...claims, iat: now, exp: now + ttlSeconds }));
  const input = `${HEADER}.${body}`;
  return `${input}.${b64(sign(input, secret))}`;
}

export function verifyToken(token: string, secret: string): TokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) throw unauthenticated('Malformed token');
  const expected = sign(`${parts[0]}.${parts[1]}`, secret);
  const given = Buffer.from(parts[2]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthenticated('Invalid token signature');
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    throw unauthenticated('Malformed token');
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) throw unauthenticated('Token expired; sign in again');
  return claims;
}
