/**
 * Approvals on the write path (design: README "Approvals"). An update of an object that an enabled approval
 * rule (`require_approval`) watches runs in a transaction under the record's approval lock:
 *
 *  1. it is refused (CONFLICT, reason approvalPending, naming the request) when it touches a field that a
 *     pending request on the record holds;
 *  2. otherwise the approval rules are matched against the record as it is and as the update would make it
 *     (the same triggers and json-logic conditions as every rule); when one fires, the update is not written:
 *     it is kept as a pending request with its patch and the approvers of each step, and the caller gets
 *     APPROVAL_REQUIRED naming the request (the request is committed; the record is unchanged);
 *  3. when none fires, the update is written as usual.
 *
 * A decision (approvals-service.ts) applies the patch through the same update path, marked as applying that
 * request, so validation, field and stage history and automation events happen as for any write. Writes by
 * rule actions (automation depth > 0) are checked against the locks but never turned into requests.
 */
import { approvalOf, matchRules, type ObjectModel, type RuleModel } from '@funnelcraft/definitions';
import { conflict, DomainError, ErrorCode, notFound } from '@funnelcraft/kernel';
import {
  assertVersion,
  findRecordsByIds,
  insertApprovalRequest,
  lockRecordApprovals,
  managerOf,
  pendingApprovalsOn,
  type ApprovalStepApprovers,
  type Row,
} from '@funnelcraft/storage';
import type { RecordContext } from './context.js';
import type { RecordInput } from './record-validation.js';
import { planStageChange, STAGE_INPUT_FIELDS, touchesStage } from './stage-moves.js';
import { notifyApprovers } from './approval-notices.js';

/** What became of an update that an approval rule fired. */
export interface ApprovalRequested {
  requestId: string;
  rule: RuleModel;
  fields: string[];
}

/** Takes the record's approval lock and refuses an update touching a field a pending request holds. */
export async function assertNotLocked(ctx: RecordContext, o: ObjectModel, id: string, patch: RecordInput): Promise<void> {
  await lockRecordApprovals(ctx.db, id);
  const touched = lockedFields(o, patch);
  for (const pending of await pendingApprovalsOn(ctx.db, ctx.tenant.id, o.name, id)) {
    if (pending.id === ctx.approving) continue;
    const held = pending.fields.filter((f) => touched.includes(f));
    if (!held.length) continue;
    throw conflict(`This ${o.name} waits for approval of a change to ${held.join(', ')} (request ${pending.id}): those fields are locked until it is decided`, [
      ...held.map((f) => ({ path: f, message: 'locked while an approval is pending', reason: 'approvalPending', requestId: pending.id, rule: pending.rule })),
    ]);
  }
}

/** The fields an update holds: its own, and on a stage move every stage field (a move by pipeline moves the stage too). */
const lockedFields = (o: ObjectModel, patch: RecordInput): string[] => [
  ...new Set([...Object.keys(patch), ...(touchesStage(o, patch) ? STAGE_INPUT_FIELDS : [])]),
];

/**
 * Matches the approval rules against the update; when one fires (the lowest order wins), keeps the update as a
 * pending request instead of writing it. Runs inside assertNotLocked's transaction.
 */
export async function requestApprovalIfRequired(
  ctx: RecordContext,
  o: ObjectModel,
  id: string,
  version: number,
  patch: RecordInput,
  scope: unknown,
): Promise<ApprovalRequested | undefined> {
  const [current] = await findRecordsByIds(ctx.db, ctx.tenant.schema, o, [id], undefined, scope);
  if (!current) throw notFound(`${o.name} ${id}`, 'id');
  assertVersion(o, current, version);
  // A move the pipeline would refuse is refused now, not after someone approved it.
  if (touchesStage(o, patch)) planStageChange(o, current, patch, ctx.actor, ctx.tenant.currency);
  const after: Row = { ...current, ...patch };
  const [match] = matchRules(
    ctx.model,
    { object: o.name, kind: 'updated', record: after, previous: current, actorId: ctx.actor.userId, at: new Date() },
    true,
  ).filter((m) => m.conditionResult);
  if (!match) return undefined;
  const action = approvalOf(match.rule)!;
  const steps = await approversOf(ctx, match.rule, current);
  const fields = lockedFields(o, patch);
  const requestId = await insertApprovalRequest(ctx.db, {
    tenantId: ctx.tenant.id,
    rule: match.rule.key,
    object: o.name,
    recordId: id,
    requestedBy: ctx.actor.userId,
    patch,
    fields,
    previous: Object.fromEntries(fields.map((f) => [f, current[f] ?? null])),
    message: action.message ?? null,
    steps,
  });
  await notifyApprovers(
    ctx,
    steps[0]!,
    `${ctx.actor.email} asks you to approve a change to ${fields.join(', ')} of ${o.name} "${String(current[o.displayField] ?? id)}"${action.message ? `: ${action.message}` : ''}`,
    o.name,
    id,
  );
  return { requestId, rule: match.rule, fields };
}

/** Each step's approvers as the request keeps them: the owner's manager found now, users as named, a role by name. */
async function approversOf(ctx: RecordContext, rule: RuleModel, record: Row): Promise<ApprovalStepApprovers[]> {
  const steps: ApprovalStepApprovers[] = [];
  for (const [j, s] of approvalOf(rule)!.steps.entries()) {
    const title = s.title === undefined ? {} : { title: s.title };
    if ('role' in s) steps.push({ ...title, role: s.role });
    else if ('users' in s) steps.push({ ...title, users: s.users });
    else {
      const owner = record['ownerId'];
      const manager = typeof owner === 'string' ? await managerOf(ctx.db, ctx.tenant.id, owner) : null;
      if (!manager)
        throw conflict(
          `The change needs the approval of the owner's manager (rule ${rule.key}, step ${j + 1}), and the owner has none: ask an admin to set one`,
          [{ path: `steps[${j}]`, message: 'the record owner has no manager', reason: 'noApprover', rule: rule.key }],
        );
      steps.push({ ...title, users: [manager] });
    }
  }
  return steps;
}

/** The answer to an update kept for approval: nothing was written, the request is pending. */
export const approvalRequired = (o: ObjectModel, id: string, r: ApprovalRequested): DomainError =>
  new DomainError(
    ErrorCode.ApprovalRequired,
    `The change to ${r.fields.join(', ')} of this ${o.name} needs approval (rule ${r.rule.key}): it waits as request ${r.requestId} and is applied when approved`,
    [{ path: 'id', message: 'waiting for approval', reason: 'approvalRequested', requestId: r.requestId, rule: r.rule.key, recordId: id, fields: r.fields }],
  );
