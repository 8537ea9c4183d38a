/**
 * Executes one action row (a graphile-worker job carries its id). Record-writing actions write in the same
 * transaction that marks the row done, so a retried or duplicated job finds it done and does nothing: a
 * retried "create task" makes one task. A failed attempt is recorded outside that transaction and the job
 * is re-enqueued after an exponential backoff with jitter; after MAX attempts the row is dead (visible,
 * re-runnable with retryAutomationAction).
 */
import { conditionData, fillTemplate, localized, mergeFieldsOf, UNIT_MS, type RuleAction, type TenantModel, type UserRef } from '@funnelcraft/definitions';
import { evaluate } from '@funnelcraft/expressions';
import type { Actor, Tenant } from '@funnelcraft/kernel';
import { createRecord, getRecord, updateRecordVersioned, type RecordContext } from '@funnelcraft/records';
import {
  enqueueAction,
  failAction,
  findUserById,
  finishAction,
  insertMail,
  insertNotification,
  lockAction,
  mailRecipient,
  withTransaction,
  type ActionRow,
  type PlatformOrm,
  type Pool,
  type PoolClient,
  type Row,
} from '@funnelcraft/storage';
import type { AutomationModels } from './models.js';
import type { Mailer } from './mail.js';
import { callWebhook } from './webhook.js';
import { assignRoundRobin } from './round-robin.js';
import { createRelatedRecord, updateRelated } from './related-actions.js';

/** Who actions run as when a rule declares no user. */
export const SYSTEM_ACTOR: Actor = { userId: '00000000-0000-0000-0000-000000000000', email: 'automation@system', roles: ['admin'] };

export interface ActionSettings {
  maxAttempts: number;
  /** First retry delay; each further attempt doubles it (capped at an hour), times a random 0.5–1.5. */
  backoffBaseMs: number;
  /** Longest a webhook call may take before it counts as a failed attempt. */
  webhookTimeoutMs: number;
}

/** What actions reach outside the database with. */
export interface ActionDeps {
  mailer: Mailer;
}

/** An error retrying cannot fix (an action this server cannot perform): the row goes dead at once. */
export class PermanentError extends Error {}

export const backoffMs = (attempt: number, base: number) => Math.min(3_600_000, base * 2 ** Math.max(0, attempt - 1)) * (0.5 + Math.random());

export interface Scope {
  settings: ActionSettings;
  deps: ActionDeps;
  tx: PoolClient;
  row: ActionRow;
  tenant: Tenant;
  model: TenantModel;
  ctx: RecordContext;
  record: Row | null;
  at: Date;
}

/** The record's values with the lookups a template reads (`account.name`) filled in. */
async function mergeValues(s: Scope, templates: (string | Record<string, string> | undefined)[]): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = { ...(s.record ?? {}) };
  const o = s.model.byName.get(s.row.object)!;
  const lookups = new Set(
    templates
      .flatMap((t) => (t === undefined ? [] : typeof t === 'string' ? [t] : Object.values(t)))
      .flatMap(mergeFieldsOf)
      .filter((n) => n.includes('.'))
      .map((n) => n.split('.')[0]!),
  );
  for (const name of lookups) {
    const f = o.fieldsByName.get(name);
    const id = s.record?.[name];
    if (f?.target && typeof id === 'string') values[name] = await getRecord(s.ctx, f.target, id);
  }
  return values;
}

export function userOf(s: Scope, ref: UserRef | undefined): string | undefined {
  if (ref === undefined || ref === 'owner') return (s.record?.['ownerId'] as string | undefined) ?? undefined;
  if (ref === 'actor') return s.ctx.actor.userId === SYSTEM_ACTOR.userId ? undefined : s.ctx.actor.userId;
  if (typeof ref === 'object') return (s.record?.[ref.field] as string | undefined) ?? undefined;
  return ref;
}

/** The task a create_task action makes, as record input (PermanentError when it cannot be made). */
export async function taskInput(s: Scope, action: RuleAction): Promise<Record<string, unknown>> {
  if (action.type !== 'create_task') throw new PermanentError('not a task');
  const values = await mergeValues(s, [action.subject, action.notes]);
  const assignee = userOf(s, action.assignee);
  if (!assignee) throw new PermanentError('the task has no assignee: the record has no owner and the rule names none');
  const activity = s.model.byName.get('activity')!;
  const link = activity.fields.find((f) => f.kind.link === 'record' && f.target === s.row.object);
  const input: Record<string, unknown> = { subject: fillTemplate(action.subject, values, s.at).slice(0, 200), ownerId: assignee };
  if (activity.fieldsByName.get('type')?.options.some((o) => o.value === 'task')) input['type'] = 'task';
  if (action.notes !== undefined && activity.fieldsByName.has('notes')) input['notes'] = fillTemplate(action.notes, values, s.at);
  if (action.due && activity.fieldsByName.has('dueAt')) input['dueAt'] = new Date(s.at.getTime() + action.due.in * UNIT_MS[action.due.unit]).toISOString();
  if (link && s.row.recordId) input[link.name] = s.row.recordId;
  return input;
}

/** The notification a notify action writes (PermanentError when it has no recipient). */
export async function notification(s: Scope, action: RuleAction) {
  if (action.type !== 'notify') throw new PermanentError('not a notification');
  const user = userOf(s, action.to);
  if (!user) throw new PermanentError('no recipient: the record has no owner and the rule names none');
  const text = localized(action.message, undefined);
  const message = fillTemplate(text, await mergeValues(s, [text]), s.at);
  return { tenantId: s.tenant.id, userId: user, message, object: s.row.object, recordId: s.row.recordId, actionId: s.row.id };
}

