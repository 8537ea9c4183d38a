import { describe, expect, it } from 'vitest';
import { hashApiTokenSecret, isWellFormedApiToken, looksLikeApiToken, newApiTokenSecret } from './api-token-secret.js';

describe('API token secrets', () => {
  it('are fc_ and 43 base64url characters, stored as their SHA-256', () => {
    const a = newApiTokenSecret();
    expect(a.secret).toMatch(/^fc_[A-Za-z0-9_-]{43}$/);
    expect(a.hash).toBe(hashApiTokenSecret(a.secret));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.secret.slice(3));
    expect(a.hint).toBe(a.secret.slice(0, 7));
    expect(isWellFormedApiToken(a.secret)).toBe(true);
  });

  it('differ every time', () => {
    const secrets = new Set(Array.from({ length: 100 }, () => newApiTokenSecret().secret));
    expect(secrets.size).toBe(100);
  });

  it('tell an API token from a JWT, and a malformed one from a well-formed one', () => {
    expect(looksLikeApiToken('fc_abc')).toBe(true);
    expect(looksLikeApiToken('eyJhbGciOi.x.y')).toBe(false);
    expect(isWellFormedApiToken('fc_abc')).toBe(false);
    expect(isWellFormedApiToken(`fc_${'a'.repeat(42)}!`)).toBe(false);
  });
});
