/**
 * Reordering the rows of a list by dragging a handle, with a mouse, a finger or a pen: pointer events, since the
 * HTML5 drag API does not fire on touch. The held row follows the pointer (`offset`), the rows in between step
 * aside (`shift`) to open a gap where it will land (`gap`, `target`), and the page scrolls when the pointer
 * nears the top or bottom of the view. Escape cancels. The handle needs `touch-action: none`, so that a finger
 * on it drags instead of scrolling the page.
 */
import { computed, onScopeDispose, shallowRef, type Ref } from 'vue';
import { dropSlot, edgeScrollSpeed, gapBox, indexForSlot, keepsOrder, rowShift, type RowBox } from './row-drop';

/** Pixels the pointer moves before a press on the handle becomes a drag (a click on it does nothing). */
const DRAG_THRESHOLD = 4;
/** Pixels from the top or bottom of the view where the page starts scrolling, and its top speed per frame. */
const SCROLL_ZONE = 56;
const SCROLL_MAX = 16;

export interface RowDragOptions {
  /** The list: its rows are the elements matching `rowSelector` inside it, in order. */
  list: Ref<HTMLElement | null>;
  rowSelector: string;
  /** The row at `from` was dropped so that it ends at index `to` (never called when the order stays). */
  onDrop: (from: number, to: number) => void;
}

interface DragState {
  pointerId: number;
  from: number;
  /** The rows' boxes relative to the list, measured when the press began (before anything moved). */
  rows: RowBox[];
  /** Where the press began, relative to the list. */
  startY: number;
  /** Where the pointer is now, in the viewport (kept for scrolling under a still pointer). */
  clientY: number;
  active: boolean;
  slot: number;
  offset: number;
}

export function useRowDrag(options: RowDragOptions) {
  const state = shallowRef<DragState | null>(null);
  let frame = 0;
  let scroller: Element | null = null;

  const listTop = () => options.list.value?.getBoundingClientRect().top ?? 0;

  function update(clientY: number): void {
    const s = state.value;
    if (!s) return;
    const y = clientY - listTop();
    const active = s.active || Math.abs(y - s.startY) >= DRAG_THRESHOLD;
    state.value = { ...s, clientY, active, slot: dropSlot(y, s.rows), offset: y - s.startY };
    if (active && !frame) frame = requestAnimationFrame(autoScroll);
  }

  function autoScroll(): void {
    frame = 0;
    const s = state.value;
    if (!s?.active || !scroller) return;
    const view = viewOf(scroller, options.list.value);
    const speed = edgeScrollSpeed(s.clientY, view.top, view.bottom, SCROLL_ZONE, SCROLL_MAX);
    if (speed !== 0) {
      const before = scroller.scrollTop;
      scroller.scrollTop += speed;
      // The list moved under a still pointer: the gap under it changed.
      if (scroller.scrollTop !== before) update(s.clientY);
    }
    frame = requestAnimationFrame(autoScroll);
  }

  function onMove(event: PointerEvent): void {
    if (event.pointerId !== state.value?.pointerId) return;
    event.preventDefault();
    update(event.clientY);
  }

  function onUp(event: PointerEvent): void {
    const s = state.value;
    if (event.pointerId !== s?.pointerId) return;
    update(event.clientY);
    const done = state.value!;
    stop();
    if (done.active && !keepsOrder(done.from, done.slot)) options.onDrop(done.from, indexForSlot(done.from, done.slot));
  }

  function onCancel(event: PointerEvent): void {
    if (event.pointerId === state.value?.pointerId) stop();
  }

  function onKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !state.value) return;
    event.preventDefault();
    event.stopPropagation(); // an open dialog behind must not close too
    stop();
  }

  function listen(on: boolean): void {
    if (on) {
      window.addEventListener('pointermove', onMove);
      window.addEventListener('pointerup', onUp);
      window.addEventListener('pointercancel', onCancel);
      window.addEventListener('keydown', onKey, true);
    } else {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onCancel);
      window.removeEventListener('keydown', onKey, true);
    }
  }

  function stop(): void {
    state.value = null;
    scroller = null;
    listen(false);
    cancelAnimationFrame(frame);
    frame = 0;
  }

  /** Call from the handle's `pointerdown`, with the index of its row. */
  function start(event: PointerEvent, index: number): void {
    const list = options.list.value;
    if (!list || state.value || !event.isPrimary || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault(); // no text selection while dragging
    const top = list.getBoundingClientRect().top;
    const rows = Array.from(list.querySelectorAll<HTMLElement>(options.rowSelector)).map((row) => {
      const box = row.getBoundingClientRect();
      return { top: box.top - top, height: box.height };
    });
    // Events keep coming to the handle when the pointer leaves it; they bubble to window, where we listen.
    (event.currentTarget as Element | null)?.setPointerCapture?.(event.pointerId);
    scroller = scrollerOf(list);
    state.value = { pointerId: event.pointerId, from: index, rows, startY: event.clientY - top, clientY: event.clientY, active: false, slot: index, offset: 0 };
    listen(true);
  }

  onScopeDispose(stop);

  const held = computed(() => (state.value?.active ? state.value : null));
  /** The index the held row would get if let go now (its own when nothing would change). */
  const target = computed(() => (held.value ? indexForSlot(held.value.from, held.value.slot) : null));
  return {
    /** Whether a row is being dragged (past the threshold). */
    active: computed(() => held.value !== null),
    /** The index of the held row, or null. */
    from: computed(() => held.value?.from ?? null),
    /** How far the held row has moved from its place, in pixels. */
    offset: computed(() => held.value?.offset ?? 0),
    target,
    /** The room the held row will land in, relative to the list. */
    gap: computed(() => (held.value && target.value !== null ? gapBox(held.value.rows, held.value.from, target.value) : null)),
    /** How far the row at `index` steps aside for the held row, in pixels. */
    shift: (index: number): number => {
      const h = held.value;
      return h && target.value !== null && index !== h.from ? rowShift(index, h.from, target.value, h.rows[h.from]?.height ?? 0) : 0;
    },
    start,
    cancel: stop,
  };
}

/** The nearest ancestor that scrolls vertically, else the page. */
function scrollerOf(el: HTMLElement): Element {
  for (let node = el.parentElement; node; node = node.parentElement) {
    const overflow = getComputedStyle(node).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && node.scrollHeight > node.clientHeight) return node;
  }
  return document.scrollingElement ?? document.documentElement;
}

/** The visible part of a scroller, in viewport pixels; the page's starts below the studio's sticky top bar. */
function viewOf(scroller: Element, list: HTMLElement | null): { top: number; bottom: number } {
  if (scroller !== document.scrollingElement && scroller !== document.documentElement) {
    const box = scroller.getBoundingClientRect();
    return { top: box.top, bottom: box.bottom };
  }
  const bar = list ? Number.parseFloat(getComputedStyle(list).getPropertyValue('--topbar-height')) : Number.NaN;
  return { top: Number.isNaN(bar) ? 0 : bar, bottom: window.innerHeight };
}
