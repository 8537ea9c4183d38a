/** The workspace's teams, and users' teams and roles (changes: admins only). */
import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Session } from '@funnelcraft/auth';
import type { TeamRow, UserRow } from '@funnelcraft/storage';
import { TeamsService } from '../../services/teams/teams.service.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { TeamType, UserType } from '../types/session.types.js';

@Resolver(() => TeamType)
export class TeamsResolver {
  constructor(@Inject(TeamsService) private readonly teams: TeamsService) {}

  @Query(() => [TeamType], { name: 'teams', description: 'every team of the workspace, by name' })
  list(@CurrentSession() session: Session): Promise<TeamRow[]> {
    return this.teams.list(session);
  }

  @Roles('admin')
  @Mutation(() => TeamType, { description: 'Adds a team (names are unique in the workspace), under parentId or at the top' })
  createTeam(
    @CurrentSession() session: Session,
    @Args('name', { type: () => String }) name: string,
    @Args('parentId', { type: () => ID, nullable: true }) parentId: string | null,
    @Args('managerId', { type: () => ID, nullable: true }) managerId: string | null,
  ): Promise<TeamRow> {
    return this.teams.create(session, { name, parentId: parentId ?? null, managerId: managerId ?? null });
  }

  @Roles('admin')
  @Mutation(() => TeamType)
  renameTeam(
    @CurrentSession() session: Session,
    @Args('id', { type: () => ID }) id: string,
    @Args('name', { type: () => String }) name: string,
  ): Promise<TeamRow> {
    return this.teams.rename(session, id, name);
  }

  @Roles('admin')
  @Mutation(() => TeamType, { description: 'Moves a team and everything below it under parentId (null: to the top); cycles are refused' })
  moveTeam(
    @CurrentSession() session: Session,
    @Args('id', { type: () => ID }) id: string,
    @Args('parentId', { type: () => ID, nullable: true }) parentId: string | null,
  ): Promise<TeamRow> {
    return this.teams.move(session, id, parentId ?? null);
  }

  @Roles('admin')
  @Mutation(() => TeamType, { description: 'Sets the team manager (null: none)' })
  setTeamManager(
    @CurrentSession() session: Session,
    @Args('id', { type: () => ID }) id: string,
    @Args('managerId', { type: () => ID, nullable: true }) managerId: string | null,
  ): Promise<TeamRow> {
    return this.teams.setManager(session, id, managerId ?? null);
  }

  @Roles('admin')
  @Mutation(() => Boolean, { description: 'Deletes a team; its sub-teams and members move up to its parent' })
  deleteTeam(@CurrentSession() session: Session, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.teams.remove(session, id);
  }

  @Roles('admin')
  @Mutation(() => UserType, { description: "Sets a user's primary team (null: none)" })
  setUserTeam(
    @CurrentSession() session: Session,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('teamId', { type: () => ID, nullable: true }) teamId: string | null,
  ): Promise<UserRow> {
    return this.teams.setUserTeam(session, userId, teamId ?? null);
  }

  @Roles('admin')
  @Mutation(() => UserType, { description: "Sets a user's roles; they apply on the user's next request" })
  setUserRoles(
    @CurrentSession() session: Session,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('roles', { type: () => [String] }) roles: string[],
  ): Promise<UserRow> {
    return this.teams.setUserRoles(session, userId, roles);
  }

  @Roles('admin')
  @Mutation(() => UserType, {
    description: 'Deactivates a user: it may no longer sign in; its records, history and team stay (the last active admin cannot be)',
  })
  deactivateUser(@CurrentSession() session: Session, @Args('userId', { type: () => ID }) userId: string): Promise<UserRow> {
    return this.teams.setUserActive(session, userId, false);
  }

  @Roles('admin')
  @Mutation(() => UserType, { description: 'Lets a deactivated user sign in again' })
  reactivateUser(@CurrentSession() session: Session, @Args('userId', { type: () => ID }) userId: string): Promise<UserRow> {
    return this.teams.setUserActive(session, userId, true);
  }
}
