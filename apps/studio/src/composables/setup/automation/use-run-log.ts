/**
 * The automation run log as Setup shows it: filtered by rule, record and action status (the dead-letter list
 * is the log filtered to dead actions), newest first, a page at a time ("show older" asks for the runs after
 * the last one shown). A change of filter starts again from the newest.
 */
import { ref, shallowRef } from 'vue';
import { AutomationRunsDocument, type AutomationRunsQuery } from '../../../api/platform-operations.generated';
import { useSessionStore } from '../../../stores/session';

export type RunEntry = AutomationRunsQuery['automationRuns'][number];
export type ActionRun = RunEntry['actions'][number];

export interface RunFilters {
  rule: string;
  recordId: string;
  status: string;
}

export const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The API filter of the form's values: empty ones are left out; a record id that is not one matches nothing. */
export function runFilter(f: RunFilters): { rule?: string; recordId?: string; status?: string } {
  const recordId = f.recordId.trim();
  return {
    ...(f.rule ? { rule: f.rule } : {}),
    ...(recordId ? { recordId: UUID.test(recordId) ? recordId : '00000000-0000-0000-0000-000000000000' } : {}),
    ...(f.status ? { status: f.status } : {}),
  };
}

export function useRunLog(initial: Partial<RunFilters> = {}) {
  const session = useSessionStore();
  const filters = ref<RunFilters>({ rule: '', recordId: '', status: '', ...initial });
  const runs = shallowRef<RunEntry[]>([]);
  const status = ref<'loading' | 'ready' | 'error'>('loading');
  const hasMore = ref(false);
  const loadingMore = ref(false);
  /** Bumped by every fresh load, so an answer to an older filter is dropped. */
  let generation = 0;

  async function page(after: string | undefined): Promise<RunEntry[]> {
    const { automationRuns } = await session.request(AutomationRunsDocument, {
      filter: { ...runFilter(filters.value), limit: PAGE_SIZE, ...(after ? { after } : {}) },
    });
    return automationRuns;
  }

  async function load(): Promise<void> {
    const mine = ++generation;
    if (status.value !== 'ready') status.value = 'loading';
    try {
      const first = await page(undefined);
      if (mine !== generation) return;
      runs.value = first;
      hasMore.value = first.length === PAGE_SIZE;
      status.value = 'ready';
    } catch {
      if (mine === generation) status.value = 'error';
    }
  }

  async function loadMore(): Promise<void> {
    const last = runs.value[runs.value.length - 1];
    if (!last || loadingMore.value) return;
    const mine = generation;
    loadingMore.value = true;
    try {
      const next = await page(last.id);
      if (mine !== generation) return;
      runs.value = [...runs.value, ...next];
      hasMore.value = next.length === PAGE_SIZE;
    } finally {
      loadingMore.value = false;
    }
  }

  return { filters, runs, status, hasMore, loadingMore, load, loadMore };
}

export type RunLog = ReturnType<typeof useRunLog>;
