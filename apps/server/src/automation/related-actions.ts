/**
 * Actions that write records other than the triggering one: update_related (the record a lookup of the
 * triggering record points at) and create_record (a record of any object, optionally linked back). Values are
 * json-logic over the triggering record's variables, as update_fields' are. Both write through the records
 * service in the action's transaction, the one that marks the row done: a retried or duplicated job finds the
 * row done and writes nothing, so a retried create_record makes one record.
 */
import { conditionData, type RuleAction } from '@funnelcraft/definitions';
import { evaluate } from '@funnelcraft/expressions';
import { createRecord, getRecord, updateRecordVersioned } from '@funnelcraft/records';
import { PermanentError, userOf, type Scope } from './actions.js';

/** The action's values evaluated over the triggering record (new.* and old.* both its current values). */
function evaluatedValues(s: Scope, values: Record<string, unknown>): Record<string, unknown> {
  const record = s.record ?? {};
  const data = conditionData({ object: s.row.object, kind: 'updated', record, previous: record, actorId: s.ctx.actor.userId, at: s.at });
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, evaluate(v, data)]));
}

export async function updateRelated(s: Scope, action: RuleAction): Promise<{ result: unknown }> {
  if (action.type !== 'update_related') throw new PermanentError('not a related update');
  if (!s.record) throw new PermanentError('the record is gone');
  const lookup = s.model.byName.get(s.row.object)?.fieldsByName.get(action.lookup);
  if (!lookup?.target) throw new PermanentError(`"${action.lookup}" is no longer a lookup of ${s.row.object}`);
  const relatedId = s.record[action.lookup];
  // Nothing to update is not a failure: the run log says why nothing was written.
  if (typeof relatedId !== 'string') return { result: { object: lookup.target, recordId: null, note: `the record has no ${action.lookup}` } };
  const related = await getRecord(s.ctx, lookup.target, relatedId);
  if (!related) throw new PermanentError(`the related ${lookup.target} ${relatedId} is gone`);
  const patch = evaluatedValues(s, action.values);
  const updated = await updateRecordVersioned(s.ctx, lookup.target, relatedId, Number(related['version']), patch);
  return { result: { object: lookup.target, recordId: relatedId, version: updated['version'], values: patch } };
}

export async function createRelatedRecord(s: Scope, action: RuleAction): Promise<{ result: unknown }> {
  if (action.type !== 'create_record') throw new PermanentError('not a record creation');
  if (!s.model.byName.has(action.object)) throw new PermanentError(`no object "${action.object}" any more`);
  const input = evaluatedValues(s, action.values);
  const owner = userOf(s, action.owner);
  if (owner) input['ownerId'] = owner;
  if (action.link !== undefined) {
    if (!s.row.recordId) throw new PermanentError(`no triggering record to link ${action.link} to`);
    input[action.link] = s.row.recordId;
  }
  const created = await createRecord(s.ctx, action.object, input);
  return { result: { object: action.object, recordId: created['id'] } };
}
