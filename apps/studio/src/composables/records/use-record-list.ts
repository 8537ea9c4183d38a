/**
 * An object's list: its layout (columns, conditions, sort, page size), the page of records it shows with
 * cursor paging, the quick search, the saved views it can be switched to, and the selection.
 * Without an active saved view the layout is remembered in this browser.
 */
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { GraphqlError } from '../../api/graphql-client';
import type { FieldMeta, ObjectMeta } from '../../api/operations';
import type { FormatContext } from '../../fields';
import { readSetting, writeSetting } from '../../stores/storage';
import { useSessionStore } from '../../stores/session';
import type { ConditionNode } from '../../conditions/condition-tree';
import { defaultState, fromDefinition, graphqlFilter, sameDefinition, toDefinition, type ListState } from './list-state';
import { listDocument, type OrderTerm, type RecordFilter, type RecordRow } from './queries';
import { flagFieldNames } from '../deals/deal-flags';
import { recordFields } from './record-fields';
import { isUnsupported, useSavedViewsApi, type SavedView, type ViewDefinition } from './saved-views';

const storageKey = (object: string) => `funnelcraft.records.${object}.layout`;

export function useRecordList(meta: Ref<ObjectMeta | undefined>, ctx: Ref<FormatContext>) {
  const session = useSessionStore();
  const viewsApi = useSavedViewsApi();

  const fields = computed<FieldMeta[]>(() => (meta.value ? recordFields(meta.value) : []));
  const fieldByName = computed(() => new Map(fields.value.map((f) => [f.name, f])));
  const state = ref<ListState>({ columns: [], conditions: [], extra: [], sort: null, pageSize: 50 });
  /** Bumped whenever the layout is replaced as a whole (a view applied), so tables can reset their own state. */
  const layoutVersion = ref(0);
  const search = ref('');

  const rows = shallowRef<RecordRow[]>([]);
  const totalCount = ref(0);
  const hasNextPage = ref(false);
  const loading = ref(false);
  const error = shallowRef<GraphqlError | null>(null);
  /** Cursor before each page visited: `after` of page i is cursors[i]. */
  const cursors = ref<(string | null)[]>([null]);
  const pageIndex = ref(0);
  const selected = ref<Set<string>>(new Set());

  const views = shallowRef<SavedView[]>([]);
  const viewsAvailable = ref(true);
  const activeViewId = ref<string | null>(null);
  const activeView = computed(() => views.value.find((v) => v.id === activeViewId.value) ?? null);

  const columns = computed(() => state.value.columns.map((c) => fieldByName.value.get(c)).filter((f): f is FieldMeta => !!f));
  const displayField = computed(() => fieldByName.value.get(meta.value?.displayField ?? ''));
  /** Selected columns plus the display field, which cards and links always need. */
  const queriedFields = computed(() => {
    const out = [...columns.value];
    if (displayField.value && !out.includes(displayField.value)) out.unshift(displayField.value);
    return out;
  });
  /** What rows are flagged by (overdue, idle: deal-flags.ts), read beside the columns but never exported. */
  const flagFields = computed(() =>
    flagFieldNames(meta.value)
      .map((name) => fieldByName.value.get(name))
      .filter((f): f is FieldMeta => !!f && !queriedFields.value.includes(f)),
  );
  const filter = computed<RecordFilter | null>(() =>
    graphqlFilter(state.value, fields.value, displayField.value && search.value ? { field: displayField.value, text: search.value } : undefined),
  );
  const orderBy = computed<OrderTerm[] | null>(() => (state.value.sort ? [state.value.sort] : null));
  const definition = computed<ViewDefinition>(() => toDefinition(state.value, fields.value));
  /** The active view's definition as the list reads it (defaults filled in, unknown columns dropped), to compare with. */
  const viewDefinition = computed(() =>
    activeView.value && meta.value ? toDefinition(fromDefinition(activeView.value.definition, meta.value, fields.value), fields.value) : null,
  );
  const modified = computed(() => !!viewDefinition.value && !sameDefinition(definition.value, viewDefinition.value));
  const rangeStart = computed(() => (rows.value.length ? pageIndex.value * state.value.pageSize + 1 : 0));
  const rangeEnd = computed(() => pageIndex.value * state.value.pageSize + rows.value.length);

  let asked = 0;
  async function fetchPage(): Promise<void> {
    const m = meta.value;
    if (!m || !state.value.columns.length) return;
    const mine = ++asked;
    loading.value = true;
    error.value = null;
    try {
      const data = await session.request(listDocument(m, [...queriedFields.value, ...flagFields.value], ctx.value), {
        filter: filter.value,
        orderBy: orderBy.value,
        first: state.value.pageSize,
        after: cursors.value[pageIndex.value] ?? null,
      });
      if (mine !== asked) return;
      rows.value = data.list.nodes;
      totalCount.value = data.list.totalCount;
      hasNextPage.value = data.list.pageInfo.hasNextPage;
      cursors.value[pageIndex.value + 1] = data.list.pageInfo.endCursor;
    } catch (e) {
      if (mine !== asked) return;
      error.value = e instanceof GraphqlError ? e : new GraphqlError('BAD_RESPONSE', String(e));
    } finally {
      if (mine === asked) loading.value = false;
    }
  }

  function firstPage(): void {
    searched = search.value.trim();
    cursors.value = [null];
    pageIndex.value = 0;
    selected.value = new Set();
    void fetchPage();
  }

  function nextPage(): void {
    if (!hasNextPage.value) return;
    pageIndex.value += 1;
    void fetchPage();
  }

  function previousPage(): void {
    if (pageIndex.value === 0) return;
    pageIndex.value -= 1;
    void fetchPage();
  }

  /** Columns, sort and page size outlive the visit; filters are kept only by saving a view. */
  function rememberLocally(): void {
    if (meta.value && !activeViewId.value) writeSetting(storageKey(meta.value.name), JSON.stringify({ ...definition.value, filter: null }));
  }

  function replaceState(next: ListState): void {
    state.value = next;
    layoutVersion.value += 1;
  }

  /** Changes part of the layout; anything but columns sends the list back to its first page. */
  function update(patch: Partial<ListState>): void {
    const refetch = Object.keys(patch).some((k) => k !== 'columns') || (patch.columns ?? []).some((c) => !state.value.columns.includes(c));
    state.value = { ...state.value, ...patch };
    rememberLocally();
    if (refetch) firstPage();
  }

  /** Adds a chip: a condition or a group. */
  const addCondition = (c: ConditionNode) => update({ conditions: [...state.value.conditions, c] });
  const replaceCondition = (index: number, c: ConditionNode) => update({ conditions: state.value.conditions.map((x, i) => (i === index ? c : x)) });
  const removeCondition = (index: number) => update({ conditions: state.value.conditions.filter((_, i) => i !== index) });
  const removeExtra = (index: number) => update({ extra: state.value.extra.filter((_, i) => i !== index) });
  const clearFilters = () => {
    search.value = '';
    update({ conditions: [], extra: [] });
  };

  async function loadViews(): Promise<void> {
    const m = meta.value;
    if (!m) return;
    try {
      views.value = await viewsApi.list(m.name);
      viewsAvailable.value = true;
    } catch (e) {
      views.value = [];
      if (isUnsupported(e)) viewsAvailable.value = false;
    }
  }

  /** Switches to a saved view (null: the default list, with the layout remembered in this browser). */
  function applyView(id: string | null): void {
    const m = meta.value;
    if (!m) return;
    activeViewId.value = id;
    const view = views.value.find((v) => v.id === id);
    if (view) replaceState(fromDefinition(view.definition, m, fields.value));
    else replaceState(localState(m));
    search.value = '';
    firstPage();
  }

  function localState(m: ObjectMeta): ListState {
    const stored = readSetting(storageKey(m.name));
    if (!stored) return defaultState(m, fields.value);
    try {
      return fromDefinition(JSON.parse(stored) as ViewDefinition, m, fields.value);
    } catch {
      return defaultState(m, fields.value);
    }
  }

  async function saveView(input: { id?: string | null; name: string; shared: boolean }): Promise<SavedView> {
    const m = meta.value;
    if (!m) throw new Error('no object');
    const saved = await viewsApi.save({ id: input.id, object: m.name, name: input.name, shared: input.shared, definition: definition.value });
    views.value = [...views.value.filter((v) => v.id !== saved.id), saved].sort((a, b) => a.name.localeCompare(b.name));
    activeViewId.value = saved.id;
    return saved;
  }

  async function deleteView(id: string): Promise<void> {
    await viewsApi.remove(id);
    views.value = views.value.filter((v) => v.id !== id);
    if (activeViewId.value === id) applyView(null);
  }

  /** Opens the object's list: the view named in the address, else the layout of last time, then the first page. */
  async function open(initial: { viewId?: string | null; filter?: RecordFilter | null } = {}): Promise<void> {
    const m = meta.value;
    if (!m) return;
    rows.value = [];
    totalCount.value = 0;
    activeViewId.value = null;
    search.value = '';
    views.value = [];
    const base = localState(m);
    if (initial.filter) {
      const parsed = fromDefinition({ ...toDefinition(base, fields.value), filter: initial.filter }, m, fields.value);
      replaceState({ ...base, conditions: parsed.conditions, extra: parsed.extra });
    } else replaceState(base);
    const viewsLoaded = loadViews();
    if (initial.viewId) {
      await viewsLoaded;
      if (views.value.some((v) => v.id === initial.viewId)) {
        applyView(initial.viewId);
        return;
      }
    }
    firstPage();
  }

  // Typing searches once the user pauses; resetting the text (a view applied) fetches nothing more by itself.
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let searched = '';
  watch(search, (text) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      if (text.trim() === searched) return;
      searched = text.trim();
      firstPage();
    }, 250);
  });

  function toggleSelected(id: string, on: boolean): void {
    const next = new Set(selected.value);
    if (on) next.add(id);
    else next.delete(id);
    selected.value = next;
  }
  const setSelected = (ids: string[]) => (selected.value = new Set(ids));
  const selectedRows = computed(() => rows.value.filter((r) => selected.value.has(r.id)));

  return {
    fields,
    fieldByName,
    state,
    layoutVersion,
    search,
    rows,
    totalCount,
    hasNextPage,
    loading,
    error,
    pageIndex,
    selected,
    selectedRows,
    views,
    viewsAvailable,
    activeViewId,
    activeView,
    modified,
    columns,
    displayField,
    queriedFields,
    filter,
    orderBy,
    definition,
    rangeStart,
    rangeEnd,
    open,
    fetchPage,
    firstPage,
    nextPage,
    previousPage,
    update,
    addCondition,
    replaceCondition,
    removeCondition,
    removeExtra,
    clearFilters,
    applyView,
    saveView,
    deleteView,
    loadViews,
    toggleSelected,
    setSelected,
  };
}

export type RecordList = ReturnType<typeof useRecordList>;
