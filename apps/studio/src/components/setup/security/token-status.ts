/** The state of an API token as the list shows it: revoked (when), expired, or active. */
export type TokenStatus = 'active' | 'expired' | 'revoked';

export function tokenStatus(token: { expiresAt: string; revokedAt: string | null }, now = Date.now()): TokenStatus {
  if (token.revokedAt) return 'revoked';
  return Date.parse(token.expiresAt) <= now ? 'expired' : 'active';
}

const DAY_MS = 86_400_000;
/** The server's limit: a token expires at most this many days ahead. */
export const TOKEN_MAX_DAYS = 366;

/** The expiry sent for a picked day: the end of that day (local time), so "expires on" includes the day itself. */
export const endOfDay = (day: Date): string => new Date(day.getFullYear(), day.getMonth(), day.getDate(), 23, 59, 59).toISOString();

/** Days a token may expire on: from today to the server's limit (the end of the last day must still fit). */
export function expiryAllowed(day: Date, now = Date.now()): boolean {
  const end = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 23, 59, 59).getTime();
  return end > now && end <= now + TOKEN_MAX_DAYS * DAY_MS;
}
