/** Password hashing with argon2id (the library's defaults: 64 MiB, 3 passes). */
import argon2 from 'argon2';

/**
 * The password hash of a user who has none yet (added in bulk, waiting for its invite link): no password
 * verifies against it. Sign-in checks such a user against a dummy hash, so it costs what a wrong password does.
 */
export const NO_PASSWORD = '!none';

export const hasPassword = (hash: string | undefined): hash is string => hash !== undefined && hash !== NO_PASSWORD;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
