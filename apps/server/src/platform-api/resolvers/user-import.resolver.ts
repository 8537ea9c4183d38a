/** Adding users in bulk (admins only). */
import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { Session } from '@funnelcraft/auth';
import type { UserInvite } from '../../services/invites.service.js';
import { UserImportService } from '../../services/user-import/user-import.service.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { UserInviteType } from '../types/session.types.js';
import { UserImportRowInput } from '../types/user-import.types.js';

@Resolver()
export class UserImportResolver {
  constructor(@Inject(UserImportService) private readonly imports: UserImportService) {}

  @Roles('admin')
  @Mutation(() => [UserInviteType], {
    description:
      'Adds users in bulk, each with a one-time invite link (in this answer only) and no password until it is taken. Give csv (header name,email,team,roles; roles separated by ;) or users. Every row is checked first: one problem (a bad or taken email, an email twice, an unknown team or role) and nothing is created; VALIDATION_FAILED lists each with its row and column',
  })
  importUsers(
    @CurrentSession() session: Session,
    @Args('csv', { type: () => String, nullable: true }) csv: string | null,
    @Args('users', { type: () => [UserImportRowInput], nullable: true }) users: UserImportRowInput[] | null,
  ): Promise<UserInvite[]> {
    return this.imports.importUsers(session, { csv: csv ?? undefined, users: users ?? undefined });
  }
}
