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

/** Pass every pool the server uses (the platform pool and the data pool): together they are all its connections. */
export function countQueries(...pools: pg.Pool[]): QueryCounter {
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
  for (const pool of pools) pool.on('acquire', onAcquire);
  return {
    texts,
    stop() {
      for (const pool of pools) pool.off('acquire', onAcquire);
      for (const [client, original] of wrapped) client.query = original;
    },
  };
}
