/**
 * One-time invite links: an admin asks for a link for a user (who may call it is the resolver's guard), the
 * studio shows it once (`<studio>/invite#<secret>`: the secret stays in the fragment, out of server logs and
 * referrers), and whoever opens it sets the user's password and is signed in. Only the secret's SHA-256 is
 * kept; a new link replaces the pending one; deactivating the user drops it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hashPassword, issueLogin, type LoginResult, type Session } from '@funnelcraft/auth';
import { DomainError, ErrorCode, validationFailed } from '@funnelcraft/kernel';
import { acceptUserInvite, findTenantById, findUserById, setUserInvite, type PlatformOrm, type UserRow } from '@funnelcraft/storage';
import { assertUuid } from './ids.js';

export const INVITE_PREFIX = 'fci_';
export const INVITE_DAYS = 7;
const DAY_MS = 86_400_000;

const hashInvite = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** A fresh link: the secret (shown once), the SHA-256 kept of it, and its expiry in PostgreSQL's own form. */
export function newInvite(now: number): { secret: string; hash: string; expiresAt: string } {
  const secret = `${INVITE_PREFIX}${randomBytes(32).toString('base64url')}`;
  // In PostgreSQL's own form (microseconds), as every later read of it answers.
  const expiresAt = `${new Date(now + INVITE_DAYS * DAY_MS).toISOString().slice(0, -1)}000Z`;
  return { secret, hash: hashInvite(secret), expiresAt };
}

export interface UserInvite {
  user: UserRow;
  secret: string;
  expiresAt: string;
}

export class InvitesService {
  constructor(
    private readonly orm: PlatformOrm,
    private readonly signingSecret: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** A new link for an active user of the session's tenant (NOT_FOUND otherwise), valid INVITE_DAYS. */
  async invite(session: Session, userId: string): Promise<UserInvite> {
    assertUuid(userId, 'userId');
    const user = await findUserById(this.orm, session.tenant.id, userId);
    if (!user) throw new DomainError(ErrorCode.NotFound, 'User not found', [{ path: 'userId', message: 'not found' }]);
    if (user.deactivatedAt)
      throw new DomainError(ErrorCode.Conflict, 'A deactivated user cannot be invited; reactivate it first', [
        { path: 'userId', message: 'this user is deactivated', reason: 'deactivated' },
      ]);
    const { secret, hash, expiresAt } = newInvite(this.now());
    await setUserInvite(this.orm, session.tenant.id, userId, { hash, expiresAt });
    return { user: { ...user, inviteExpiresAt: expiresAt }, secret, expiresAt };
  }

  /** Sets the invited user's password and signs it in; NOT_FOUND (reason inviteInvalid) for a used, expired or unknown link. */
  async accept(secret: string, password: string): Promise<LoginResult> {
    if (password.length < 10 || password.length > 200)
      throw validationFailed('Invalid password', [{ path: 'password', message: 'between 10 and 200 characters', reason: 'length' }]);
    const invalid = () =>
      new DomainError(ErrorCode.NotFound, 'This invite link has been used, has expired or was replaced; ask an administrator for a new one', [
        { path: 'secret', message: 'no open invite', reason: 'inviteInvalid' },
      ]);
    if (!secret.startsWith(INVITE_PREFIX) || secret.length > 100) throw invalid();
    const taken = await acceptUserInvite(this.orm, hashInvite(secret), await hashPassword(password), new Date(this.now()).toISOString());
    if (!taken) throw invalid();
    const [tenant, user] = await Promise.all([findTenantById(this.orm, taken.tenantId), findUserById(this.orm, taken.tenantId, taken.userId)]);
    return issueLogin({ ok: true, tenant, user }, this.signingSecret);
  }
}
