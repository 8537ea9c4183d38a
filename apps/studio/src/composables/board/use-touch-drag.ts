/**
 * Dragging board cards with a finger. The mouse drags with the HTML5 drag API (BoardCard, BoardColumn), which
 * touch screens do not fire; this listens to the board's touch pointers instead. A finger held still on a card
 * for LONG_PRESS_MS picks it up; one that moves first is left to scroll the columns as usual. While a card is
 * held, a copy of it follows the finger, `overStage` names the column under the finger, and resting at a side
 * of the board turns it to the next column. Lifting the finger over another column calls `drop`, the same path
 * as a mouse drop.
 */
import { onScopeDispose, ref, watch, type Ref } from 'vue';
import type { CardRecord } from './board-api';
import { beyondSlop, LONG_PRESS_MS, NO_REST, restAt, sideOf, type EdgeRest } from './touch-press';

const CARD = '[data-testid="board-card"]';
const COLUMN = '[data-testid="board-column"]';

export interface TouchDragOptions {
  /** The element holding the columns side by side (it scrolls sideways). */
  board: Ref<HTMLElement | null>;
  /** The card of an id, as the board holds it now. */
  cardOf: (id: string) => CardRecord | null;
  /** A card was picked up. */
  start: (card: CardRecord) => void;
  /** The card was let go over another stage's column. */
  drop: (cardId: string, stage: string) => void;
  /** The card was let go anywhere else, or the drag was interrupted. */
  cancel: () => void;
}

interface Press {
  pointerId: number;
  cardId: string;
  card: HTMLElement;
  x: number;
  y: number;
  timer: ReturnType<typeof setTimeout>;
}

interface Held {
  pointerId: number;
  card: CardRecord;
  ghost: HTMLElement;
  /** Where the finger picked the card up, and where it is now (viewport pixels). */
  x: number;
  y: number;
  lastX: number;
  lastY: number;
}

