/**
 * The header's search: the data API's `search(text, first)` as the user types (a short pause first, and only the
 * latest answer counts, so a slow early answer never replaces a later one).
 */
import { onScopeDispose, ref, watch, type Ref } from 'vue';
import { gql } from '../../api/graphql-client';
import { useSessionStore } from '../../stores/session';

export interface SearchHit {
  object: string;
  id: string;
  title: string | null;
  field: string;
  value: string;
}

const SEARCH = gql<{ search: SearchHit[] }, { text: string; first: number }>(`
  query GlobalSearch($text: String!, $first: Int) { search(text: $text, first: $first) { object id title field value } }
`);

/** Waiting after the last key press before asking the server. */
export const SEARCH_PAUSE_MS = 150;
export const SEARCH_FIRST = 12;

export function useGlobalSearch(text: Ref<string>) {
  const session = useSessionStore();
  const hits = ref<SearchHit[]>([]);
  const status = ref<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  /** The text the hits are for. */
  const answered = ref('');
  let sequence = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function run(wanted: string, mine: number): Promise<void> {
    try {
      const data = await session.request(SEARCH, { text: wanted, first: SEARCH_FIRST });
      if (mine !== sequence) return;
      hits.value = data.search;
      answered.value = wanted;
      status.value = 'ready';
    } catch {
      if (mine === sequence) status.value = 'failed';
    }
  }

  watch(text, (value) => {
    clearTimeout(timer);
    const wanted = value.trim();
    const mine = ++sequence;
    if (!wanted) {
      hits.value = [];
      answered.value = '';
      status.value = 'idle';
      return;
    }
    status.value = 'loading';
    timer = setTimeout(() => void run(wanted, mine), SEARCH_PAUSE_MS);
  });
  onScopeDispose(() => clearTimeout(timer));

  return { hits, status, answered };
}
