/**
 * API tokens for integrations (who may call these is the resolver's guard: admins). A token acts as its
 * creator with the roles it is scoped to, never more than the creator may grant: an admin may grant any
 * role, anyone else only roles they hold (checked again on every use: see credentials.ts). Its secret is
 * returned once, by `create`; only its SHA-256 is kept.
 */
import { newApiTokenSecret, type Session } from '@funnelcraft/auth';
import { DomainError, ErrorCode, notFound, validationFailed, type ErrorDetail } from '@funnelcraft/kernel';
import { insertApiToken, listApiTokens, revokeApiToken, type ApiTokenRow, type PlatformOrm } from '@funnelcraft/storage';
import type { TenantSchemas } from '../../tenant-schemas.js';
import type { AccessDirectory } from '../access-directory.js';
import { assertUuid } from '../ids.js';
import { roleProblems } from '../users.service.js';

export const API_TOKEN_DEFAULT_DAYS = 90;
export const API_TOKEN_MAX_DAYS = 366;
const DAY_MS = 86_400_000;

export interface NewApiToken {
  name: string;
  roles: string[];
  /** ISO time; null: API_TOKEN_DEFAULT_DAYS from now. */
  expiresAt: string | null;
}

/** Whether someone holding `granter` roles may hand out `roles`. */
export const rolesGrantable = (granter: readonly string[], roles: readonly string[]): boolean =>
  granter.includes('admin') || roles.every((r) => granter.includes(r));

export class ApiTokensService {
  constructor(
    private readonly orm: PlatformOrm,
    private readonly schemas: TenantSchemas,
    private readonly directory: AccessDirectory,
    private readonly now: () => number = () => Date.now(),
  ) {}

  list(session: Session, includeRevoked: boolean): Promise<ApiTokenRow[]> {
    return listApiTokens(this.orm, session.tenant.id, includeRevoked);
  }

  async create(session: Session, input: NewApiToken): Promise<{ token: ApiTokenRow; secret: string }> {
    const roles = [...new Set(input.roles)];
    const name = input.name.trim();
    const now = this.now();
    const expires = input.expiresAt === null ? now + API_TOKEN_DEFAULT_DAYS * DAY_MS : Date.parse(input.expiresAt);
    const problems: ErrorDetail[] = [
      ...(name && name.length <= 120 ? [] : [{ path: 'name', message: 'between 1 and 120 characters' }]),
      ...(roles.length ? [] : [{ path: 'roles', message: 'at least one role: a token is scoped to the roles it names' }]),
      ...roleProblems(roles, (await this.schemas.modelFor(session.tenant)).roles.keys()),
      ...(isNaN(expires)
        ? [{ path: 'expiresAt', message: 'a date and time such as 2027-01-31T00:00:00Z' }]
        : expires <= now
          ? [{ path: 'expiresAt', message: 'must be in the future' }]
          : expires > now + API_TOKEN_MAX_DAYS * DAY_MS
            ? [{ path: 'expiresAt', message: `at most ${API_TOKEN_MAX_DAYS} days from now` }]
            : []),
    ];
    if (problems.length) throw validationFailed('Invalid API token', problems);
    const beyond = roles.filter((r) => !rolesGrantable(session.actor.roles, [r]));
    if (beyond.length)
      throw new DomainError(
        ErrorCode.Forbidden,
        `A token may not have roles its creator may not grant: ${beyond.join(', ')}`,
        beyond.map((r) => ({ path: `roles[${roles.indexOf(r)}]`, message: `you may not grant the role "${r}"` })),
      );
    const secret = newApiTokenSecret();
    const token = await insertApiToken(this.orm, {
      tenantId: session.tenant.id,
      name,
      roles,
      secretHash: secret.hash,
      hint: secret.hint,
      createdBy: session.actor.userId,
      expiresAt: new Date(expires).toISOString(),
    });
    return { token, secret: secret.secret };
  }

  /** Revokes a token; its next request anywhere is refused (a revoked token is returned as it is). */
  async revoke(session: Session, id: string): Promise<ApiTokenRow> {
    assertUuid(id, 'id');
    try {
      const token = await revokeApiToken(this.orm, session.tenant.id, id, session.actor.userId);
      if (!token) throw notFound('API token', 'id');
      return token;
    } finally {
      this.directory.forget(session.tenant.id);
    }
  }
}