export function useTouchDrag(options: TouchDragOptions) {
  /** The stage of the column a held card is over, when it is not the card's own. */
  const overStage = ref<string | null>(null);
  let press: Press | null = null;
  let held: Held | null = null;
  let frame = 0;
  let edge: EdgeRest = NO_REST;
  /** Until then, a click is the tail of a drag, not a tap. */
  let swallowClicksUntil = 0;

  function onPointerDown(event: PointerEvent): void {
    if (event.pointerType !== 'touch' || !event.isPrimary || press || held) return;
    const target = event.target as Element;
    const card = target.closest<HTMLElement>(CARD);
    // The ⋯ button keeps its tap; "Move to…" is its job.
    if (!card || target.closest('button') || !card.dataset['id']) return;
    press = {
      pointerId: event.pointerId,
      cardId: card.dataset['id'],
      card,
      x: event.clientX,
      y: event.clientY,
      timer: setTimeout(pickUp, LONG_PRESS_MS),
    };
    listen(true);
  }

  function pickUp(): void {
    const p = press;
    press = null;
    const card = p ? options.cardOf(p.cardId) : null;
    if (!p || !card || !p.card.isConnected) {
      listen(false);
      return;
    }
    held = { pointerId: p.pointerId, card, ghost: ghostOf(p.card), x: p.x, y: p.y, lastX: p.x, lastY: p.y };
    edge = NO_REST;
    options.start(card);
    frame = requestAnimationFrame(tick);
  }

  /** The column under the finger, when it is another stage's. */
  function hitTest(h: Held, board: HTMLElement): void {
    const column = document.elementFromPoint(h.lastX, h.lastY)?.closest<HTMLElement>(COLUMN);
    const stage = column && board.contains(column) ? (column.dataset['stage'] ?? null) : null;
    overStage.value = stage && stage !== h.card.stage ? stage : null;
  }

  /** Every frame while a card is held: the column under the finger (the board may turn under a still one), and the sides. */
  function tick(now: number): void {
    frame = 0;
    const h = held;
    const board = options.board.value;
    if (!h || !board) return;
    hitTest(h, board);
    const box = board.getBoundingClientRect();
    const next = restAt(edge, sideOf(h.lastX, box.left, box.right), now);
    edge = next.rest;
    if (next.turn) turnBoard(board, next.rest.side);
    frame = requestAnimationFrame(tick);
  }

  function onPointerMove(event: PointerEvent): void {
    if (press && event.pointerId === press.pointerId) {
      // Moving before the card is picked up: a scroll (the browser cancels the pointer once it scrolls anyway).
      if (beyondSlop(event.clientX - press.x, event.clientY - press.y)) endPress();
      return;
    }
    if (!held || event.pointerId !== held.pointerId) return;
    held.lastX = event.clientX;
    held.lastY = event.clientY;
    held.ghost.style.translate = `${event.clientX - held.x}px ${event.clientY - held.y}px`;
  }

  function onPointerUp(event: PointerEvent): void {
    if (press && event.pointerId === press.pointerId) return endPress();
    if (!held || event.pointerId !== held.pointerId) return;
    held.lastX = event.clientX;
    held.lastY = event.clientY;
    const board = options.board.value;
    if (board) hitTest(held, board); // where the finger lifted, not where it was a frame ago
    const { card } = held;
    const stage = overStage.value;
    letGo();
    if (stage) options.drop(card.id, stage);
    else options.cancel();
  }

  function onPointerCancel(event: PointerEvent): void {
    if (press && event.pointerId === press.pointerId) return endPress();
    if (!held || event.pointerId !== held.pointerId) return;
    letGo();
    options.cancel();
  }

  /** Once a card is held, the finger moves it, not the columns. */
  function onTouchMove(event: TouchEvent): void {
    if (held && event.cancelable) event.preventDefault();
  }

  /** The browser's own reactions to a held finger: its context menu, and a native drag of the draggable card. */
  function onHoldDefault(event: Event): void {
    if (press || held) event.preventDefault();
  }

  function onClick(event: MouseEvent): void {
    if (performance.now() > swallowClicksUntil) return;
    event.preventDefault();
    event.stopPropagation();
  }

  function endPress(): void {
    if (press) clearTimeout(press.timer);
    press = null;
    listen(false);
  }

  function letGo(): void {
    if (!held) return;
    held.ghost.remove();
    held = null;
    overStage.value = null;
    edge = NO_REST;
    cancelAnimationFrame(frame);
    frame = 0;
    swallowClicksUntil = performance.now() + 400;
    listen(false);
  }

  function listen(on: boolean): void {
    if (on) {
      window.addEventListener('pointermove', onPointerMove);
      window.addEventListener('pointerup', onPointerUp);
      window.addEventListener('pointercancel', onPointerCancel);
    } else {
      window.removeEventListener('pointermove', onPointerMove);
      window.removeEventListener('pointerup', onPointerUp);
      window.removeEventListener('pointercancel', onPointerCancel);
    }
  }

  // The board appears once its columns have loaded, and may be replaced: follow it.
  watch(
    options.board,
    (board, before) => {
      before?.removeEventListener('pointerdown', onPointerDown);
      before?.removeEventListener('touchmove', onTouchMove);
      before?.removeEventListener('contextmenu', onHoldDefault);
      before?.removeEventListener('dragstart', onHoldDefault, true);
      before?.removeEventListener('click', onClick, true);
      board?.addEventListener('pointerdown', onPointerDown);
      // Not passive: only a listener that may cancel touchmove can stop the columns scrolling under a held card.
      board?.addEventListener('touchmove', onTouchMove, { passive: false });
      board?.addEventListener('contextmenu', onHoldDefault);
      board?.addEventListener('dragstart', onHoldDefault, true);
      board?.addEventListener('click', onClick, true);
    },
    { immediate: true, flush: 'post' },
  );

  onScopeDispose(() => {
    endPress();
    letGo();
    const board = options.board.value;
    board?.removeEventListener('pointerdown', onPointerDown);
    board?.removeEventListener('touchmove', onTouchMove);
    board?.removeEventListener('contextmenu', onHoldDefault);
    board?.removeEventListener('dragstart', onHoldDefault, true);
    board?.removeEventListener('click', onClick, true);
  });

  return { overStage };
}

/** A copy of the card, lifted above the page at the card's place; it follows the finger through `translate`. */
function ghostOf(card: HTMLElement): HTMLElement {
  const box = card.getBoundingClientRect();
  const ghost = card.cloneNode(true) as HTMLElement;
  ghost.removeAttribute('draggable');
  ghost.setAttribute('aria-hidden', 'true');
  ghost.dataset['testid'] = 'card-drag-ghost';
  ghost.classList.remove('dragging', 'refused');
  ghost.classList.add('drag-ghost');
  Object.assign(ghost.style, {
    position: 'fixed',
    left: `${box.left}px`,
    top: `${box.top}px`,
    width: `${box.width}px`,
    margin: '0',
    zIndex: '3000',
    pointerEvents: 'none',
  });
  document.body.append(ghost);
  return ghost;
}

/** Shows the next column on that side (one column's step, so the board's snapping stays aligned). */
function turnBoard(board: HTMLElement, side: -1 | 0 | 1): void {
  const [first, second] = Array.from(board.querySelectorAll<HTMLElement>(COLUMN));
  if (!first || side === 0) return;
  const step = second ? second.offsetLeft - first.offsetLeft : first.offsetWidth;
  board.scrollBy({ left: side * step, behavior: 'smooth' });
}
