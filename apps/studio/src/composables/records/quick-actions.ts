/**
 * Quick actions on a record: log a call, add a task (due date and reminder), add a note. Each is an activity
 * created through the data API and linked to the record (and to the record's account, when both have one), so
 * the record's timeline shows it as soon as it reloads.
 */
import { computed, type ComputedRef } from 'vue';
import type { ObjectMeta } from '../../api/operations';
import { kindFlags } from '../../fields';
import { useSessionStore } from '../../stores/session';
import { useWorkspaceStore } from '../../stores/workspace';
import { createDocument, type RecordRow } from './queries';

export const QUICK_ACTIVITY_OBJECT = 'activity';
export type QuickAction = 'call' | 'task' | 'note';

export interface QuickActionInput {
  subject: string;
  notes: string;
  /** task: when it is due (ISO) */
  dueAt?: string | null;
  /** task: when to remind (ISO), null for no reminder */
  remindAt?: string | null;
}

/** The activity type each action records (options of the activity's `type` field). */
const TYPE_OF: Record<QuickAction, string> = { call: 'call', task: 'task', note: 'note' };

export function useQuickActions(meta: ComputedRef<ObjectMeta | undefined>, record: ComputedRef<RecordRow | null>) {
  const session = useSessionStore();
  const workspace = useWorkspaceStore();
  const activity = computed(() => workspace.byName.get(QUICK_ACTIVITY_OBJECT));
  const links = computed(() => activity.value?.fields.filter((f) => kindFlags(f.kind)?.link === 'record') ?? []);
  /** The activity's lookup to this record's object: no such lookup, no quick actions. */
  const link = computed(() => links.value.find((f) => f.target === meta.value?.name));
  const has = (field: string) => !!activity.value?.fields.some((f) => f.name === field);
  const types = computed(() => new Set(activity.value?.fields.find((f) => f.name === 'type')?.options?.map((o) => o.value) ?? []));
  const available = computed<QuickAction[]>(() => (link.value ? (['call', 'task', 'note'] as const).filter((a) => types.value.has(TYPE_OF[a])) : []));
  const canRemind = computed(() => has('remindAt'));

  async function perform(action: QuickAction, input: QuickActionInput): Promise<string> {
    const a = activity.value;
    const l = link.value;
    const r = record.value;
    if (!a || !l || !r) throw new Error('no activity object links to this record');
    const values: Record<string, unknown> = { subject: input.subject.trim(), type: TYPE_OF[action], [l.name]: r.id };
    // The record's own links (a deal's account, a contact's account) carry over, so their timelines show it too.
    for (const other of links.value) {
      if (other === l) continue;
      const value = r[other.name] as { id?: string } | null | undefined;
      if (value?.id && meta.value?.fields.some((f) => f.name === other.name && f.target === other.target)) values[other.name] = value.id;
    }
    if (input.notes.trim() && has('notes')) values['notes'] = input.notes.trim();
    if (action === 'task') {
      values['dueAt'] = input.dueAt ?? null;
      values['done'] = false;
      if (canRemind.value) values['remindAt'] = input.remindAt ?? null;
    } else {
      // A logged call or a note is something that happened now.
      values['dueAt'] = new Date().toISOString();
      values['done'] = true;
    }
    const { record: created } = await session.request(createDocument(a), { input: values });
    return created.id;
  }

  return { available, canRemind, perform };
}
