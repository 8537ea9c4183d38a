/**
 * A record's timeline from the server (`timeline`: creation, field changes, stage moves, activities, newest
 * first). A server without it yet gets a shorter one built from the record itself: its creation and stage history.
 */
import { GraphqlError, gql } from '../../api/graphql-client';
import { useSessionStore } from '../../stores/session';
import { isUnsupported } from './saved-views';

export interface TimelineEntry {
  at: string;
  kind: 'created' | 'updated' | 'stage' | 'activity' | (string & {});
  actorId: string | null;
  title: string;
  details: Record<string, unknown> | null;
}

export interface StageHistoryEntry {
  pipeline: string;
  fromStage: string | null;
  toStage: string;
  movedAt: string;
  movedBy: string | null;
}

const TIMELINE = gql<{ timeline: TimelineEntry[] }, { object: string; recordId: string; first: number }>(
  'query Timeline($object: String!, $recordId: ID!, $first: Int) { timeline(object: $object, recordId: $recordId, first: $first) { at kind actorId title details } }',
);

export function useTimelineApi() {
  const session = useSessionStore();

  /** The entries, and whether they came from the server's full timeline. */
  async function load(
    object: string,
    recordId: string,
    first: number,
    fallback: () => Promise<{ createdAt: string; createdBy: string | null; stageHistory: StageHistoryEntry[] }>,
  ): Promise<{ entries: TimelineEntry[]; full: boolean }> {
    try {
      return { entries: (await session.request(TIMELINE, { object, recordId, first })).timeline, full: true };
    } catch (e) {
      if (!isUnsupported(e)) throw e instanceof GraphqlError ? e : new GraphqlError('BAD_RESPONSE', String(e));
    }
    const record = await fallback();
    const entries: TimelineEntry[] = [
      ...record.stageHistory.map((h) => ({ at: h.movedAt, kind: 'stage', actorId: h.movedBy, title: h.toStage, details: { ...h } })),
      { at: record.createdAt, kind: 'created', actorId: record.createdBy, title: '', details: {} },
    ];
    entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    return { entries, full: false };
  }

  return { load };
}
