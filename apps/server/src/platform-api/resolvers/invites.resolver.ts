/** One-time invite links: made by admins, taken by the invited user (no sign-in needed). */
import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { LoginResult, Session } from '@funnelcraft/auth';
import { InvitesService, type UserInvite } from '../../services/invites.service.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { Public } from '../auth/public.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { LoginResultType, UserInviteType } from '../types/session.types.js';

@Resolver()
export class InvitesResolver {
  constructor(@Inject(InvitesService) private readonly invites: InvitesService) {}

  @Roles('admin')
  @Mutation(() => UserInviteType, { description: "A one-time link for a user to set its password, valid 7 days; replaces the user's pending link" })
  inviteUser(@CurrentSession() session: Session, @Args('userId', { type: () => ID }) userId: string): Promise<UserInvite> {
    return this.invites.invite(session, userId);
  }

  @Public()
  @Mutation(() => LoginResultType, {
    description: "Takes an invite link: sets the user's password (at least 10 characters) and signs it in; the link works once",
  })
  acceptInvite(@Args('secret', { type: () => String }) secret: string, @Args('password', { type: () => String }) password: string): Promise<LoginResult> {
    return this.invites.accept(secret, password);
  }
}
