/** Automation on the platform API: the run log and dead-letter retries (admins), a user's notifications. */
import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Session } from '@funnelcraft/auth';
import type { MailRow, NotificationRow, RuleStatsRow, RunLogEntry } from '@funnelcraft/storage';
import { AutomationService } from '../../services/automation.service.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { AutomationRuleStatsType, AutomationRunFilterInput, AutomationRunType, MailType, NotificationType } from '../types/automation.types.js';

@Resolver(() => AutomationRunType)
export class AutomationResolver {
  constructor(@Inject(AutomationService) private readonly automation: AutomationService) {}

  @Roles('admin')
  @Query(() => [AutomationRunType], { description: 'the automation run log, newest first: per rule, per record, or by action status; admins only' })
  automationRuns(
    @CurrentSession() session: Session,
    @Args('filter', { type: () => AutomationRunFilterInput, nullable: true }) filter?: AutomationRunFilterInput,
  ): Promise<RunLogEntry[]> {
    return this.automation.runs(session, { ...(filter ?? {}) });
  }

  @Roles('admin')
  @Query(() => [AutomationRuleStatsType], { description: 'per rule that has run: its runs, the last one and its failing actions; admins only' })
  automationRuleStats(@CurrentSession() session: Session): Promise<RuleStatsRow[]> {
    return this.automation.ruleStats(session);
  }

  @Roles('admin')
  @Mutation(() => Boolean, { description: 'puts a dead or failed action back on the queue with fresh attempts; admins only' })
  retryAutomationAction(@CurrentSession() session: Session, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.automation.retry(session, id);
  }

  @Mutation(() => [AutomationRunType], {
    description: 'runs a manual rule on a record or a list selection (1 to 200 ids, each one you may update); returns the runs made, in the order given',
  })
  runRule(
    @CurrentSession() session: Session,
    @Args('rule', { type: () => String }) rule: string,
    @Args('recordIds', { type: () => [ID] }) recordIds: string[],
  ): Promise<RunLogEntry[]> {
    return this.automation.runRule(session, rule, recordIds);
  }

  @Roles('admin')
  @Query(() => [MailType], { description: 'mail rule actions sent or, without SMTP_URL, kept in the built-in outbox; newest first; admins only' })
  mailOutbox(@CurrentSession() session: Session, @Args('limit', { type: () => Int, nullable: true }) limit?: number): Promise<MailRow[]> {
    return this.automation.mail(session, limit ?? 50);
  }

  @Query(() => [NotificationType], { description: 'your in-app notifications, newest first' })
  notifications(@CurrentSession() session: Session, @Args('limit', { type: () => Int, nullable: true }) limit?: number): Promise<NotificationRow[]> {
    return this.automation.notifications(session, limit ?? 50);
  }

  @Query(() => Int, { description: 'how many of your in-app notifications are unread' })
  unreadNotificationCount(@CurrentSession() session: Session): Promise<number> {
    return this.automation.unreadNotifications(session);
  }

  @Mutation(() => Int, { description: 'marks your notifications read: those named, or all when ids is omitted; returns how many changed' })
  markNotificationsRead(@CurrentSession() session: Session, @Args('ids', { type: () => [ID], nullable: true }) ids?: string[] | null): Promise<number> {
    return this.automation.markNotificationsRead(session, ids ?? null);
  }
}
