import { describe, expect, it } from 'vitest';
import { dayWindow, localDay } from './day-window';

describe('dayWindow', () => {
  it('bounds the local day and month, the last day of a short month included', () => {
    const w = dayWindow(new Date(2026, 1, 14, 23, 59));
    expect(w.today).toBe('2026-02-14');
    expect(w.monthStart).toBe('2026-02-01');
    expect(w.monthEnd).toBe('2026-02-28');
    expect(new Date(w.startOfTomorrow).getTime() - new Date(w.startOfToday).getTime()).toBeGreaterThanOrEqual(23 * 3_600_000);
    expect(localDay(new Date(w.startOfTomorrow))).toBe('2026-02-15');
  });
  it('rolls over the year at the end of December', () => {
    expect(dayWindow(new Date(2026, 11, 31, 8)).monthEnd).toBe('2026-12-31');
    expect(localDay(new Date(dayWindow(new Date(2026, 11, 31, 8)).startOfTomorrow))).toBe('2027-01-01');
  });
});
