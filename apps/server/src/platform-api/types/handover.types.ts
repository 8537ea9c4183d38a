/** Handovers: records, open activities and rule assignments from one user to another. */
import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar, JSONScalar } from './scalars.js';

@InputType('OwnershipTransferInput')
export class OwnershipTransferInput {
  @Field(() => ID) fromUserId!: string;
  @Field(() => ID, { description: 'an active user of the workspace, not fromUserId' }) toUserId!: string;
  @Field(() => String, { nullable: true, description: "only this object's records (with filter); none: every object's" }) object?: string | null;
  @Field(() => JSONScalar, { nullable: true, description: 'the object\'s filter input, as its list on /graphql takes it (e.g. {industry: {eq: "retail"}})' })
  filter?: unknown;
  @Field(() => Boolean, { nullable: true, description: "move the from-user's open activities too (default true)" }) openActivities?: boolean | null;
}

@ObjectType('OwnershipTransferCount')
export class OwnershipTransferCountType {
  @Field(() => String) object!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('RuleUserReference', { description: 'A place a rule names the from-user; reported, not changed' })
export class RuleUserReferenceType {
  @Field(() => String) rule!: string;
  @Field(() => String, { description: 'where in the rule document, e.g. actions[1].users[0]' }) path!: string;
  @Field(() => String, { description: 'userList, teamPool (membership kept), runAs, assignee, recipient' }) reason!: string;
  @Field(() => String) message!: string;
}

@ObjectType('OwnershipTransferScope')
export class OwnershipTransferScopeType {
  @Field(() => String, { nullable: true, description: 'null: every object' }) object!: string | null;
  @Field(() => JSONScalar, { nullable: true }) filter!: unknown;
  @Field(() => Boolean) openActivities!: boolean;
}

@ObjectType('OwnershipTransfer', { description: 'One handover, as the audit keeps it' })
export class OwnershipTransferType {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => ID, { nullable: true, description: 'the admin who handed over' }) actorId!: string | null;
  @Field(() => ID, { nullable: true }) fromUserId!: string | null;
  @Field(() => ID, { nullable: true }) toUserId!: string | null;
  @Field(() => OwnershipTransferScopeType) scope!: OwnershipTransferScopeType;
  @Field(() => [OwnershipTransferCountType], { description: 'records moved per object (objects with none included)' })
  counts!: OwnershipTransferCountType[];
  @Field(() => Int) total!: number;
  @Field(() => [RuleUserReferenceType]) ruleReferences!: RuleUserReferenceType[];
}
