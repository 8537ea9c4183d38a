/**
 * Windowing for a list of fixed-height rows in its own scroll container: only the rows in view, plus a few
 * above and below, are rendered. A column of 5,000 cards then costs the DOM of about twenty.
 */
import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

export interface VirtualRange {
  /** First rendered row. */
  start: number;
  /** One past the last rendered row. */
  end: number;
}

/** The rows to render for a scroll position; `buffer` extra rows on each side keep fast scrolling blank-free. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, buffer: number): VirtualRange {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewport)) / rowHeight);
  const start = Math.min(Math.max(0, first - buffer), count);
  const end = Math.min(count, Math.max(start, last + buffer));
  return { start, end };
}

export function useVirtualWindow(scroller: Ref<HTMLElement | null>, count: Ref<number>, rowHeight: number, buffer = 3) {
  const scrollTop = ref(0);
  // Before the first measurement, assume a tall screen: rendering a few rows too many is harmless.
  const viewport = ref(1200);
  let frame = 0;
  let resize: ResizeObserver | null = null;

  const onScroll = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      scrollTop.value = scroller.value?.scrollTop ?? 0;
    });
  };

  onMounted(() => {
    const el = scroller.value;
    if (!el) return;
    viewport.value = el.clientHeight;
    scrollTop.value = el.scrollTop;
    el.addEventListener('scroll', onScroll, { passive: true });
    resize = new ResizeObserver(() => {
      viewport.value = el.clientHeight;
    });
    resize.observe(el);
  });

  onBeforeUnmount(() => {
    scroller.value?.removeEventListener('scroll', onScroll);
    resize?.disconnect();
    if (frame) cancelAnimationFrame(frame);
  });

  const range = computed(() => visibleRange(scrollTop.value, viewport.value, rowHeight, count.value, buffer));
  const totalHeight = computed(() => count.value * rowHeight);
  const offset = computed(() => range.value.start * rowHeight);

  return { range, totalHeight, offset };
}
