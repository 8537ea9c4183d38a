import { onScopeDispose, ref, type Ref } from 'vue';

/** Whether a CSS media query matches now; updates as the window changes. */
export function useMediaQuery(query: string): Ref<boolean> {
  const list = window.matchMedia(query);
  const matches = ref(list.matches);
  const update = (event: MediaQueryListEvent) => {
    matches.value = event.matches;
  };
  list.addEventListener('change', update);
  onScopeDispose(() => list.removeEventListener('change', update));
  return matches;
}

/** The breakpoint below which the side navigation becomes a drawer. */
export const useIsPhone = () => useMediaQuery('(max-width: 767px)');
