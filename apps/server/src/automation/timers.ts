/**
 * Time-relative triggers: N minutes/hours/days before or after a date or datetime field. The dispatcher
 * (re)schedules a keyed graphile-worker job whenever a watched record is written (a deleted record, or an
 * emptied date, cancels it); the job re-reads the record when it fires and runs the rule only if the time it
 * was scheduled for is still the record's. Jobs live in PostgreSQL: they survive restarts, and the run's
 * idempotency key (rule + record + time) makes it fire once even if two servers held the job.
 */
import { createHash } from 'node:crypto';
import { evaluate, isTruthy } from '@funnelcraft/expressions';
import { conditionData, UNIT_MS, type RuleModel, type TenantModel } from '@funnelcraft/definitions';
import { getRecord } from '@funnelcraft/records';
import { cancelRuleTimer, insertRun, scheduleRuleTimer, withTransaction, type Pool, type PoolClient } from '@funnelcraft/storage';
import { SYSTEM_ACTOR } from './actions.js';
import type { AutomationModels } from './models.js';

/** When a time-relative rule fires for a record with these values, or undefined when the date is empty. */
export function fireTime(rule: RuleModel, record: Record<string, unknown>): string | undefined {
  if (rule.trigger.type !== 'time_relative') return undefined;
  const value = record[rule.trigger.field];
  if (value === null || value === undefined || value === '') return undefined;
  const base =
    value instanceof Date ? value.getTime() : new Date(typeof value === 'string' && value.length === 10 ? `${value}T00:00:00Z` : String(value)).getTime();
  if (Number.isNaN(base)) return undefined;
  const offset = rule.trigger.offset * UNIT_MS[rule.trigger.unit] * (rule.trigger.direction === 'before' ? -1 : 1);
  return new Date(base + offset).toISOString();
}

/** Schedules, moves or cancels the timers of the time-relative rules on a written record. */
export async function rescheduleTimers(
  tx: PoolClient,
  model: TenantModel,
  e: { tenantId: string; object: string; recordId: string; kind: string; record: Record<string, unknown> },
): Promise<void> {
  for (const rule of model.rules.values()) {
    if (!rule.enabled || rule.object !== e.object || rule.trigger.type !== 'time_relative') continue;
    const at = e.kind === 'deleted' ? undefined : fireTime(rule, e.record);
    const key = { tenantId: e.tenantId, rule: rule.key, recordId: e.recordId };
    if (at) await scheduleRuleTimer(tx, { ...key, at });
    else await cancelRuleTimer(tx, key);
  }
}

/** A stable uuid-shaped id of one firing: the run's idempotency key with the rule. */
const firingId = (rule: string, recordId: string, at: string) => {
  const h = createHash('sha256').update(`${rule}|${recordId}|${at}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export async function fireTimer(pool: Pool, models: AutomationModels, p: { tenantId: string; rule: string; recordId: string; at: string }): Promise<void> {
  await withTransaction(pool, async (tx) => {
    const applied = await models.load(tx, p.tenantId);
    const rule = applied?.model.rules.get(p.rule);
    if (!applied || !rule || !rule.enabled) return;
    const ctx = { tenant: applied.tenant, actor: SYSTEM_ACTOR, db: tx, orm: models.orm, model: applied.model, inTransaction: true };
    const record = await getRecord(ctx, rule.object, p.recordId);
    // Moved since (its job was replaced) or gone: this firing is no longer the record's.
    if (!record || fireTime(rule, record) !== p.at) return;
    const data = conditionData({ object: rule.object, kind: 'time', record, previous: record, actorId: null, at: new Date() });
    let holds: boolean;
    try {
      holds = rule.condition === undefined || isTruthy(evaluate(rule.condition, data));
    } catch {
      holds = false;
    }
    await insertRun(tx, {
      tenantId: p.tenantId,
      rule: rule.key,
      ruleVersion: applied.version,
      eventId: firingId(rule.key, p.recordId, p.at),
      eventKind: 'time',
      object: rule.object,
      recordId: p.recordId,
      conditionResult: holds,
      depth: 0,
      runAs: rule.runAs ?? null,
      note: `time-relative: due at ${p.at}`,
      actions: holds ? rule.actions.map((a) => a.type) : [],
    });
  });
}
