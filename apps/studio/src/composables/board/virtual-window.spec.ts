import { describe, expect, it } from 'vitest';
import { visibleRange } from './virtual-window';

describe('visibleRange', () => {
  it('renders the rows in view plus the buffer', () => {
    expect(visibleRange(0, 500, 100, 1000, 2)).toEqual({ start: 0, end: 7 });
    expect(visibleRange(1000, 500, 100, 1000, 2)).toEqual({ start: 8, end: 17 });
  });

  it('stops at the end of the list', () => {
    expect(visibleRange(99_500, 500, 100, 1000, 2)).toEqual({ start: 993, end: 1000 });
    expect(visibleRange(0, 500, 100, 3, 2)).toEqual({ start: 0, end: 3 });
  });

  it('renders nothing for an empty list, and copes with a scroll position past the end (the list shrank)', () => {
    expect(visibleRange(0, 500, 100, 0, 2)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(5000, 500, 100, 10, 2)).toEqual({ start: 10, end: 10 });
  });

  it('keeps the window small however long the list is', () => {
    const { start, end } = visibleRange(250_000, 800, 120, 10_000, 3);
    expect(end - start).toBeLessThanOrEqual(Math.ceil(800 / 120) + 1 + 6);
  });
});
