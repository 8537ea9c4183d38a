/** Sales targets as the platform API shows and takes them. */
import { Field, Float, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from './scalars.js';

export const TargetPeriod = { month: 'month', quarter: 'quarter' } as const;
registerEnumType(TargetPeriod, { name: 'TargetPeriod', description: 'a month or a quarter' });

@ObjectType('SalesTarget', { description: 'what a user or a team (with every team below it) is to win in a period, in the reporting currency' })
export class SalesTargetType {
  @Field(() => ID) id!: string;
  @Field(() => TargetPeriod) period!: 'month' | 'quarter';
  @Field(() => String, { description: "the period's first day (YYYY-MM-DD)" }) periodStart!: string;
  @Field(() => ID, { nullable: true }) ownerId!: string | null;
  @Field(() => ID, { nullable: true }) teamId!: string | null;
  @Field(() => Float) amount!: number;
  @Field(() => ID, { nullable: true, description: 'who set it last' }) setBy!: string | null;
  @Field(() => DateTimeScalar) updatedAt!: string;
}

@InputType('SalesTargetInput')
export class SalesTargetInput {
  @Field(() => TargetPeriod) period!: 'month' | 'quarter';
  @Field(() => String, { description: 'the first day of the month or quarter (YYYY-MM-DD)' }) periodStart!: string;
  @Field(() => ID, { nullable: true, description: 'a user’s target (or teamId)' }) ownerId?: string | null;
  @Field(() => ID, { nullable: true, description: 'a team’s target, counting every team below it (or ownerId)' }) teamId?: string | null;
  @Field(() => Float, { description: 'in the reporting currency, ≥ 0' }) amount!: number;
}
