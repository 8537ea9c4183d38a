/** Approval requests on the platform API: a change an approval rule holds until its approvers decide. */
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar, JSONScalar } from './scalars.js';

@ObjectType('ApprovalStep')
export class ApprovalStepType {
  @Field(() => String, { nullable: true }) title?: string;
  @Field(() => [ID], { nullable: true, description: 'the approvers named (the owner’s manager is resolved when the change was asked for)' }) users?: string[];
  @Field(() => String, { nullable: true, description: 'or: any active user holding this role' }) role?: string;
}

@ObjectType('ApprovalDecision')
export class ApprovalDecisionType {
  @Field(() => Int, { description: 'the step decided, from 0' }) step!: number;
  @Field(() => String, { description: 'approved or rejected' }) decision!: string;
  @Field(() => ID) decidedBy!: string;
  @Field(() => String, { nullable: true }) comment?: string | null;
  @Field(() => DateTimeScalar) decidedAt!: string;
}

@ObjectType('ApprovalRequest')
export class ApprovalRequestType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'the approval rule that holds the change' }) rule!: string;
  @Field(() => String) object!: string;
  @Field(() => ID) recordId!: string;
  @Field(() => ID) requestedBy!: string;
  @Field(() => JSONScalar, { description: 'the update asked for, applied on the last approval' }) patch!: Record<string, unknown>;
  @Field(() => [String], { description: 'the fields locked while it is pending' }) fields!: string[];
  @Field(() => JSONScalar, { description: 'those fields’ values when the change was asked for' }) previous!: Record<string, unknown>;
  @Field(() => String, { nullable: true }) message?: string | null;
  @Field(() => [ApprovalStepType]) steps!: ApprovalStepType[];
  @Field(() => Int, { description: 'the step waiting for a decision, from 0 (past the last once decided)' }) step!: number;
  @Field(() => String, { description: 'pending, approved (applied) or rejected (dropped)' }) status!: string;
  @Field(() => DateTimeScalar) createdAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt?: string | null;
  @Field(() => [ApprovalDecisionType]) decisions!: ApprovalDecisionType[];
}
