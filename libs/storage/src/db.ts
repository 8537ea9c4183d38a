/**
 * The PostgreSQL connection pool and transactions. Values come back in the shapes the API serves: numerics as
 * numbers, dates as ISO strings, so no per-row mapping is needed on the hot path.
 */
import pg from 'pg';

const { Pool, types } = pg;
export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that can run a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/**
 * The pool's own type parsers (pg's `types` option), not pg's process-global ones: the ORM loads the same pg
 * module and must keep its own mapping. Every client the pool hands out (reads, transactions, LISTEN, COPY)
 * carries them; a client made outside createPool must pass `types: API_TYPES` itself.
 */
export const API_TYPES = new pg.TypeOverrides();
API_TYPES.setTypeParser(types.builtins.NUMERIC, (v) => Number(v));
API_TYPES.setTypeParser(types.builtins.INT8, (v) => Number(v));
API_TYPES.setTypeParser(types.builtins.DATE, (v) => v);
// Sessions run in UTC (see createPool), so PostgreSQL writes "2026-03-31 09:30:00.123+00": make it ISO 8601.
API_TYPES.setTypeParser(types.builtins.TIMESTAMPTZ, (v) => utcTimestampToIso(v));
API_TYPES.setTypeParser(types.builtins.TIMESTAMP, (v) => `${v.replace(' ', 'T')}Z`);

/**
 * "2026-03-31 09:30:00.12+00" → "2026-03-31T09:30:00.120000Z": always six fraction digits, so values keep
 * PostgreSQL's microseconds (cursors and filters round-trip exactly) and sort correctly as text.
 */
export function utcTimestampToIso(v: string): string {
  if (!v.endsWith('+00')) return `${new Date(v.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')).toISOString().slice(0, -1)}000Z`;
  const dot = v.indexOf('.', 19);
  const fraction = dot === -1 ? '' : v.slice(dot + 1, -3);
  return `${v.slice(0, 10)}T${v.slice(11, 19)}.${fraction.padEnd(6, '0')}Z`;
}

/** Every session runs in UTC, so timestamps come back as "…+00" (see utcTimestampToIso). */
export const SESSION_OPTIONS = '-c TimeZone=UTC';

/**
 * @param statementTimeoutMs set on each connection at startup (so it covers named prepared statements and
 * every pooled connection alike); a statement running longer is cancelled by PostgreSQL (code 57014).
 */
export function createPool(connectionString: string, max = 10, opts: { statementTimeoutMs?: number } = {}): Pool {
  const timeout = opts.statementTimeoutMs ? ` -c statement_timeout=${Math.floor(opts.statementTimeoutMs)}` : '';
  const pool = new Pool({ connectionString, max, idleTimeoutMillis: 30_000, options: `${SESSION_OPTIONS}${timeout}`, types: API_TYPES });
  pool.on('error', () => {
    // An idle client lost its connection (e.g. the server restarted); the pool replaces it on next use.
  });
  return pool;
}

/** Runs `fn` in one transaction on one client; rolls back on any error. */
export async function withTransaction<T>(pool: Pool, fn: (tx: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection that breaks meanwhile (its backend terminated, the network dropped) fails the transaction's
  // statements, and pg also emits 'error' on it: listened to here (the pool listens only to idle clients, an
  // unheard 'error' would end the process), and the connection is closed instead of pooled again.
  let broken: Error | undefined;
  const onError = (e: Error) => {
    broken = e;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((e: unknown) => {
      broken = e instanceof Error ? e : new Error(String(e));
    });
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
