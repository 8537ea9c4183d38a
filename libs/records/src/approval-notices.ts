/** In-app notifications about approval requests: the approvers of a step when it is their turn, the requester at the end. */
import { activeUsersWithRole, insertApprovalNotifications, type ApprovalStepApprovers } from '@funnelcraft/storage';
import type { RecordContext } from './context.js';

/** Tells a step's approvers (the users named, or the active users holding its role) a decision waits for them. */
export async function notifyApprovers(ctx: RecordContext, step: ApprovalStepApprovers, message: string, object: string, recordId: string): Promise<void> {
  const users = 'users' in step ? step.users : await activeUsersWithRole(ctx.db, ctx.tenant.id, step.role);
  await insertApprovalNotifications(
    ctx.db,
    ctx.tenant.id,
    users.filter((u) => u !== ctx.actor.userId),
    { message, object, recordId },
  );
}

export async function notifyRequester(ctx: RecordContext, requester: string, message: string, object: string, recordId: string): Promise<void> {
  await insertApprovalNotifications(ctx.db, ctx.tenant.id, [requester], { message, object, recordId });
}
