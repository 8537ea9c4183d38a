/**
 * One-time invite links (users.invite_hash / invite_expires_at, migration 008): only the SHA-256 of a link's
 * secret is kept; a new link replaces the pending one; accepting sets the password and clears the invite in one
 * statement, so a link works once even when two browsers open it together.
 */
import { UserEntity } from './orm/platform-entities.js';
import { emOf, type PlatformDb } from './orm/platform-orm.js';

/** Sets a user's pending invite (replacing any); false when the tenant has no such active user. */
export async function setUserInvite(db: PlatformDb, tenantId: string, userId: string, invite: { hash: string; expiresAt: string }): Promise<boolean> {
  const changed = await emOf(db).nativeUpdate(
    UserEntity,
    { tenant: tenantId, id: userId, deactivatedAt: null },
    { inviteHash: invite.hash, inviteExpiresAt: invite.expiresAt },
  );
  return changed > 0;
}

/**
 * Takes the invite with this hash if it is pending, not expired, and its user active: sets the password hash and
 * clears the invite. Returns the user's tenant and id, or undefined when no such invite is open.
 */
export async function acceptUserInvite(
  db: PlatformDb,
  hash: string,
  passwordHash: string,
  now: string,
): Promise<{ tenantId: string; userId: string } | undefined> {
  const em = emOf(db);
  const user = await em.findOne(UserEntity, { inviteHash: hash, inviteExpiresAt: { $gt: now }, deactivatedAt: null });
  if (!user) return undefined;
  const changed = await em.nativeUpdate(UserEntity, { id: user.id, inviteHash: hash }, { passwordHash, inviteHash: null, inviteExpiresAt: null });
  return changed > 0 ? { tenantId: user.tenant.id, userId: user.id } : undefined;
}
