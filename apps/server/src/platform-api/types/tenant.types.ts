/** The operator's tenant provisioning: its input and what it answers. */
import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { TenantType, UserType } from './session.types.js';

@InputType('CreateTenantInput')
export class CreateTenantInput {
  @Field(() => String, { description: '2 to 30 lowercase letters, digits or _, starting with a letter; users sign in with it' }) slug!: string;
  @Field(() => String, { nullable: true, description: 'display name; defaults to the slug' }) name?: string;
  @Field(() => String, { nullable: true, description: 'reporting currency (ISO 4217); defaults to USD' }) currency?: string;
  @Field(() => String, { description: 'the first admin, who signs in with it' }) adminEmail!: string;
  @Field(() => String, { nullable: true, description: "the admin's name; defaults to Admin" }) adminName?: string;
  @Field(() => String, { nullable: true, description: 'at least 10 characters; generated and answered once when absent' }) password?: string;
}

@ObjectType('ProvisionedTenant')
export class ProvisionedTenantType {
  @Field(() => TenantType) tenant!: TenantType;
  @Field(() => UserType) admin!: UserType;
  @Field(() => String, { nullable: true, description: 'the generated password, shown only in this answer; null when one was given' })
  generatedPassword!: string | null;
}
