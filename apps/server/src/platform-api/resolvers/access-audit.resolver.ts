/** API tokens and the login history (admins only). */
import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Session } from '@funnelcraft/auth';
import type { ApiTokenRow, LoginEventFilter } from '@funnelcraft/storage';
import { ApiTokensService } from '../../services/api-tokens/api-tokens.service.js';
import { LoginHistoryService } from '../../services/sign-in/login-history.service.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiTokenType, CreatedApiTokenType, LOGIN_HISTORY_PAGE, LoginEventPageType, LoginHistoryFilterInput } from '../types/access-audit.types.js';
import { DateTimeScalar } from '../types/scalars.js';

@Resolver()
export class AccessAuditResolver {
  constructor(
    @Inject(ApiTokensService) private readonly tokens: ApiTokensService,
    @Inject(LoginHistoryService) private readonly history: LoginHistoryService,
  ) {}

  @Roles('admin')
  @Query(() => [ApiTokenType], { description: "The workspace's API tokens, newest first (never their secrets)" })
  apiTokens(
    @CurrentSession() session: Session,
    @Args('includeRevoked', { type: () => Boolean, defaultValue: false }) includeRevoked: boolean,
  ): Promise<ApiTokenRow[]> {
    return this.tokens.list(session, includeRevoked);
  }

  @Roles('admin')
  @Mutation(() => CreatedApiTokenType, { description: 'Makes an API token scoped to roles; its secret is in this answer only' })
  createApiToken(
    @CurrentSession() session: Session,
    @Args('name', { type: () => String }) name: string,
    @Args('roles', { type: () => [String], description: 'at least one; only roles you may grant' }) roles: string[],
    @Args('expiresAt', { type: () => DateTimeScalar, nullable: true, description: 'default: in 90 days; at most 366 days ahead' })
    expiresAt: string | null,
  ): Promise<{ token: ApiTokenRow; secret: string }> {
    return this.tokens.create(session, { name, roles, expiresAt: expiresAt ?? null });
  }

  @Roles('admin')
  @Mutation(() => ApiTokenType, { description: 'Revokes an API token: every server refuses it from the next request on' })
  revokeApiToken(@CurrentSession() session: Session, @Args('id', { type: () => ID }) id: string): Promise<ApiTokenRow> {
    return this.tokens.revoke(session, id);
  }

  @Roles('admin')
  @Query(() => LoginEventPageType, { description: 'Sign-ins to this workspace (password and API token), newest first' })
  loginHistory(
    @CurrentSession() session: Session,
    @Args('filter', { type: () => LoginHistoryFilterInput, nullable: true }) filter: LoginHistoryFilterInput | null,
    @Args('first', LOGIN_HISTORY_PAGE) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<LoginEventPageType> {
    return this.history.list(session, (filter ?? {}) as LoginEventFilter, { first, after: after ?? undefined }) as Promise<LoginEventPageType>;
  }
}
