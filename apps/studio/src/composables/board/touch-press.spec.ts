import { describe, expect, it } from 'vitest';
import { beyondSlop, EDGE_FIRST_MS, EDGE_REPEAT_MS, NO_REST, PRESS_SLOP, restAt, sideOf, type EdgeRest, type Side } from './touch-press';

describe('beyondSlop', () => {
  it('lets a finger tremble while pressing, but not move', () => {
    expect(beyondSlop(0, 0)).toBe(false);
    expect(beyondSlop(6, -6)).toBe(false);
    expect(beyondSlop(PRESS_SLOP, 0)).toBe(false);
    expect(beyondSlop(0, PRESS_SLOP + 1)).toBe(true);
    expect(beyondSlop(-8, 8)).toBe(true);
  });
});

describe('sideOf', () => {
  it('names the side a finger is held against, and none in between', () => {
    expect(sideOf(10, 0, 390)).toBe(-1);
    expect(sideOf(200, 0, 390)).toBe(0);
    expect(sideOf(380, 0, 390)).toBe(1);
    expect(sideOf(-40, 0, 390)).toBe(-1);
  });

  it('measures from the board’s own edges', () => {
    expect(sideOf(110, 100, 500)).toBe(-1);
    expect(sideOf(140, 100, 500)).toBe(0);
  });

  it('has no sides on a board too narrow for two', () => {
    expect(sideOf(10, 0, 60)).toBe(0);
  });
});

describe('restAt', () => {
  /** Feeds a sequence of (side, time) looks and collects the times the board turned. */
  function turns(looks: [Side, number][]): number[] {
    let rest: EdgeRest = NO_REST;
    const at: number[] = [];
    for (const [side, now] of looks) {
      const next = restAt(rest, side, now);
      rest = next.rest;
      if (next.turn) at.push(now);
    }
    return at;
  }

  it('turns once the card has rested at a side for the first pause, then at the slower pace', () => {
    const looks: [Side, number][] = [];
    // A look every frame (16 ms): each turn comes on the first frame past its wait.
    for (let now = 1000; now <= 1000 + EDGE_FIRST_MS + 2 * EDGE_REPEAT_MS + 32; now += 16) looks.push([1, now]);
    const at = turns(looks);
    expect(at).toHaveLength(3);
    expect(at[0]! - 1000).toBeGreaterThanOrEqual(EDGE_FIRST_MS);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(EDGE_REPEAT_MS);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(EDGE_REPEAT_MS);
  });

  it('does not turn while the card passes by a side', () => {
    expect(
      turns([
        [1, 0],
        [1, EDGE_FIRST_MS - 1],
        [0, EDGE_FIRST_MS + 1],
      ]),
    ).toEqual([]);
  });

  it('starts the wait over after leaving the side or switching sides', () => {
    expect(
      turns([
        [1, 0],
        [0, 300],
        [1, 350],
        [1, 700],
        [1, 750],
      ]),
    ).toEqual([750]);
    expect(
      turns([
        [1, 0],
        [-1, 300],
        [-1, 650],
        [-1, 700],
      ]),
    ).toEqual([700]);
  });
});
