/**
 * A record's timeline, newest first: its creation, field changes (grouped per save), stage moves, its trips to
 * the recycle bin and back, and the activities that point at it (any lookup of the `activity` object to this
 * record's object), and its approval requests (asked for, each step's decision).
 */
import type { ObjectModel } from '@funnelcraft/definitions';
import { approvalRequestsOf, fieldHistoryOf, findRecordsByIds, listRecords, stageHistoryOf, type ApprovalRequestRow, type Row } from '@funnelcraft/storage';
import type { RecordContext } from './context.js';
import { authorize, limitedFields, scopedFilter, withScope, type Scope } from './permissions.js';
import { objectOf } from './records-service.js';
import { visibleRequests } from './approvals-service.js';

export interface TimelineEntry {
  at: string;
  kind: 'created' | 'updated' | 'stage' | 'deleted' | 'restored' | 'activity' | 'approval';
  actorId: string | null;
  title: string;
  details: Record<string, unknown>;
}

const ACTIVITY_OBJECT = 'activity';

async function activitiesAbout(ctx: RecordContext, objectName: string, id: string, limit: number): Promise<TimelineEntry[]> {
  const activity = ctx.model.byName.get(ACTIVITY_OBJECT);
  const links = activity?.fields.filter((f) => f.kind.link === 'record' && f.target === objectName) ?? [];
  if (!activity || !links.length) return [];
  const filter = { or: links.map((f) => ({ '==': [{ var: f.name }, id] })) };
  const page = await listRecords(ctx.db, ctx.tenant.schema, activity, {
    filter: scopedFilter(ctx, activity.name, filter),
    first: limit,
    orderBy: [{ field: 'createdAt', direction: 'DESC' }],
  });
  return page.rows.map((a: Row) => ({
    at: (a['dueAt'] as string | null) ?? (a['createdAt'] as string),
    kind: 'activity' as const,
    actorId: (a['ownerId'] as string | null) ?? null,
    title: String(a[activity.displayField] ?? ''),
    details: { id: a['id'], object: ACTIVITY_OBJECT, type: a['type'] ?? null, done: a['done'] ?? null, dueAt: a['dueAt'] ?? null },
  }));
}

/** An approval request as timeline entries: the change asked for, then each step's decision with its comment. */
function approvalEntries(r: ApprovalRequestRow): TimelineEntry[] {
  const base = { requestId: r.id, rule: r.rule, fields: r.fields, patch: r.patch, previous: r.previous, steps: r.steps.length };
  return [
    {
      at: r.createdAt,
      kind: 'approval',
      actorId: r.requestedBy,
      title: `approval requested: ${r.fields.join(', ')}`,
      details: { ...base, event: 'requested' },
    },
    ...r.decisions.map((d): TimelineEntry => {
      const final = d.decision === 'rejected' || d.step === r.steps.length - 1;
      const outcome = d.decision === 'rejected' ? 'rejected, not applied' : final ? 'approved and applied' : `step ${d.step + 1} of ${r.steps.length} approved`;
      return {
        at: d.decidedAt,
        kind: 'approval',
        actorId: d.decidedBy,
        title: `${r.fields.join(', ')}: ${outcome}`,
        details: { ...base, event: d.decision, step: d.step, final, comment: d.comment },
      };
    }),
  ];
}

/** The record, also from the recycle bin: a binned record's timeline says who binned it and when. */
async function liveOrBinned(ctx: RecordContext, o: ObjectModel, id: string, scope: Scope): Promise<Row | undefined> {
  const [live] = await findRecordsByIds(ctx.db, ctx.tenant.schema, o, [id], undefined, scope);
  if (live) return live;
  const binned = await listRecords(ctx.db, ctx.tenant.schema, o, { filter: withScope(scope, { '==': [{ var: 'id' }, id] }), first: 1, deleted: true });
  return binned.rows[0];
}

export async function recordTimeline(ctx: RecordContext, objectName: string, id: string, limit = 50): Promise<TimelineEntry[]> {
  const o = objectOf(ctx, objectName);
  // A record outside the actor's scope has no timeline: its history, stages and activities stay unread.
  const record = await liveOrBinned(ctx, o, id, authorize(ctx, 'read', o.name));
  if (!record) return [];
  const [changes, stages, activities, approvals] = await Promise.all([
    fieldHistoryOf(ctx.db, ctx.tenant.schema, o.name, id, limit * 5),
    o.pipelines.length ? stageHistoryOf(ctx.db, ctx.tenant.schema, o.name, [id]) : Promise.resolve([]),
    activitiesAbout(ctx, o.name, id, limit),
    approvalRequestsOf(ctx.db, ctx.tenant.id, o.name, id, limit),
  ]);
  const saves = new Map<string, TimelineEntry>();
  const bin: TimelineEntry[] = [];
  // A field hidden from the actor's role is not in its reads, so not in the history it reads either.
  const limits = limitedFields(ctx, o);
  for (const c of changes) {
    if (limits.get(c.field) === 'hidden') continue;
    // Binning sets deletedAt, restoring clears it (field history keeps both, see the records service).
    if (c.field === 'deletedAt') {
      bin.push({ at: c.changedAt, kind: c.newValue === null ? 'restored' : 'deleted', actorId: c.changedBy, title: '', details: {} });
      continue;
    }
    const key = `${c.changedAt}|${c.changedBy ?? ''}`;
    const entry = saves.get(key) ?? { at: c.changedAt, kind: 'updated' as const, actorId: c.changedBy, title: '', details: { changes: [] as unknown[] } };
    (entry.details['changes'] as unknown[]).push({ field: c.field, from: c.oldValue, to: c.newValue });
    entry.title = (entry.details['changes'] as { field: string }[]).map((x) => x.field).join(', ');
    saves.set(key, entry);
  }
  const entries: TimelineEntry[] = [
    {
      at: record['createdAt'] as string,
      kind: 'created',
      actorId: (record['createdBy'] as string | null) ?? null,
      title: String(record[o.displayField] ?? ''),
      details: {},
    },
    ...saves.values(),
    ...bin,
    ...stages.map((h): TimelineEntry => ({
      at: h.movedAt,
      kind: 'stage',
      actorId: h.movedBy,
      title: `${h.fromStage ?? '∅'} → ${h.toStage}`,
      details: { pipeline: h.pipeline, fromStage: h.fromStage, toStage: h.toStage, amount: h.amount, currency: h.currency, daysInPrevious: h.daysInPrevious },
    })),
    ...activities,
    ...visibleRequests(ctx, approvals).flatMap(approvalEntries),
  ];
  // Newest first; a record's creation comes after (below) what happened at the same instant, such as entering
  // its first stage.
  const rank = (e: TimelineEntry) => (e.kind === 'created' ? 1 : 0);
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : rank(a) - rank(b))).slice(0, limit);
}
