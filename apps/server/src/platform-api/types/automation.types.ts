/** Automation's run log and notifications on the platform API. */
import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from './scalars.js';

@ObjectType('AutomationActionRun')
export class AutomationActionRunType {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'position in the rule, from 0' }) index!: number;
  @Field(() => String) type!: string;
  @Field(() => String, { description: 'pending, running, done, failed (will retry), dead (out of attempts: retryAutomationAction), skipped' }) status!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) lastError?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) startedAt?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt?: string | null;
}

@ObjectType('AutomationRun')
export class AutomationRunType {
  @Field(() => ID) id!: string;
  @Field(() => String) rule!: string;
  @Field(() => Int, { description: 'the definitions version the rule ran at' }) ruleVersion!: number;
  @Field(() => ID) eventId!: string;
  @Field(() => String, { description: 'created, updated, deleted or restored' }) eventKind!: string;
  @Field(() => String) object!: string;
  @Field(() => ID, { nullable: true }) recordId?: string | null;
  @Field(() => Boolean) conditionResult!: boolean;
  @Field(() => Int, { description: 'how many rule actions led to the event' }) depth!: number;
  @Field(() => ID, { nullable: true, description: 'the user the actions ran as; null: the system' }) runAs?: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => DateTimeScalar) createdAt!: string;
  @Field(() => [AutomationActionRunType]) actions!: AutomationActionRunType[];
}

@InputType('AutomationRunFilter')
export class AutomationRunFilterInput {
  @Field(() => String, { nullable: true }) rule?: string;
  @Field(() => String, { nullable: true }) object?: string;
  @Field(() => ID, { nullable: true }) recordId?: string;
  @Field(() => String, { nullable: true, description: 'runs with an action in this status (dead: the dead-letter list)' }) status?: string;
  @Field(() => ID, { nullable: true, description: 'page: the runs after this one (the last id of the previous page)' }) after?: string;
  @Field(() => Int, { nullable: true, description: '1 to 200, default 50' }) limit?: number;
}

@ObjectType('Notification')
export class NotificationType {
  @Field(() => ID) id!: string;
  @Field(() => String) message!: string;
  @Field(() => String, { nullable: true }) object?: string | null;
  @Field(() => ID, { nullable: true }) recordId?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) readAt?: string | null;
  @Field(() => DateTimeScalar) createdAt!: string;
}

@ObjectType('Mail')
export class MailType {
  @Field(() => ID) id!: string;
  @Field(() => String) to!: string;
  @Field(() => String) subject!: string;
  @Field(() => String) body!: string;
  @Field(() => String) language!: string;
  @Field(() => String, { description: 'stored: kept in the outbox (no SMTP_URL); sent: handed to the SMTP server' }) status!: string;
  @Field(() => String, { nullable: true }) messageId?: string | null;
  @Field(() => DateTimeScalar) createdAt!: string;
}

@ObjectType('AutomationRuleStats')
export class AutomationRuleStatsType {
  @Field(() => String) rule!: string;
  @Field(() => Int) runs!: number;
  @Field(() => DateTimeScalar, { nullable: true }) lastRunAt?: string | null;
  @Field(() => Int, { description: 'actions of its runs failed (waiting for a retry) or dead now' }) failures!: number;
}
