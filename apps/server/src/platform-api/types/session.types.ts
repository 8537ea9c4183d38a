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
  @Field(() => DateTimeScalar, { nullable: true, description: "when the user's pending invite link expires; null: none pending" })
  inviteExpiresAt?: string | null;
}

@ObjectType('UserInvite', { description: 'A one-time link for a user to set its password and sign in' })
export class UserInviteType {
  @Field(() => UserType) user!: UserType;
  @Field(() => String, { description: 'shown this once, never again: the studio link is <studio>/invite#<secret>' }) secret!: string;
  @Field(() => DateTimeScalar) expiresAt!: string;
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