type Performer = (s: Scope, action: RuleAction) => Promise<{ result: unknown; nextAt?: Date }>;

const PERFORMERS: Partial<Record<RuleAction['type'], Performer>> = {
  create_task: async (s, action) => {
    const task = await createRecord(s.ctx, 'activity', await taskInput(s, action));
    return { result: { taskId: task['id'] } };
  },
  update_fields: async (s, action) => {
    if (action.type !== 'update_fields' || !s.record || !s.row.recordId) throw new PermanentError('the record is gone');
    const data = conditionData({ object: s.row.object, kind: 'updated', record: s.record, previous: s.record, actorId: s.ctx.actor.userId, at: s.at });
    const patch = Object.fromEntries(Object.entries(action.values).map(([k, v]) => [k, evaluate(v, data)]));
    const updated = await updateRecordVersioned(s.ctx, s.row.object, s.row.recordId, Number(s.record['version']), patch);
    return { result: { version: updated['version'], values: patch } };
  },
  update_related: updateRelated,
  create_record: createRelatedRecord,
  notify: async (s, action) => {
    const n = await notification(s, action);
    await insertNotification(s.tx, n);
    return { result: { userId: n.userId } };
  },
  send_email: async (s, action) => {
    if (action.type !== 'send_email') throw new PermanentError('not a mail');
    const user = userOf(s, action.to);
    const recipient = user ? await mailRecipient(s.tx, s.tenant.id, user) : undefined;
    if (!recipient) throw new PermanentError('no recipient: the record has no owner and the rule names none');
    const language = recipient.language ?? 'en';
    const subjectT = localized(action.subject, language);
    const bodyT = localized(action.body, language);
    const values = await mergeValues(s, [subjectT, bodyT]);
    const mail = { to: recipient.email, subject: fillTemplate(subjectT, values, s.at), text: fillTemplate(bodyT, values, s.at) };
    const sent = await s.deps.mailer.send(mail);
    await insertMail(s.tx, {
      tenantId: s.tenant.id,
      actionId: s.row.id,
      to: mail.to,
      subject: mail.subject,
      body: mail.text,
      language,
      status: sent ? 'sent' : 'stored',
      messageId: sent?.messageId,
    });
    return { result: { to: mail.to, language, status: sent ? 'sent' : 'stored' } };
  },
  webhook: async (s, action) => {
    if (action.type !== 'webhook') throw new PermanentError('not a webhook');
    const values = await mergeValues(s, [action.body]);
    const fallback = { rule: s.row.rule, event: s.row.eventId, object: s.row.object, recordId: s.row.recordId, record: s.record };
    const call = await callWebhook(action, values, fallback, (t) => fillTemplate(t, values, s.at), s.settings.webhookTimeoutMs, s.at);
    return { result: call };
  },
  assign_round_robin: assignRoundRobin,
  wait: async (s, action) => {
    if (action.type !== 'wait') throw new PermanentError('not a wait');
    return { result: null, nextAt: new Date(s.at.getTime() + action.for * UNIT_MS[action.unit]) };
  },
};

/** The user a run acts as, read through the ORM (a platform entity; not part of the action's transaction). */
export async function actorFor(orm: PlatformOrm, tenantId: string, runAs: string | null): Promise<Actor> {
  if (!runAs) return SYSTEM_ACTOR;
  const user = await findUserById(orm, tenantId, runAs);
  if (!user) throw new PermanentError(`the rule runs as user ${runAs}, who no longer exists`);
  return { userId: user.id, email: user.email, roles: user.roles };
}

export async function executeAction(
  pool: Pool,
  orm: PlatformOrm,
  models: AutomationModels,
  settings: ActionSettings,
  deps: ActionDeps,
  actionId: string,
  log: (m: string) => void,
): Promise<void> {
  const startedAt = new Date();
  try {
    await withTransaction(pool, async (tx) => {
      const row = await lockAction(tx, actionId);
      if (!row || row.status === 'done' || row.status === 'skipped' || row.status === 'dead') return;
      const applied = await models.load(tx, row.tenantId);
      const action = applied?.model.rules.get(row.rule)?.actions[row.index];
      if (!applied || !action || action.type !== row.type) {
        await finishAction(tx, row.id, 'skipped', { reason: 'the rule was changed or removed since this run started' }, startedAt);
        return;
      }
      const perform = PERFORMERS[action.type];
      if (!perform) throw new PermanentError(`${action.type} actions are not performed by this server yet`);
      const actor = await actorFor(orm, row.tenantId, row.runAs);
      const ctx: RecordContext = { tenant: applied.tenant, actor, db: tx, orm, model: applied.model, inTransaction: true, automationDepth: row.depth + 1 };
      const record = row.recordId ? await getRecord(ctx, row.object, row.recordId) : null;
      const { result, nextAt } = await perform({ settings, deps, tx, row, tenant: applied.tenant, model: applied.model, ctx, record, at: startedAt }, action);
      await finishAction(tx, row.id, 'done', { ...(result && typeof result === 'object' ? result : {}), runAs: row.runAs ?? 'system' }, startedAt);
      if (row.nextId) await enqueueAction(tx, row.nextId, nextAt);
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const permanent = err instanceof PermanentError;
    const { attempts, dead } = await failAction(pool, actionId, message, permanent ? 0 : settings.maxAttempts);
    if (dead) log(`automation: action ${actionId} is dead after ${attempts} attempt(s): ${message}`);
    else await enqueueAction(pool, actionId, new Date(Date.now() + backoffMs(attempts, settings.backoffBaseMs)));
  }
}
