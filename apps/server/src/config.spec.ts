import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.js';

describe('DATABASE_POOL_SIZE', () => {
  it('defaults to 20 and takes a whole number from 2 to 1000', () => {
    expect(configFromEnv({}).databasePoolSize).toBe(20);
    expect(configFromEnv({ DATABASE_POOL_SIZE: '' }).databasePoolSize).toBe(20);
    expect(configFromEnv({ DATABASE_POOL_SIZE: '2' }).databasePoolSize).toBe(2);
    expect(configFromEnv({ DATABASE_POOL_SIZE: '64' }).databasePoolSize).toBe(64);
  });

  it.each(['1', '0', '-5', '2.5', 'ten', '1001', '20 '])('refuses %j at start, naming the setting', (value) => {
    expect(() => configFromEnv({ DATABASE_POOL_SIZE: value })).toThrow(/DATABASE_POOL_SIZE must be a whole number from 2 to 1000/);
  });
});

describe('OPERATOR_TOKEN', () => {
  it('is unset by default (operator operations off) and kept when long enough', () => {
    expect(configFromEnv({}).operatorToken).toBeUndefined();
    expect(configFromEnv({ OPERATOR_TOKEN: '' }).operatorToken).toBeUndefined();
    expect(configFromEnv({ OPERATOR_TOKEN: 'k'.repeat(32) }).operatorToken).toBe('k'.repeat(32));
  });

  it('refuses a short token at start, naming the setting', () => {
    expect(() => configFromEnv({ OPERATOR_TOKEN: 'secret' })).toThrow(/OPERATOR_TOKEN must be at least 32 characters/);
  });
});
