/** Saved views, currency rates and attachment metadata. */
import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar, JSONScalar } from './scalars.js';

@ObjectType('SavedView')
export class SavedViewType {
  @Field(() => ID) id!: string;
  @Field(() => String) object!: string;
  @Field(() => String) name!: string;
  @Field(() => Boolean) shared!: boolean;
  @Field(() => ID, { nullable: true }) ownerId?: string;
  @Field(() => JSONScalar, { description: '{ columns, filter, orderBy, pageSize }' }) definition!: unknown;
  @Field(() => DateTimeScalar) updatedAt!: string;
}

@ObjectType('CurrencyRate')
export class CurrencyRateType {
  @Field(() => String) currency!: string;
  @Field(() => Float, { description: '1 unit = rate units of the reporting currency' }) rate!: number;
  @Field(() => DateTimeScalar, { nullable: true }) updatedAt?: string;
}

@InputType('CurrencyRateInput')
export class CurrencyRateInput {
  @Field(() => String, { description: 'ISO 4217, e.g. EUR' }) currency!: string;
  @Field(() => Float) rate!: number;
}

@ObjectType('Attachment')
export class AttachmentType {
  @Field(() => ID) id!: string;
  @Field(() => String) object!: string;
  @Field(() => ID) recordId!: string;
  @Field(() => String) fileName!: string;
  @Field(() => String) contentType!: string;
  @Field(() => Int) size!: number;
  @Field(() => DateTimeScalar) uploadedAt!: string;
  @Field(() => ID, { nullable: true }) uploadedBy?: string;
  // url is resolved by AttachmentResolver.
}
