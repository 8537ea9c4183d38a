/**
 * Counts every statement a pool's connections send, whichever way they are sent: `pool.query`, a client from
 * `pool.connect()` (prepared reads, transactions), named statements. Each client is wrapped the first time it
 * is checked out after counting starts (pg-pool's `acquire` event), so connections opened earlier count too.
 */
import type pg from 'pg';

export interface QueryCounter {
  /** Texts of the statements sent since counting started, in order. */
  readonly texts: string[];
  stop(): void;
}

type Query = pg.PoolClient['query'];

export function countQueries(pool: pg.Pool): QueryCounter {
  const texts: string[] = [];
  const wrapped = new Map<pg.PoolClient, Query>();
  const onAcquire = (client: pg.PoolClient) => {
    if (wrapped.has(client)) return;
    const original = client.query;
    wrapped.set(client, original);
    client.query = ((...args: Parameters<Query>) => {
      const first = args[0] as unknown;
      texts.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
      return (original as (...a: unknown[]) => unknown).apply(client, args);
    }) as Query;
  };
  pool.on('acquire', onAcquire);
  return {
    texts,
    stop() {
      pool.off('acquire', onAcquire);
      for (const [client, original] of wrapped) client.query = original;
    },
  };
}
