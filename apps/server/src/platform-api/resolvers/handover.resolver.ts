/** Handovers and their audit (admins only). */
import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Session } from '@funnelcraft/auth';
import type { OwnershipTransferRow } from '@funnelcraft/storage';
import { HandoverService } from '../../services/handover/handover.service.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { OwnershipTransferInput, OwnershipTransferType } from '../types/handover.types.js';

@Resolver()
export class HandoverResolver {
  constructor(@Inject(HandoverService) private readonly handover: HandoverService) {}

  @Roles('admin')
  @Mutation(() => OwnershipTransferType, {
    description:
      "Hands a user's records (of one object with a filter, or of every object) and open activities over to another user in one transaction; each record's timeline shows the owner change, the audit keeps the handover. Rules naming the user are reported in ruleReferences, not changed",
  })
  transferOwnership(
    @CurrentSession() session: Session,
    @Args('input', { type: () => OwnershipTransferInput }) input: OwnershipTransferInput,
  ): Promise<OwnershipTransferRow> {
    return this.handover.transfer(session, {
      fromUserId: input.fromUserId,
      toUserId: input.toUserId,
      object: input.object ?? undefined,
      filter: input.filter ?? undefined,
      openActivities: input.openActivities ?? undefined,
    });
  }

  @Roles('admin')
  @Query(() => [OwnershipTransferType], { description: 'Handovers, newest first; userId: those from or to that user' })
  ownershipTransfers(
    @CurrentSession() session: Session,
    @Args('userId', { type: () => ID, nullable: true }) userId: string | null,
    @Args('first', { type: () => Int, defaultValue: 50, description: 'at most 200' }) first: number,
  ): Promise<OwnershipTransferRow[]> {
    return this.handover.list(session, { userId: userId ?? undefined, first });
  }
}
