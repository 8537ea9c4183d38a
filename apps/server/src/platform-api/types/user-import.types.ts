/** Adding users in bulk. */
import { Field, InputType } from '@nestjs/graphql';

@InputType('UserImportRow', { description: 'One user of a bulk import' })
export class UserImportRowInput {
  @Field(() => String) name!: string;
  @Field(() => String) email!: string;
  @Field(() => String, { nullable: true, description: 'a team by name (any case) or id; none: no team' }) team?: string | null;
  @Field(() => [String], { nullable: true, description: 'admin, member or role documents; none: member' }) roles?: string[] | null;
}
