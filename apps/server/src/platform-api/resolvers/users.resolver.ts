/** The users of the workspace. */
import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Session } from '@funnelcraft/auth';
import type { UserRow } from '@funnelcraft/storage';
import { UsersService } from '../../services/users.service.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { UserType } from '../types/session.types.js';

@Resolver(() => UserType)
export class UsersResolver {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Query(() => [UserType], { name: 'users' })
  list(@CurrentSession() session: Session): Promise<UserRow[]> {
    return this.users.list(session);
  }

  @Roles('admin')
  @Mutation(() => UserType, { description: 'Adds a user to this workspace; roles: admin, member (admins only)' })
  createUser(
    @CurrentSession() session: Session,
    @Args('email', { type: () => String }) email: string,
    @Args('name', { type: () => String }) name: string,
    @Args('password', { type: () => String, description: 'at least 10 characters' }) password: string,
    @Args('roles', { type: () => [String], nullable: true, description: 'admin and/or member; defaults to member' }) roles: string[] | null,
  ): Promise<UserRow> {
    return this.users.create(session, { email, name, password, roles: roles ?? [] });
  }
}
