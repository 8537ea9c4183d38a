/**
 * Manual triggers: a person runs a rule on a record or a list selection (a button). Each record must be one the
 * person may update (their role's update scope, as a write would check); a record outside it, deleted or
 * missing refuses the whole request, naming it. The condition is checked per record; the runs act as the rule's
 * runAs user, else as the person who started them.
 */
import { randomUUID } from 'node:crypto';
import { conditionData } from '@funnelcraft/definitions';
import { evaluate, isTruthy } from '@funnelcraft/expressions';
import { badInput, DomainError, ErrorCode, notFound } from '@funnelcraft/kernel';
import { authorize, objectOf, type RecordContext } from '@funnelcraft/records';
import { findRecordsByIds, insertRuns, latestVersionNumber, withTransaction, type NewRun, type Pool } from '@funnelcraft/storage';

export const MAX_MANUAL_RECORDS = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Starts the rule on the records; returns the ids of the runs made, in the order of `recordIds`. */
export async function runRuleManually(pool: Pool, ctx: RecordContext, ruleKey: string, recordIds: readonly string[]): Promise<string[]> {
  const rule = ctx.model.rules.get(ruleKey);
  if (!rule) throw notFound(`rule ${ruleKey}`, 'rule');
  if (rule.trigger.type !== 'manual')
    throw badInput(`rule ${ruleKey} has a ${rule.trigger.type} trigger: only manual rules are run by hand`, [{ path: 'rule', message: 'not a manual rule' }]);
  if (!rule.enabled) throw badInput(`rule ${ruleKey} is disabled`, [{ path: 'rule', message: 'disabled' }]);
  if (!recordIds.length || recordIds.length > MAX_MANUAL_RECORDS)
    throw badInput(`recordIds holds 1 to ${MAX_MANUAL_RECORDS} ids`, [{ path: 'recordIds', message: `1 to ${MAX_MANUAL_RECORDS} ids` }]);
  const bad = recordIds.findIndex((id) => !UUID.test(id));
  if (bad >= 0) throw badInput(`recordIds[${bad}] is not a record id`, [{ path: `recordIds[${bad}]`, message: 'not a UUID' }]);
  const dup = recordIds.findIndex((id, i) => recordIds.indexOf(id) !== i);
  if (dup >= 0) throw badInput(`recordIds[${dup}] appears twice`, [{ path: `recordIds[${dup}]`, message: 'duplicate' }]);
  const o = objectOf(ctx, rule.object);
  const scope = authorize(ctx, 'update', o.name);
  return withTransaction(pool, async (tx) => {
    const rows = await findRecordsByIds(tx, ctx.tenant.schema, o, recordIds, undefined, scope);
    const byId = new Map(rows.map((r) => [String(r['id']), r]));
    const missing = recordIds.map((id, i) => ({ id, i })).filter(({ id }) => !byId.has(id));
    if (missing.length)
      throw new DomainError(
        ErrorCode.Forbidden,
        `${missing.length} of the records are not ${o.name} records you may update`,
        missing.map(({ i }) => ({ path: `recordIds[${i}]`, message: 'missing, deleted or outside what your role may update' })),
      );
    const version = await latestVersionNumber(tx, ctx.tenant.id);
    const at = new Date();
    const runs: NewRun[] = [];
    for (const id of recordIds) {
      const record = byId.get(id)!;
      let holds = true;
      let error: string | undefined;
      if (rule.condition !== undefined) {
        try {
          holds = isTruthy(
            evaluate(rule.condition, conditionData({ object: o.name, kind: 'manual', record, previous: record, actorId: ctx.actor.userId, at })),
          );
        } catch (e) {
          holds = false;
          error = (e as Error).message;
        }
      }
      runs.push({
        tenantId: ctx.tenant.id,
        rule: rule.key,
        ruleVersion: version,
        eventId: randomUUID(),
        eventKind: 'manual',
        object: o.name,
        recordId: id,
        conditionResult: holds,
        depth: 0,
        runAs: rule.runAs ?? ctx.actor.userId,
        note: error ? `condition failed: ${error}` : `manual: started by ${ctx.actor.email}`,
        actions: holds ? rule.actions.map((a) => a.type) : [],
      });
    }
    return (await insertRuns(tx, runs)).map((id) => id!);
  });
}
