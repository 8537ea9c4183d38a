/**
 * The arithmetic of dragging a row within a list, apart from the DOM (see use-row-drag.ts): which gap the
 * pointer is over, where the row lands, and how fast to scroll near an edge.
 */

/** A row's layout box along the list's axis, relative to the list. */
export interface RowBox {
  top: number;
  height: number;
}

/**
 * The gap between rows the pointer is over: 0 is before the first row, `rows.length` after the last. A row's
 * upper half belongs to the gap before it, its lower half to the gap after. Rows are in document order.
 */
export function dropSlot(y: number, rows: readonly RowBox[]): number {
  let slot = 0;
  for (const row of rows) {
    if (y < row.top + row.height / 2) break;
    slot += 1;
  }
  return slot;
}

/** Dropping into either gap beside the row itself leaves the order as it is. */
export const keepsOrder = (from: number, slot: number): boolean => slot === from || slot === from + 1;

/** The index the row at `from` ends at when dropped into `slot` (it leaves its own place first). */
export const indexForSlot = (from: number, slot: number): number => (slot > from ? slot - 1 : slot);

/**
 * Scroll speed (pixels per frame) for a pointer at `position` in a view from `start` to `end`: none outside
 * `zone` pixels of either edge, growing to `max` at the edge itself; negative scrolls back.
 */
export function edgeScrollSpeed(position: number, start: number, end: number, zone: number, max: number): number {
  if (zone <= 0 || end - start <= 2 * zone) return 0;
  const depth = (distance: number) => Math.ceil(max * Math.min(1, distance / zone));
  if (position < start + zone) return -depth(start + zone - position);
  if (position > end - zone) return depth(position - (end - zone));
  return 0;
}

/**
 * How far the row at `index` steps aside while the row at `from`, `size` pixels tall, is held over index `to`:
 * the rows between make room, so the gap opens where the row will land.
 */
export function rowShift(index: number, from: number, to: number, size: number): number {
  if (from < index && index <= to) return -size;
  if (to <= index && index < from) return size;
  return 0;
}

/** The gap that opens for the row at `from` held over index `to`, relative to the list (rows before any shift). */
export function gapBox(rows: readonly RowBox[], from: number, to: number): RowBox | null {
  const moved = rows[from];
  const at = rows[to];
  if (!moved || !at) return null;
  return { top: to <= from ? at.top : at.top + at.height - moved.height, height: moved.height };
}
