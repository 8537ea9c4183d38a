import { describe, expect, it } from 'vitest';
import { endOfDay, expiryAllowed, tokenStatus } from './token-status';

describe('token status and expiry days', () => {
  const now = Date.parse('2026-12-04T12:00:00Z');
  it('is revoked before expired, expired at its time, else active', () => {
    expect(tokenStatus({ expiresAt: '2026-11-01T00:00:00Z', revokedAt: '2026-10-01T00:00:00Z' }, now)).toBe('revoked');
    expect(tokenStatus({ expiresAt: '2026-12-04T12:00:00Z', revokedAt: null }, now)).toBe('expired');
    expect(tokenStatus({ expiresAt: '2026-12-05T00:00:00Z', revokedAt: null }, now)).toBe('active');
  });
  it('allows days from today up to 366 days ahead, sent as the end of the day', () => {
    const today = new Date(now);
    expect(expiryAllowed(new Date(now - 86_400_000 * 2), now)).toBe(false);
    expect(expiryAllowed(new Date(now + 86_400_000), now)).toBe(true);
    expect(expiryAllowed(new Date(now + 86_400_000 * 400), now)).toBe(false);
    const end = new Date(endOfDay(today));
    expect([end.getHours(), end.getMinutes(), end.getDate()]).toEqual([23, 59, today.getDate()]);
  });
});

describe('sign-in reasons', () => {
  it('map the server words to catalogue keys', async () => {
    const { loginReasonKey } = await import('./login-reason');
    expect(['wrong password', 'too many failures from this address', 'revoked', 'roles no longer grantable', 'new'].map(loginReasonKey)).toEqual([
      'wrongPassword',
      'addressThrottled',
      'revoked',
      'rolesNotGrantable',
      undefined,
    ]);
  });
});
