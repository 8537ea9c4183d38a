/** Who is signed in, and where. */
import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('User')
export class UserType {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
  @Field(() => String) name!: string;
  @Field(() => [String], { description: 'admin (may change the workspace) or member (works with records)' }) roles!: string[];
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
