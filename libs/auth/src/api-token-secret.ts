/**
 * API token secrets: `fc_` and 43 base64url characters (32 random bytes). Only their SHA-256 is stored; the
 * secret itself is shown once, when the token is made. A fast hash is right here (unlike passwords): the
 * secret has 256 random bits, so there is nothing to guess, and the hot path hashes it on every request.
 */
import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'fc_';
const SHAPE = /^fc_[A-Za-z0-9_-]{43}$/;

export interface NewApiTokenSecret {
  /** Shown once; never stored nor logged. */
  secret: string;
  hash: string;
  /** The secret's first characters, to tell tokens apart in a list (24 of its 256 bits). */
  hint: string;
}

export const hashApiTokenSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Whether a bearer credential is meant as an API token (it may still be malformed: see isWellFormedApiToken). */
export const looksLikeApiToken = (credential: string): boolean => credential.startsWith(API_TOKEN_PREFIX);
export const isWellFormedApiToken = (credential: string): boolean => SHAPE.test(credential);

export function newApiTokenSecret(): NewApiTokenSecret {
  const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashApiTokenSecret(secret), hint: secret.slice(0, API_TOKEN_PREFIX.length + 4) };
}
