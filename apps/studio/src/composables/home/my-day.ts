/**
 * What the home page shows of the signed-in user's day, read through the data API's ordinary list and aggregate
 * queries: activities due today or overdue and not done, open deals closing this month or past their close date,
 * the open pipeline by stage. "Mine" filters by owner; "team" (for admins) does not.
 *
 * The sources are the sales model's objects, found by name and fields; a workspace without them shows no such panel.
 */
import { computed, ref, type ComputedRef } from 'vue';
import { gql, type Document } from '../../api/graphql-client';
import type { FieldMeta, ObjectMeta, PipelineMeta } from '../../api/operations';
import { kindFlags, selectionOf, type FormatContext } from '../../fields';
import { useSessionStore } from '../../stores/session';
import { useWorkspaceStore } from '../../stores/workspace';
import { apiNames } from '../records/api-names';
import type { RecordRow } from '../records/queries';
import { dayWindow } from './day-window';

/** Where the home page looks for activities and deals (the sales model's names). */
export const DAY_SOURCES = {
  activities: { object: 'activity', due: 'dueAt', done: 'done' },
  deals: { object: 'opportunity', closeDate: 'closeDate' },
} as const;

export type Scope = 'mine' | 'team';

interface Page {
  list: { totalCount: number; nodes: RecordRow[] };
}

export interface StageTotal {
  stage: string;
  count: number;
  /** sums per currency (amounts of different currencies are never added up) */
  amounts: { amount: number; currency: string }[];
}

const fieldOf = (meta: ObjectMeta | undefined, name: string): FieldMeta | undefined => meta?.fields.find((f) => f.name === name);

