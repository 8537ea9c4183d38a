/**
 * Deciding approval requests and reading them (the write-path half is approval-gate.ts). A decision runs in one
 * transaction under the record's approval lock: only an approver of the request's current step decides it (a
 * user it names, or one holding its role; never the requester); a rejection drops the change; an approval
 * moves the request to its next step, or on the last one applies the change as the requester through the
 * records update path (validation, field and stage history, automation events); the requester is notified
 * of the outcome and the next step's approvers of their turn, in the same transaction.
 */
import { badInput, conflict, DomainError, ErrorCode, notFound, type Actor } from '@funnelcraft/kernel';
import {
  approvalInbox,
  approvalRequestsOf,
  decideApprovalStep,
  findApprovalRequest,
  findRecordsByIds,
  findUserById,
  lockRecordApprovals,
  type ApprovalRequestRow,
  type ApprovalStepApprovers,
} from '@funnelcraft/storage';
import { notifyApprovers, notifyRequester } from './approval-notices.js';
import { inTransaction, type RecordContext } from './context.js';
import { authorize, withoutHidden } from './permissions.js';
import { getRecord, objectOf, updateRecordVersioned } from './records-service.js';

export type ApprovalDecision = 'approve' | 'reject';

export const MAX_APPROVAL_COMMENT = 2000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the actor is an approver of the step. */
export const mayDecide = (step: ApprovalStepApprovers, actor: Actor): boolean =>
  'users' in step ? step.users.includes(actor.userId) : actor.roles.includes(step.role);

const forbidden = (message: string, reason: string) => new DomainError(ErrorCode.Forbidden, message, [{ path: 'id', message, reason }]);

/** Requests as the actor may see them: the values of fields hidden from them are left out of the patch and previous values. */
export function visibleRequests(ctx: RecordContext, rows: ApprovalRequestRow[]): ApprovalRequestRow[] {
  for (const r of rows) {
    const o = ctx.model.byName.get(r.object);
    if (o) withoutHidden(ctx, o, [r.patch, r.previous]);
  }
  return rows;
}

/** Approves or rejects the current step of a request; returns the request as it is after the decision. */
export async function decideApproval(ctx: RecordContext, requestId: string, decision: ApprovalDecision, comment?: string | null): Promise<ApprovalRequestRow> {
  if (!UUID.test(requestId)) throw badInput(`id must be an approval request id (a UUID)`, [{ path: 'id', message: 'not a UUID' }]);
  if (comment && comment.length > MAX_APPROVAL_COMMENT)
    throw badInput(`A comment holds at most ${MAX_APPROVAL_COMMENT} characters`, [{ path: 'comment', message: `at most ${MAX_APPROVAL_COMMENT} characters` }]);
  return inTransaction(ctx, async (tx) => {
    const seen = await findApprovalRequest(tx.db, tx.tenant.id, requestId);
    if (!seen) throw notFound(`approval request ${requestId}`, 'id');
    // The record's lock first (as writes take it), then the request's row.
    await lockRecordApprovals(tx.db, seen.recordId);
    const req = (await findApprovalRequest(tx.db, tx.tenant.id, requestId, true))!;
    if (req.status !== 'pending')
      throw conflict(`Approval request ${requestId} is already ${req.status}`, [
        { path: 'id', message: `already ${req.status}`, reason: 'decided', status: req.status },
      ]);
    const step = req.steps[req.step]!;
    const stepName = `step ${req.step + 1} of ${req.steps.length}${step.title ? ` (${step.title})` : ''}`;
    if (req.requestedBy === tx.actor.userId) throw forbidden('You asked for this change: someone else approves it', 'selfApproval');
    if (!mayDecide(step, tx.actor)) throw forbidden(`You are not an approver of ${stepName} of approval request ${requestId}`, 'notApprover');
    const last = req.step === req.steps.length - 1;
    const status = decision === 'reject' ? 'rejected' : last ? 'approved' : 'pending';
    await decideApprovalStep(tx.db, {
      requestId,
      step: req.step,
      decision: decision === 'reject' ? 'rejected' : 'approved',
      decidedBy: tx.actor.userId,
      comment: comment || null,
      status,
    });
    // A rejection needs no object: one deleted since can still have its requests turned down.
    const object = req.object;
    const what = `your change to ${req.fields.join(', ')} of ${object} ${req.recordId}`;
    const note = comment ? `: “${comment}”` : '';
    if (status === 'approved') {
      await applyApproved(tx, req);
      await notifyRequester(tx, req.requestedBy, `${tx.actor.email} approved ${what}; it is applied${note}`, object, req.recordId);
    } else if (status === 'rejected') {
      await notifyRequester(tx, req.requestedBy, `${tx.actor.email} rejected ${what} (${stepName}); it was not applied${note}`, object, req.recordId);
    } else {
      await notifyApprovers(
        tx,
        req.steps[req.step + 1]!,
        `A change to ${req.fields.join(', ')} of ${object} ${req.recordId} waits for your approval (${stepName} approved by ${tx.actor.email})`,
        object,
        req.recordId,
      );
    }
    return visibleRequests(tx, [(await findApprovalRequest(tx.db, tx.tenant.id, requestId))!])[0]!;
  });
}

/** Writes the approved change as the requester, at the record's current version (its held fields could not change meanwhile). */
async function applyApproved(tx: RecordContext, req: ApprovalRequestRow): Promise<void> {
  const user = await findUserById(tx.orm, tx.tenant.id, req.requestedBy);
  if (!user) throw conflict(`The user who asked for this change no longer exists`, [{ path: 'id', message: 'requester gone', reason: 'requesterGone' }]);
  const o = objectOf(tx, req.object);
  const [current] = await findRecordsByIds(tx.db, tx.tenant.schema, o, [req.recordId]);
  if (!current)
    throw conflict(`The ${o.name} was deleted since the change was asked for: restore it to approve`, [
      { path: 'id', message: 'record deleted', reason: 'recordDeleted' },
    ]);
  const requester: RecordContext = { ...tx, actor: { userId: user.id, email: user.email, roles: user.roles }, approving: req.id, automationDepth: undefined };
  await updateRecordVersioned(requester, o.name, req.recordId, Number(current['version']), req.patch);
}

/** A record's approval requests, newest first; none for a record the actor may not read. */
export async function approvalsOfRecord(ctx: RecordContext, objectName: string, recordId: string, limit = 50): Promise<ApprovalRequestRow[]> {
  const o = objectOf(ctx, objectName);
  authorize(ctx, 'read', o.name);
  if (!(await getRecord(ctx, o.name, recordId))) return [];
  return visibleRequests(ctx, await approvalRequestsOf(ctx.db, ctx.tenant.id, o.name, recordId, limit));
}

/** The pending requests the actor may decide now (their inbox), oldest first. */
export const pendingApprovalsFor = async (ctx: RecordContext, limit = 50): Promise<ApprovalRequestRow[]> =>
  visibleRequests(ctx, await approvalInbox(ctx.db, ctx.tenant.id, ctx.actor.userId, ctx.actor.roles, limit));
