/**
 * The decisions behind dragging a card with a finger, apart from the DOM (see use-touch-drag.ts): a press held
 * still for LONG_PRESS_MS picks the card up, a finger that moves first is scrolling; a card held at a side of
 * the board turns the board to the next column there after a pause, then again at a slower pace.
 */

/** How long a finger rests on a card before the card is picked up (shorter than the browser's context menu). */
export const LONG_PRESS_MS = 300;
/** How far (CSS pixels) a finger may wander while pressing and still be pressing rather than scrolling. */
export const PRESS_SLOP = 10;
/** The band along each side of the board where a held card asks for the next column. */
export const EDGE_ZONE = 32;
/** How long a card rests in that band before the board turns, and between turns while it stays there. */
export const EDGE_FIRST_MS = 400;
export const EDGE_REPEAT_MS = 1000;

/** Whether a finger that went down at (0, 0) and is now at (dx, dy) has moved too far to be a press. */
export const beyondSlop = (dx: number, dy: number, slop = PRESS_SLOP): boolean => dx * dx + dy * dy > slop * slop;

export type Side = -1 | 0 | 1;

/** The side of the board, from `left` to `right`, a finger at `x` is held against: -1 left, 1 right, 0 neither. */
export function sideOf(x: number, left: number, right: number, zone = EDGE_ZONE): Side {
  if (right - left <= 2 * zone) return 0;
  if (x < left + zone) return -1;
  if (x > right - zone) return 1;
  return 0;
}

/** A card resting at a side of the board: since when, and whether the board has already turned for it. */
export interface EdgeRest {
  side: Side;
  since: number;
  turned: boolean;
}

export const NO_REST: EdgeRest = { side: 0, since: 0, turned: false };

/**
 * The rest after another look at the finger at time `now`; `turn` says the board should show the next column
 * on that side now. Leaving the side, or switching sides, starts the wait over.
 */
export function restAt(rest: EdgeRest, side: Side, now: number): { rest: EdgeRest; turn: boolean } {
  if (side === 0) return { rest: NO_REST, turn: false };
  if (side !== rest.side) return { rest: { side, since: now, turned: false }, turn: false };
  const wait = rest.turned ? EDGE_REPEAT_MS : EDGE_FIRST_MS;
  if (now - rest.since < wait) return { rest, turn: false };
  return { rest: { side, since: now, turned: true }, turn: true };
}
