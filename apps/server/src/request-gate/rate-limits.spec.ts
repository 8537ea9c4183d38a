import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from './rate-limits.js';

describe('FixedWindowLimiter', () => {
  it('admits `limit` requests per key in a minute from the first, then asks to wait until the window ends', () => {
    let now = 1_000_000;
    const limiter = new FixedWindowLimiter(3, () => now);
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a')]).toEqual([0, 0, 0]);
    now += 20_500;
    expect(limiter.hit('a')).toBe(40);
    expect(limiter.hit('b')).toBe(0);
    now += 39_499;
    expect(limiter.hit('a')).toBe(1);
    now += 1;
    expect(limiter.hit('a')).toBe(0);
  });

  it('does not count refused requests', () => {
    let now = 0;
    const limiter = new FixedWindowLimiter(1, () => now);
    expect(limiter.hit('a')).toBe(0);
    for (let i = 0; i < 100; i++) expect(limiter.hit('a')).toBeGreaterThan(0);
    now = 60_000;
    expect(limiter.hit('a')).toBe(0);
  });

  it('limits nothing at 0', () => {
    const limiter = new FixedWindowLimiter(0);
    for (let i = 0; i < 1000; i++) expect(limiter.hit('a')).toBe(0);
  });
});