export function useMyDay(ctx: ComputedRef<FormatContext>) {
  const session = useSessionStore();
  const workspace = useWorkspaceStore();
  const scope = ref<Scope>('mine');
  const isManager = computed(() => (session.user?.roles ?? []).includes('admin'));

  const activityMeta = computed(() => {
    const m = workspace.byName.get(DAY_SOURCES.activities.object);
    return m && fieldOf(m, DAY_SOURCES.activities.due) && fieldOf(m, DAY_SOURCES.activities.done) ? m : undefined;
  });
  const dealMeta = computed(() => {
    const m = workspace.byName.get(DAY_SOURCES.deals.object);
    return m && fieldOf(m, DAY_SOURCES.deals.closeDate) && m.pipelines?.length ? m : undefined;
  });
  const pipeline = computed<PipelineMeta | undefined>(() => dealMeta.value?.pipelines?.find((p) => p.isDefault) ?? dealMeta.value?.pipelines?.[0]);
  /** The lookups an activity is about (account, contact, deal), to say what it concerns. */
  const activityLinks = computed(() => activityMeta.value?.fields.filter((f) => kindFlags(f.kind)?.link === 'record') ?? []);

  const activities = ref<Page['list']>({ totalCount: 0, nodes: [] });
  const closingThisMonth = ref<Page['list']>({ totalCount: 0, nodes: [] });
  const overdueDeals = ref<Page['list']>({ totalCount: 0, nodes: [] });
  const stages = ref<StageTotal[]>([]);
  const status = ref<'idle' | 'loading' | 'ready' | 'failed'>('idle');

  const owned = () => (scope.value === 'mine' && session.user ? { ownerId: { eq: session.user.id } } : {});

  function listDoc(meta: ObjectMeta, fields: string[], orderField: string): Document<Page, { filter: Record<string, unknown> }> {
    const n = apiNames(meta);
    const selected = fields
      .map((name) => fieldOf(meta, name))
      .filter((f): f is FieldMeta => !!f)
      .map((f) => selectionOf(f, ctx.value));
    const idle = meta.pipelines?.length ? 'isIdle stage' : '';
    return gql(`
      query MyDay${n.type}($filter: ${n.type}Filter) {
        list: ${n.many}(filter: $filter, orderBy: [{ field: ${orderField}, direction: ASC }], first: 8) {
          totalCount
          nodes { id version ${[...new Set(selected)].join(' ')} ${idle} }
        }
      }
    `);
  }

  async function loadActivities(): Promise<void> {
    const m = activityMeta.value;
    if (!m) return;
    const w = dayWindow(new Date());
    const s = DAY_SOURCES.activities;
    const doc = listDoc(m, [m.displayField, s.due, 'type', ...activityLinks.value.map((f) => f.name)], s.due);
    const data = await session.request(doc, { filter: { [s.done]: { eq: false }, [s.due]: { lt: w.startOfTomorrow }, ...owned() } });
    activities.value = data.list;
  }

  async function loadDeals(): Promise<void> {
    const m = dealMeta.value;
    if (!m) return;
    const w = dayWindow(new Date());
    const s = DAY_SOURCES.deals;
    const amount = pipeline.value?.amountField;
    const doc = listDoc(m, [m.displayField, s.closeDate, ...(amount ? [amount] : []), 'account'], s.closeDate);
    const open = { outcome: { isNull: true }, ...owned() };
    const [month, late] = await Promise.all([
      session.request(doc, { filter: { ...open, [s.closeDate]: { gte: w.today, lte: w.monthEnd } } }),
      session.request(doc, { filter: { ...open, [s.closeDate]: { lt: w.today } } }),
    ]);
    closingThisMonth.value = month.list;
    overdueDeals.value = late.list;
  }

  async function loadPipeline(): Promise<void> {
    const m = dealMeta.value;
    if (!m) return;
    const n = apiNames(m);
    const amount = pipeline.value?.amountField;
    const doc = gql<{ groups: { key: Record<string, unknown>; count: number; sum: Record<string, number | null> }[] }, { filter: Record<string, unknown> }>(`
      query MyPipeline($filter: ${n.type}Filter) {
        groups: ${n.many}Aggregate(filter: $filter, groupBy: [stage]) { key count ${amount ? `sum { ${amount} }` : ''} }
      }
    `);
    const filter = { outcome: { isNull: true }, ...(pipeline.value ? { pipeline: { eq: pipeline.value.key } } : {}), ...owned() };
    const { groups } = await session.request(doc, { filter });
    const byStage = new Map<string, StageTotal>();
    for (const g of groups) {
      const stage = String(g.key['stage'] ?? '');
      const total = byStage.get(stage) ?? { stage, count: 0, amounts: [] };
      total.count += g.count;
      const sum = amount ? g.sum?.[amount] : null;
      const currency = amount ? String(g.key[`${amount}.currency`] ?? session.tenant?.currency ?? '') : '';
      if (typeof sum === 'number' && currency) total.amounts.push({ amount: sum, currency });
      byStage.set(stage, total);
    }
    // In the pipeline's stage order.
    const order = pipeline.value?.stages.map((st) => st.key) ?? [];
    stages.value = [...byStage.values()].sort((a, b) => order.indexOf(a.stage) - order.indexOf(b.stage));
  }

  async function load(): Promise<void> {
    status.value = 'loading';
    try {
      await Promise.all([loadActivities(), loadDeals(), loadPipeline()]);
      status.value = 'ready';
    } catch {
      status.value = 'failed';
    }
  }

  /** Marks an activity done and takes it off the list. */
  async function markDone(row: RecordRow): Promise<void> {
    const m = activityMeta.value;
    if (!m) return;
    const n = apiNames(m);
    const doc = gql<{ record: { id: string } }, { id: string; version: number; input: Record<string, unknown> }>(
      `mutation MarkDone($id: ID!, $version: Int!, $input: ${n.type}Input!) { record: ${n.update}(id: $id, version: $version, input: $input) { id } }`,
    );
    await session.request(doc, { id: row.id, version: row.version, input: { [DAY_SOURCES.activities.done]: true } });
    activities.value = { totalCount: activities.value.totalCount - 1, nodes: activities.value.nodes.filter((r) => r.id !== row.id) };
  }

  return { scope, isManager, activityMeta, dealMeta, pipeline, activityLinks, activities, closingThisMonth, overdueDeals, stages, status, load, markDone };
}
