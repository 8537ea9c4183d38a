/** Sales targets per user or team and period: admins and team managers set them (the service checks who may). */
import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Session } from '@funnelcraft/auth';
import type { SalesTargetRow } from '@funnelcraft/storage';
import { SalesTargetsService } from '../../services/sales-targets.service.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { SalesTargetInput, SalesTargetType, TargetPeriod } from '../types/sales-target.types.js';

@Resolver(() => SalesTargetType)
export class SalesTargetsResolver {
  constructor(@Inject(SalesTargetsService) private readonly targets: SalesTargetsService) {}

  @Query(() => [SalesTargetType], {
    name: 'salesTargets',
    description: 'targets you may see (all for admins; your own, your team’s, and those of the teams you manage), by period',
  })
  list(
    @CurrentSession() session: Session,
    @Args('period', { type: () => TargetPeriod, nullable: true }) period: 'month' | 'quarter' | null,
    @Args('from', { type: () => String, nullable: true, description: 'periods starting on or after (YYYY-MM-DD)' }) from: string | null,
    @Args('to', { type: () => String, nullable: true, description: 'periods starting before (YYYY-MM-DD)' }) to: string | null,
  ): Promise<SalesTargetRow[]> {
    return this.targets.list(session, { period: period ?? undefined, from: from ?? undefined, to: to ?? undefined });
  }

  @Mutation(() => SalesTargetType, { description: 'Sets (or replaces) a target: admins any, a team manager those of its teams and their members' })
  setSalesTarget(@CurrentSession() session: Session, @Args('input', { type: () => SalesTargetInput }) input: SalesTargetInput): Promise<SalesTargetRow> {
    return this.targets.set(session, input);
  }

  @Mutation(() => Boolean)
  deleteSalesTarget(@CurrentSession() session: Session, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.targets.remove(session, id);
  }
}
