import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@funnelcraft/kernel';
import { signToken, verifyToken } from './token.js';

const SECRET = 'test-secret-0123456789';
const CLAIMS = { sub: 'user-1', tid: 'tenant-1', ten: 'acme', email: 'ada@acme.test', roles: ['sales'], cur: 'USD' };

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
/** Signs arbitrary header and body text the way the server does, to reach checks past the signature. */
const forge = (header: string, body: string, secret = SECRET) => {
  const input = `${b64(header)}.${b64(body)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};
const HEADER = JSON.stringify({ alg: 'HS256', typ: 'JWT' });

function refusal(token: string, secret = SECRET): DomainError {
  try {
    verifyToken(token, secret);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected the token to be refused');
}

describe('signToken / verifyToken', () => {
  it('round-trips the claims with issue and expiry times', () => {
    const before = Math.floor(Date.now() / 1000);
    const claims = verifyToken(signToken(CLAIMS, SECRET, 60), SECRET);
    expect(claims).toMatchObject(CLAIMS);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.exp - claims.iat).toBe(60);
  });

  it('defaults to twelve hours', () => {
    const claims = verifyToken(signToken(CLAIMS, SECRET), SECRET);
    expect(claims.exp - claims.iat).toBe(12 * 3600);
  });

  it('is a compact HS256 JWT', () => {
    const parts = signToken(CLAIMS, SECRET).split('.');
    expect(parts).toHaveLength(3);
    expect(decode(parts[0]!)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decode(parts[1]!)).toMatchObject({ sub: 'user-1', ten: 'acme' });
  });

  const tamper: [string, (token: string) => string, RegExp][] = [
    [
      'a payload with raised roles',
      (t) => {
        const [h, body, sig] = t.split('.');
        return `${h}.${b64(JSON.stringify({ ...decode(body!), roles: ['admin'] }))}.${sig}`;
      },
      /signature/,
    ],
    [
      'a payload moved to another tenant',
      (t) => {
        const [h, body, sig] = t.split('.');
        return `${h}.${b64(JSON.stringify({ ...decode(body!), tid: 'tenant-2', ten: 'other' }))}.${sig}`;
      },
      /signature/,
    ],
    [
      'a changed signature',
      (t) => {
        const [h, body, sig] = t.split('.');
        const i = 10;
        return `${h}.${body}.${sig!.slice(0, i)}${sig![i] === 'A' ? 'B' : 'A'}${sig!.slice(i + 1)}`;
      },
      /signature/,
    ],
    ['a truncated signature', (t) => t.slice(0, -4), /signature/],
    ['an empty signature', (t) => t.split('.').slice(0, 2).join('.') + '.', /signature/],
    [
      'the signature of another token',
      (t) => {
        const other = signToken({ ...CLAIMS, roles: ['admin'] }, SECRET).split('.')[2];
        return `${t.split('.').slice(0, 2).join('.')}.${other}`;
      },
      /signature/,
    ],
    ['alg none', (t) => `${b64(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${t.split('.')[1]}.`, /Malformed/],
    ['another header', (t) => `${b64(JSON.stringify({ alg: 'HS512', typ: 'JWT' }))}.${t.split('.').slice(1).join('.')}`, /Malformed/],
  ];

  it.each(tamper)('refuses %s', (_name, change, message) => {
    const error = refusal(change(signToken(CLAIMS, SECRET)));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(message);
  });

  it('refuses a token signed with another secret', () => {
    const error = refusal(signToken(CLAIMS, 'another-secret'));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/signature/) });
  });

  it('refuses an expired token', () => {
    const error = refusal(signToken(CLAIMS, SECRET, -1));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/expired/) });
  });

  it('refuses a correctly signed token without an expiry', () => {
    const error = refusal(forge(HEADER, JSON.stringify(CLAIMS)));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/expired/) });
  });

  it('refuses a correctly signed token whose payload is not JSON', () => {
    const error = refusal(forge(HEADER, 'not json'));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/Malformed/) });
  });

  it.each([
    ['empty', ''],
    ['one part', 'abc'],
    ['two parts', 'abc.def'],
    ['four parts', 'a.b.c.d'],
    ['dots only', '..'],
    ['a bearer prefix', `Bearer ${'x'}`],
  ])('refuses a malformed token: %s', (_name, token) => {
    expect(refusal(token).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a valid token with a bearer prefix left on', () => {
    expect(refusal(`Bearer ${signToken(CLAIMS, SECRET)}`).code).toBe('UNAUTHENTICATED');
  });
});
