import { describe, expect, it } from 'vitest';
import { catText, comparable, compareText, foldCase, instantMicros, plainNumber } from './memory-values.js';

describe('memory values', () => {
  it('reads instants to the microsecond, rounding finer digits, whatever the offset', () => {
    expect(instantMicros('2024-03-01T12:30:00.250123Z')! - instantMicros('2024-03-01T12:30:00.250Z')!).toBe(123);
    expect(instantMicros('2024-03-01T12:30:00.2501236Z')).toBe(instantMicros('2024-03-01T12:30:00.250124Z'));
    expect(instantMicros('2024-03-01T13:30:00+01:00')).toBe(instantMicros('2024-03-01T12:30:00Z'));
    expect(instantMicros('2024-03-01')).toBeUndefined();
  });

  it('compares a date-only text with an instant as midnight UTC', () => {
    const [a, b] = comparable('2024-03-01', '2024-03-01T00:00:00.000000Z');
    expect(a).toBe(b);
    expect(comparable('2024-03-01', '2024-03-02')).toEqual(['2024-03-01', '2024-03-02']);
  });

  it('orders text by code point', () => {
    expect(compareText('😀', '\uFF5E')).toBeGreaterThan(0);
    expect(compareText('a', 'b')).toBeLessThan(0);
    expect(compareText('😀a', '😀')).toBeGreaterThan(0);
  });

  it('writes numbers in plain notation and lists joined by commas', () => {
    expect([1e-7, 1.5e-10, 1e21, 1.25e22, -1.2e-5, 3, 0.5, -0].map(plainNumber)).toEqual([
      '0.0000001',
      '0.00000000015',
      '1000000000000000000000',
      '12500000000000000000000',
      '-0.000012',
      '3',
      '0.5',
      '0',
    ]);
    expect([null, ['a', 'b'], [], true, 'x'].map(catText)).toEqual(['', 'a,b', '', 'true', 'x']);
  });

  it('folds final sigma with sigma', () => {
    expect(foldCase('ΟΔΟΣ')).toBe(foldCase('οδος'));
  });
});
