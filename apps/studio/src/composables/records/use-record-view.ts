/**
 * A record's 360° view: the record with every field and the first rows of each related list, in one query;
 * moving it to the recycle bin; the stage history for timelines of servers without `timeline`.
 */
import { computed, ref, shallowRef, type Ref } from 'vue';
import { GraphqlError, gql } from '../../api/graphql-client';
import type { ObjectMeta } from '../../api/operations';
import type { FormatContext } from '../../fields';
import { useSessionStore } from '../../stores/session';
import { useWorkspaceStore } from '../../stores/workspace';
import { apiNames } from './api-names';
import { deleteDocument, recordDocument, type RelatedConnection, type RecordRow } from './queries';
import { recordFields } from './record-fields';
import { relatedColumns, type RelatedColumns } from './related-columns';
import { reverseRelations, type ReverseRelation } from './relations';
import type { StageHistoryEntry } from './timeline';

export interface RelatedList extends RelatedColumns {
  relation: ReverseRelation;
  data: RelatedConnection | null;
}

export function useRecordView(meta: Ref<ObjectMeta | undefined>, id: Ref<string>, ctx: Ref<FormatContext>) {
  const session = useSessionStore();
  const workspace = useWorkspaceStore();
  const status = ref<'loading' | 'ready' | 'not-found' | 'error'>('loading');
  const error = shallowRef<GraphqlError | null>(null);
  const record = shallowRef<RecordRow | null>(null);
  const related = shallowRef<RelatedList[]>([]);

  const fields = computed(() => (meta.value ? recordFields(meta.value) : []));
  const relations = computed(() => (meta.value ? reverseRelations(meta.value.name, workspace.objects) : []));

  let asked = 0;
  async function load(quiet = false): Promise<void> {
    const m = meta.value;
    if (!m) return;
    const mine = ++asked;
    if (!quiet) status.value = 'loading';
    error.value = null;
    const lists = relations.value.map((relation) => ({ relation, ...relatedColumns(relation) }));
    const read = lists.map((l) => ({ relation: l.relation, fields: [...l.fields, ...l.badges, ...l.nameFields] }));
    try {
      const data = await session.request(recordDocument(m, fields.value, ctx.value, read), { id: id.value });
      if (mine !== asked) return;
      record.value = data.record;
      related.value = lists.map((l) => ({ ...l, data: (data.record?.[`rel_${l.relation.name}`] as RelatedConnection | undefined) ?? null }));
      status.value = data.record ? 'ready' : 'not-found';
    } catch (e) {
      if (mine !== asked) return;
      error.value = e instanceof GraphqlError ? e : new GraphqlError('BAD_RESPONSE', String(e));
      status.value = error.value.code === 'NOT_FOUND' ? 'not-found' : 'error';
    }
  }

  async function remove(): Promise<void> {
    const m = meta.value;
    const r = record.value;
    if (!m || !r) return;
    await session.request(deleteDocument(m), { id: r.id, version: r.version });
  }

  /** Creation and stage history: what a timeline can show without the server's `timeline`. */
  async function history(): Promise<{ createdAt: string; createdBy: string | null; stageHistory: StageHistoryEntry[] }> {
    const m = meta.value;
    if (!m) return { createdAt: new Date().toISOString(), createdBy: null, stageHistory: [] };
    const stages = m.pipelines?.length ? 'stageHistory { pipeline fromStage toStage movedAt movedBy }' : '';
    const doc = gql<{ record: { createdAt: string; createdBy: string | null; stageHistory?: StageHistoryEntry[] } | null }, { id: string }>(
      `query RecordHistory($id: ID!) { record: ${apiNames(m).one}(id: $id) { createdAt createdBy ${stages} } }`,
    );
    const data = await session.request(doc, { id: id.value });
    return {
      createdAt: data.record?.createdAt ?? new Date().toISOString(),
      createdBy: data.record?.createdBy ?? null,
      stageHistory: data.record?.stageHistory ?? [],
    };
  }

  return { status, error, record, related, fields, relations, load, remove, history };
}
