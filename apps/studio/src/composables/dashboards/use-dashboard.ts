/**
 * The dashboards page's state: the dashboards the viewer may open, the one chosen, the global filters the
 * reader set (kept in the address, so a reload or a shared link shows the same), and the run of every widget.
 * A filter left at "default" sends nothing, so the document's own default applies.
 */
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { GraphqlError } from '../../api/graphql-client';
import { useSessionStore } from '../../stores/session';
import { DashboardDocument, DashboardsDocument, type DashboardFilterInput, type DashboardMeta, type DashboardRun } from './dashboard-api';

/** The periods offered, by the key the address and the catalogue use, with what the API is sent. */
export const PERIODS: Record<string, unknown> = {
  this_month: 'this_month',
  last_month: 'last_month',
  this_quarter: 'this_quarter',
  last_quarter: 'last_quarter',
  this_year: 'this_year',
  last_year: 'last_year',
  this_fiscal_year: 'this_fiscal_year',
  last_fiscal_year: 'last_fiscal_year',
  last_30_days: { last: 30, unit: 'day' },
  last_90_days: { last: 90, unit: 'day' },
  last_12_months: { last: 12, unit: 'month' },
};

export const DEFAULT = 'default';

export interface FilterChoice {
  /** A key of PERIODS, or "default". */
  period: string;
  /** "me", "any", a user id, or "default". */
  owner: string;
}

export function filterInput(choice: FilterChoice): DashboardFilterInput | null {
  const out: DashboardFilterInput = {};
  if (choice.period !== DEFAULT && PERIODS[choice.period] !== undefined) out.period = PERIODS[choice.period];
  if (choice.owner !== DEFAULT) out.owner = choice.owner;
  return Object.keys(out).length ? out : null;
}

export function useDashboard(name: Ref<string | undefined>, choice: Ref<FilterChoice>) {
  const session = useSessionStore();
  const dashboards = shallowRef<DashboardMeta[]>([]);
  const listStatus = ref<'loading' | 'ready' | 'failed'>('loading');
  const run = shallowRef<DashboardRun | null>(null);
  const status = ref<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  const error = shallowRef<GraphqlError | null>(null);

  /** The dashboard shown: the one named, else the home dashboard, else the first. */
  const current = computed<DashboardMeta | undefined>(
    () => dashboards.value.find((d) => d.key === name.value) ?? (name.value ? undefined : (dashboards.value.find((d) => d.home) ?? dashboards.value[0])),
  );

  async function loadList(): Promise<void> {
    listStatus.value = 'loading';
    try {
      dashboards.value = (await session.request(DashboardsDocument, {})).dashboards;
      listStatus.value = 'ready';
    } catch {
      listStatus.value = 'failed';
    }
  }

  let asked = 0;
  async function load(): Promise<void> {
    const d = current.value;
    if (!d) return;
    const mine = ++asked;
    status.value = 'loading';
    error.value = null;
    try {
      const data = await session.request(DashboardDocument, { name: d.key, filters: filterInput(choice.value) });
      if (mine !== asked) return;
      run.value = data.dashboard;
      status.value = 'ready';
    } catch (e) {
      if (mine !== asked) return;
      error.value = e instanceof GraphqlError ? e : new GraphqlError('BAD_RESPONSE', String(e));
      status.value = 'failed';
    }
  }

  watch([current, () => JSON.stringify(choice.value)], () => void load());

  return { dashboards, listStatus, current, run, status, error, loadList, load };
}
