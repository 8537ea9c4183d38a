/**
 * The login history (platform.login_events): every password sign-in (success, failure, throttled) and API
 * token authentications. The login throttle reads its windows from the same rows, so it holds across servers.
 */
import { badInput } from '@funnelcraft/kernel';
import type { Queryable } from './db.js';

export type LoginMethod = 'password' | 'token';
export type LoginOutcome = 'success' | 'failure' | 'throttled';

export interface NewLoginEvent {
  tenantId: string | null;
  userId: string | null;
  tokenId: string | null;
  method: LoginMethod;
  outcome: LoginOutcome;
  tenantSlug: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Why a sign-in failed, in words for the admin (never shown to the one signing in). */
  reason: string | null;
}

export interface LoginEventRow extends Omit<NewLoginEvent, 'tenantId' | 'tenantSlug'> {
  id: string;
  at: string;
}

export interface LoginEventFilter {
  userId?: string;
  tokenId?: string;
  email?: string;
  method?: LoginMethod;
  outcome?: LoginOutcome;
  ip?: string;
  /** From this time on (inclusive). */
  from?: string;
  /** Before this time. */
  to?: string;
}

const MAX_USER_AGENT = 512;

export async function recordLoginEvent(db: Queryable, e: NewLoginEvent): Promise<void> {
  await db.query(
    `INSERT INTO platform.login_events (tenant_id, user_id, token_id, method, outcome, tenant_slug, email, ip, user_agent, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [e.tenantId, e.userId, e.tokenId, e.method, e.outcome, e.tenantSlug, e.email, e.ip, e.userAgent?.slice(0, MAX_USER_AGENT) ?? null, e.reason],
  );
}

export interface LoginThrottleLimits {
  /** Failures of one account (tenant and email as typed) since its last success; 0: no limit. */
  maxFailures: number;
  /** Failures from one address, whatever the account; 0: no limit. */
  maxFailuresPerIp: number;
  windowSeconds: number;
}

/**
 * Seconds until the account, and the address, may try again (null: now). An account is held once its last
 * `maxFailures` failures since its last success all fall in the window, until the oldest of them leaves it;
 * throttled attempts are not failures, so waiting is always enough.
 */
export async function loginWaits(
  db: Queryable,
  key: { tenantSlug: string; email: string; ip: string | null },
  limits: LoginThrottleLimits,
): Promise<{ account: number | null; ip: number | null }> {
  const { rows } = await db.query<{ account: number | null; ip: number | null }>(
    `WITH account AS (
       SELECT at FROM platform.login_events
        WHERE method = 'password' AND tenant_slug = $1 AND email = $2 AND outcome = 'failure' AND at > now() - make_interval(secs => $5)
          AND at > COALESCE((SELECT max(at) FROM platform.login_events
                              WHERE method = 'password' AND tenant_slug = $1 AND email = $2 AND outcome = 'success'), '-infinity')
        ORDER BY at DESC LIMIT $3
     ), address AS (
       SELECT at FROM platform.login_events
        WHERE method = 'password' AND outcome = 'failure' AND ip = $6 AND at > now() - make_interval(secs => $5)
        ORDER BY at DESC LIMIT $4
     )
     SELECT (SELECT CASE WHEN $3 > 0 AND count(*) >= $3 THEN ceil(extract(epoch FROM min(at) + make_interval(secs => $5) - now()))::int END FROM account) AS account,
            (SELECT CASE WHEN $4 > 0 AND count(*) >= $4 THEN ceil(extract(epoch FROM min(at) + make_interval(secs => $5) - now()))::int END FROM address) AS ip`,
    [key.tenantSlug, key.email, limits.maxFailures, limits.maxFailuresPerIp, limits.windowSeconds, key.ip],
  );
  return rows[0] ?? { account: null, ip: null };
}

const encodeCursor = (r: { at: string; id: string }) => Buffer.from(JSON.stringify([r.at, r.id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/.test(v[1]) && !isNaN(Date.parse(v[0])))
      return [v[0], v[1]];
  } catch {
    // reported below
  }
  throw badInput('after is not a cursor of this list', [{ path: 'after', message: 'not a cursor from endCursor' }]);
}

/** A page of the tenant's login history, newest first (keyset: at, id). */
export async function listLoginEvents(
  db: Queryable,
  tenantId: string,
  filter: LoginEventFilter,
  page: { first: number; after?: string },
): Promise<{ nodes: LoginEventRow[]; endCursor: string | null; hasNextPage: boolean }> {
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.userId) add('user_id = ?::uuid', filter.userId);
  if (filter.tokenId) add('token_id = ?::uuid', filter.tokenId);
  if (filter.email) add('email = ?', filter.email.trim().toLowerCase());
  if (filter.method) add('method = ?', filter.method);
  if (filter.outcome) add('outcome = ?', filter.outcome);
  if (filter.ip) add('ip = ?', filter.ip);
  if (filter.from) add('at >= ?::timestamptz', filter.from);
  if (filter.to) add('at < ?::timestamptz', filter.to);
  if (page.after) {
    const [at, id] = decodeCursor(page.after);
    params.push(at, id);
    where.push(`(at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(page.first + 1);
  const { rows } = await db.query<LoginEventRow>(
    `SELECT id, user_id AS "userId", token_id AS "tokenId", method, outcome, email, ip, user_agent AS "userAgent", reason, at
       FROM platform.login_events WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  const nodes = rows.slice(0, page.first);
  const last = nodes[nodes.length - 1];
  return { nodes, endCursor: last ? encodeCursor(last) : null, hasNextPage: rows.length > page.first };
}
