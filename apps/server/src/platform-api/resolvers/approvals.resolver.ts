/** Approvals on the platform API: your inbox, a record's requests, approve and reject (only a current step's approvers). */
import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Session } from '@funnelcraft/auth';
import type { ApprovalRequestRow } from '@funnelcraft/storage';
import { ApprovalsService } from '../../services/approvals.service.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { ApprovalRequestType } from '../types/approval.types.js';

@Resolver(() => ApprovalRequestType)
export class ApprovalsResolver {
  constructor(@Inject(ApprovalsService) private readonly approvals: ApprovalsService) {}

  @Query(() => [ApprovalRequestType], { description: 'pending approval requests whose current step you may decide, oldest first' })
  myApprovals(@CurrentSession() session: Session, @Args('limit', { type: () => Int, nullable: true }) limit?: number): Promise<ApprovalRequestRow[]> {
    return this.approvals.inbox(session, limit);
  }

  @Query(() => [ApprovalRequestType], { description: 'the approval requests of a record you may read, newest first' })
  recordApprovals(
    @CurrentSession() session: Session,
    @Args('object', { type: () => String }) object: string,
    @Args('recordId', { type: () => ID }) recordId: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<ApprovalRequestRow[]> {
    return this.approvals.ofRecord(session, object, recordId, limit);
  }

  @Mutation(() => ApprovalRequestType, {
    description: 'approves the current step of a request (its approvers only); on the last step the change is applied as the requester asked it',
  })
  approveChange(
    @CurrentSession() session: Session,
    @Args('id', { type: () => ID }) id: string,
    @Args('comment', { type: () => String, nullable: true }) comment?: string,
  ): Promise<ApprovalRequestRow> {
    return this.approvals.decide(session, id, 'approve', comment);
  }

  @Mutation(() => ApprovalRequestType, { description: 'rejects a request at its current step (its approvers only): the change is dropped' })
  rejectChange(
    @CurrentSession() session: Session,
    @Args('id', { type: () => ID }) id: string,
    @Args('comment', { type: () => String, nullable: true }) comment?: string,
  ): Promise<ApprovalRequestRow> {
    return this.approvals.decide(session, id, 'reject', comment);
  }
}
