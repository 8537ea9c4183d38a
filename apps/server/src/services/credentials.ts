/**
 * Who a request's `Authorization: Bearer …` stands for, on both endpoints: a signed JWT from `login` (its
 * user's current roles and reach from the access directory) or an API token `fc_…` (its creator, with the
 * token's roles and the creator's reach). Both answer from memory on repeated use; a revoked, expired or
 * unknown token, or one whose creator is deactivated or may no longer grant its roles, is UNAUTHENTICATED.
 */
import { bearerCredential, hashApiTokenSecret, isWellFormedApiToken, looksLikeApiToken, sessionOfJwt, type Session } from '@funnelcraft/auth';
import { unauthenticated, type ClientInfo } from '@funnelcraft/kernel';
import type { AccessDirectory } from './access-directory.js';
import type { ApiTokenDirectory } from './api-tokens/api-token-directory.js';
import { rolesGrantable } from './api-tokens/api-tokens.service.js';
import type { TokenUseLog } from './api-tokens/token-use-log.js';

export class Credentials {
  constructor(
    private readonly secret: string,
    private readonly access: AccessDirectory,
    private readonly tokens: ApiTokenDirectory,
    private readonly uses: TokenUseLog,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The request's session; null without credentials. */
  async sessionOf(authorization: string | undefined, client: ClientInfo): Promise<Session | null> {
    const credential = bearerCredential(authorization);
    if (credential === null) return null;
    if (!looksLikeApiToken(credential)) return this.access.sessionFor(sessionOfJwt(credential, this.secret));
    return this.tokenSession(credential, client);
  }

  private async tokenSession(secret: string, client: ClientInfo): Promise<Session> {
    if (!isWellFormedApiToken(secret)) throw unauthenticated('Malformed API token');
    const hash = hashApiTokenSecret(secret);
    const token = await this.tokens.lookup(hash);
    if (!token) {
      await this.uses.refused(hash, { tenantId: null, userId: null, tokenId: null }, 'unknown token', client);
      throw unauthenticated('Unknown API token');
    }
    const who = { tenantId: token.tenant.id, userId: token.createdBy, tokenId: token.id };
    const refuse = async (message: string, reason: string): Promise<never> => {
      await this.uses.refused(hash, who, reason, client);
      throw unauthenticated(message);
    };
    if (token.revokedAt) return refuse('This API token has been revoked', 'revoked');
    if (token.expiresAtMs <= this.now()) return refuse('This API token has expired', 'expired');
    let access = await this.access.tenant(token.tenant.id);
    if (token.createdBy && !access.users.has(token.createdBy)) {
      // A user added since the directory was loaded (adding one announces nothing): read the tenant again.
      this.access.forget(token.tenant.id);
      access = await this.access.tenant(token.tenant.id);
    }
    const creator = token.createdBy ? access.users.get(token.createdBy) : undefined;
    if (!creator?.active) return refuse("This API token's creator has been deactivated", 'creator deactivated');
    if (!rolesGrantable(creator.roles, token.roles)) return refuse("This API token's creator may no longer grant its roles", 'roles no longer grantable');
    const due = this.uses.used({ id: token.id, tenantId: token.tenant.id, userId: creator.id }, client);
    if (due) await due;
    return {
      tenant: token.tenant,
      actor: { userId: creator.id, email: token.creatorEmail ?? '', roles: token.roles, reach: access.reachOf(creator.id), tokenId: token.id },
    };
  }
}
