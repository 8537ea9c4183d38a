/**
 * Sets one field on many records: one `update<Type>` per record with the version it was listed at, a few at
 * a time. A record changed since (CONFLICT) or refused is counted, not retried: the user reloads and decides.
 */
import { GraphqlError } from '../../api/graphql-client';
import type { ObjectMeta } from '../../api/operations';
import { useSessionStore } from '../../stores/session';
import { updateDocument } from './queries';

export interface BulkResult {
  updated: number;
  conflicts: number;
  failed: number;
  firstError: string | null;
}

const PARALLEL = 4;

export function useBulkUpdate() {
  const session = useSessionStore();

  async function bulkUpdate(
    meta: ObjectMeta,
    records: { id: string; version: number }[],
    input: Record<string, unknown>,
    progress: (done: number) => void,
  ): Promise<BulkResult> {
    const doc = updateDocument(meta);
    const result: BulkResult = { updated: 0, conflicts: 0, failed: 0, firstError: null };
    let next = 0;
    let done = 0;
    async function worker(): Promise<void> {
      while (next < records.length) {
        const r = records[next++]!;
        try {
          await session.request(doc, { id: r.id, version: r.version, input });
          result.updated += 1;
        } catch (e) {
          if (e instanceof GraphqlError && e.code === 'CONFLICT') result.conflicts += 1;
          else {
            result.failed += 1;
            result.firstError ??= e instanceof Error ? e.message : String(e);
          }
        }
        progress(++done);
      }
    }
    await Promise.all(Array.from({ length: Math.min(PARALLEL, records.length) }, worker));
    return result;
  }

  return { bulkUpdate };
}
