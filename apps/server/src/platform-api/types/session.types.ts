/** Who is signed in, and where. */
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from './scalars.js';

@ObjectType('User')
export class UserType {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
  @Field(() => String) name!: string;
  @Field(() => [String], { description: 'admin (may change the workspace), member (works with records), or role documents (x-role)' }) roles!: string[];
  @Field(() => ID, { nullable: true, description: 'the primary team; null: none' }) teamId!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'when the user was deactivated (it may not sign in); null: active' })
  deactivatedAt!: string | null;
}

@ObjectType('Team')
export class TeamType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => ID, { nullable: true, description: 'the team above; null: a top team' }) parentId!: string | null;
  @Field(() => ID, { nullable: true, description: 'the user managing the team; null: none' }) managerId!: string | null;
}

@ObjectType('Tenant')
export class TenantType {
  @Field(() => ID) id!: string;
  @Field(() => String) slug!: string;
  @Field(() => String, { description: 'reporting currency (ISO 4217)' }) currency!: string;
}

@ObjectType('LoginResult')
export class LoginResultType {
  @Field(() => String, { description: 'send as "Authorization: Bearer <token>" to both endpoints' }) token!: string;
  @Field(() => UserType) user!: UserType;
  @Field(() => TenantType) tenant!: TenantType;
}
