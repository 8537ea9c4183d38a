/** Sign-in and the session: who is signed in, and the tenant the token names. */
import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { LoginResult, Session } from '@funnelcraft/auth';
import type { ClientInfo, Tenant } from '@funnelcraft/kernel';
import type { UserRow } from '@funnelcraft/storage';
import { SignInService } from '../../services/sign-in/sign-in.service.js';
import { UsersService } from '../../services/users.service.js';
import { Client } from '../auth/client.decorator.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { Public } from '../auth/public.decorator.js';
import { LoginResultType, TenantType, UserType } from '../types/session.types.js';

@Resolver()
export class SessionResolver {
  constructor(
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(SignInService) private readonly signIn: SignInService,
  ) {}

  @Public()
  @Mutation(() => LoginResultType, {
    description: 'Signs in; the token names the tenant for every later request. Repeated failures are throttled (RATE_LIMITED, HTTP 429, Retry-After)',
  })
  login(
    @Client() client: ClientInfo,
    @Args('tenant', { type: () => String }) tenant: string,
    @Args('email', { type: () => String }) email: string,
    @Args('password', { type: () => String }) password: string,
  ): Promise<LoginResult> {
    return this.signIn.login({ tenant, email, password }, client);
  }

  @Query(() => UserType, { nullable: true, description: 'The signed-in user' })
  me(@CurrentSession() session: Session): Promise<UserRow | null> {
    return this.users.me(session);
  }

  @Query(() => TenantType, { description: 'The tenant of the token' })
  tenant(@CurrentSession() session: Session): Tenant {
    return session.tenant;
  }
}
