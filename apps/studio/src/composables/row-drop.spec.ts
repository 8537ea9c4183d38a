import { describe, expect, it } from 'vitest';
import { dropSlot, edgeScrollSpeed, gapBox, indexForSlot, keepsOrder, rowShift } from './row-drop';

/** Four rows 50 pixels tall, one after the other. */
const rows = [0, 50, 100, 150].map((top) => ({ top, height: 50 }));

/** What a drop does to a list, as the designer's moveField does it (delta = to − from). */
function dropped<T>(list: readonly T[], from: number, slot: number): T[] {
  if (keepsOrder(from, slot)) return [...list];
  const to = indexForSlot(from, slot);
  const copy = [...list];
  const [row] = copy.splice(from, 1);
  copy.splice(to, 0, row!);
  return copy;
}

describe('dropSlot', () => {
  it('counts a row’s upper half as the gap before it and its lower half as the gap after', () => {
    expect(dropSlot(10, rows)).toBe(0);
    expect(dropSlot(24.9, rows)).toBe(0);
    expect(dropSlot(25, rows)).toBe(1);
    expect(dropSlot(74, rows)).toBe(1);
    expect(dropSlot(130, rows)).toBe(3);
  });

  it('is the first gap above the list and the last gap below it', () => {
    expect(dropSlot(-200, rows)).toBe(0);
    expect(dropSlot(900, rows)).toBe(4);
    expect(dropSlot(10, [])).toBe(0);
  });

  it('follows rows of different heights (a row showing a problem is taller)', () => {
    const mixed = [
      { top: 0, height: 40 },
      { top: 40, height: 120 },
      { top: 160, height: 40 },
    ];
    expect(dropSlot(90, mixed)).toBe(1);
    expect(dropSlot(110, mixed)).toBe(2);
  });
});

describe('where a dropped row lands', () => {
  const fields = ['name', 'budget', 'status', 'startDate'];

  it('keeps the order when dropped into either gap beside the row itself', () => {
    expect(keepsOrder(1, 1)).toBe(true);
    expect(keepsOrder(1, 2)).toBe(true);
    expect(keepsOrder(1, 0)).toBe(false);
    expect(keepsOrder(1, 3)).toBe(false);
  });

  it('moves a row down: the gap after row k puts it at index k', () => {
    expect(indexForSlot(0, 3)).toBe(2);
    expect(dropped(fields, 0, 3)).toEqual(['budget', 'status', 'name', 'startDate']);
    expect(dropped(fields, 1, 4)).toEqual(['name', 'status', 'startDate', 'budget']);
  });

  it('moves a row up: the gap before row k puts it at index k', () => {
    expect(indexForSlot(3, 0)).toBe(0);
    expect(dropped(fields, 3, 0)).toEqual(['startDate', 'name', 'budget', 'status']);
    expect(dropped(fields, 2, 1)).toEqual(['name', 'status', 'budget', 'startDate']);
  });

  it('lands every row at every index exactly once', () => {
    for (let from = 0; from < fields.length; from += 1) {
      const landings = new Set<number>();
      for (let slot = 0; slot <= fields.length; slot += 1) if (!keepsOrder(from, slot)) landings.add(indexForSlot(from, slot));
      landings.add(from);
      expect([...landings].sort()).toEqual([0, 1, 2, 3]);
    }
  });
});

describe('making room', () => {
  it('moves the rows between one place towards where the held row came from', () => {
    // Row 0 held over index 2: rows 1 and 2 move up, row 3 stays.
    expect([0, 1, 2, 3].map((i) => rowShift(i, 0, 2, 50))).toEqual([0, -50, -50, 0]);
    // Row 3 held over index 1: rows 1 and 2 move down, row 0 stays.
    expect([0, 1, 2, 3].map((i) => rowShift(i, 3, 1, 50))).toEqual([0, 50, 50, 0]);
    // Over its own place: nothing moves.
    expect([0, 1, 2, 3].map((i) => rowShift(i, 2, 2, 50))).toEqual([0, 0, 0, 0]);
  });

  it('opens the gap where the row will land, the held row’s height tall', () => {
    const mixed = [
      { top: 0, height: 40 },
      { top: 40, height: 120 },
      { top: 160, height: 40 },
      { top: 200, height: 60 },
    ];
    // Up: the gap starts where the row it displaces started.
    expect(gapBox(mixed, 3, 1)).toEqual({ top: 40, height: 60 });
    // Down: the gap ends where the row it displaces ended (the rows above moved up by the held row's height).
    expect(gapBox(mixed, 0, 2)).toEqual({ top: 160, height: 40 });
    expect(gapBox(mixed, 1, 3)).toEqual({ top: 140, height: 120 });
    // Its own place.
    expect(gapBox(mixed, 2, 2)).toEqual({ top: 160, height: 40 });
    expect(gapBox(mixed, 5, 1)).toBeNull();
  });
});

describe('edgeScrollSpeed', () => {
  it('is zero away from the edges and grows towards them', () => {
    expect(edgeScrollSpeed(400, 0, 800, 50, 20)).toBe(0);
    expect(edgeScrollSpeed(40, 0, 800, 50, 20)).toBe(-4);
    expect(edgeScrollSpeed(0, 0, 800, 50, 20)).toBe(-20);
    expect(edgeScrollSpeed(775, 0, 800, 50, 20)).toBe(10);
    expect(edgeScrollSpeed(900, 0, 800, 50, 20)).toBe(20);
  });

  it('measures the top edge from where the view starts (below a sticky bar)', () => {
    expect(edgeScrollSpeed(70, 60, 800, 50, 20)).toBe(-16);
    expect(edgeScrollSpeed(120, 60, 800, 50, 20)).toBe(0);
  });

  it('does not scroll a view too short for two zones', () => {
    expect(edgeScrollSpeed(10, 0, 90, 50, 20)).toBe(0);
  });
});
