/**
 * The automation outbox: a CTE that inserts one event per written row into platform.automation_events, in
 * the write's own statement. Updates, deletes and restores of one record also carry the values before the
 * write (read by a CTE, which sees the row as it was before the statement).
 */
import type { ObjectModel } from '@funnelcraft/definitions';
import type { SqlParams } from '@funnelcraft/expressions';
import { objectSql } from './object-sql.js';
import { q, quoteLiteral } from './sql-text.js';

export type RecordEventKind = 'created' | 'updated' | 'deleted' | 'restored';

export interface RecordEvent {
  tenantId: string;
  kind: RecordEventKind;
  /** How many rule actions led to this write (0 for people and the API). */
  depth: number;
}

/** `event_before` (for writes of one record known by id) and `automation_event`, to join a `WITH written AS (…)` statement. */
export function automationEventCtes(
  schema: string,
  o: ObjectModel,
  event: RecordEvent,
  params: SqlParams,
  actorPlaceholder: string,
  written: string,
  idPlaceholder?: string,
): string[] {
  const ctes: string[] = [];
  let previous = 'NULL::jsonb';
  if (idPlaceholder && event.kind !== 'created') {
    ctes.push(
      `event_before AS (SELECT to_jsonb(b) AS prev FROM (SELECT ${objectSql(o).selectList} FROM ${q(schema)}.${q(o.table)} t WHERE t.id = ${idPlaceholder}::uuid) b)`,
    );
    previous = '(SELECT prev FROM event_before)';
  }
  const tenant = params.add(event.tenantId);
  ctes.push(`automation_event AS (INSERT INTO platform.automation_events (tenant_id, object, record_id, kind, record, previous, actor_id, depth)
    SELECT ${tenant}::uuid, ${quoteLiteral(o.name)}, u.id, ${quoteLiteral(event.kind)}, to_jsonb(u), ${previous}, ${actorPlaceholder}::uuid, ${params.add(event.depth, 'int')} FROM ${written} u)`);
  return ctes;
}
