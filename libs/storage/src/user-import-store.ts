/**
 * Users added in bulk (an admin's import): written in one INSERT inside the caller's transaction, each with its
 * pending invite (only the hash of the link's secret) and no password until the link is taken.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { conflict } from '@funnelcraft/kernel';
import type { PlatformEm } from './orm/platform-orm.js';
import type { UserRow } from './platform-store.js';

export interface InvitedUser {
  email: string;
  name: string;
  roles: string[];
  teamId: string | null;
  /** What the password hash is until the invite is taken (one that no password verifies against). */
  passwordHash: string;
  inviteHash: string;
  inviteExpiresAt: string;
}

/** Emails (lower case) among these that the tenant's users have already. */
export async function takenEmails(em: PlatformEm, tenantId: string, emails: readonly string[]): Promise<Set<string>> {
  if (!emails.length) return new Set();
  const rows = await em.execute<{ email: string }[]>(
    // The list travels as one JSON parameter (the ORM's driver would spread an array into many).
    `SELECT lower(email) AS email FROM platform.users WHERE tenant_id = ? AND lower(email) IN (SELECT jsonb_array_elements_text(?::jsonb))`,
    [tenantId, JSON.stringify(emails.map((e) => e.toLowerCase()))],
  );
  return new Set(rows.map((r) => r.email));
}

/** Inserts the users in one statement; answers them in the order given; a taken email fails it (users_tenant_email_key). */
export async function insertInvitedUsers(em: PlatformEm, tenantId: string, users: readonly InvitedUser[]): Promise<UserRow[]> {
  if (!users.length) return [];
  const rows = await em
    .execute<Omit<UserRow, 'deactivatedAt'>[]>(
      `INSERT INTO platform.users (tenant_id, email, name, password_hash, roles, team_id, invite_hash, invite_expires_at)
     SELECT ?::uuid, x.email, x.name, x."passwordHash", ARRAY(SELECT jsonb_array_elements_text(x.roles)), x."teamId", x."inviteHash", x."inviteExpiresAt"
       FROM jsonb_to_recordset(?::jsonb) AS x(email text, name text, "passwordHash" text, roles jsonb, "teamId" uuid, "inviteHash" text, "inviteExpiresAt" timestamptz)
     RETURNING id, tenant_id AS "tenantId", email, name, password_hash AS "passwordHash", roles, team_id AS "teamId"`,
      [tenantId, JSON.stringify(users)],
    )
    .catch((e: unknown) => {
      // Someone added one of these emails after the caller checked them: nothing is written.
      if (e instanceof UniqueConstraintViolationException)
        throw conflict('A user with one of these emails was added meanwhile; nothing was created, try again', [
          { path: 'users', message: 'an email is taken', reason: 'taken' },
        ]);
      throw e;
    });
  // RETURNING's order is not promised: the rows are matched back by email (unique per tenant, case-insensitively).
  const byEmail = new Map(rows.map((r) => [r.email.toLowerCase(), r]));
  return users.map((u) => ({ ...byEmail.get(u.email.toLowerCase())!, deactivatedAt: null, inviteExpiresAt: u.inviteExpiresAt }));
}
