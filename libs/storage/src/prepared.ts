/**
 * Named (prepared) statements for the generated reads on the hot path: PostgreSQL parses each statement once
 * per connection and, after a few runs, may reuse its plan, instead of parsing and planning every request.
 *
 * pg keeps a named statement for the life of its connection, so both ends are bounded here: a statement text
 * gets a name from a bounded table, and each connection holds at most MAX_PER_CONNECTION of them, least recently
 * used deallocated first. Only reads outside transactions use this: a statement whose result columns changed
 * type under it (a definition change another server applied) fails once, gets a new name and is re-run.
 */
import type pg from 'pg';
import { Lru } from '@funnelcraft/kernel';
import type { Pool, Queryable } from './db.js';

const MAX_PER_CONNECTION = 200;
// Statement texts are a kilobyte or two: the name table stays within a few megabytes.
const MAX_NAMES = 2000;

let counter = 0;
const names = new Lru<string, string>(MAX_NAMES);
const held = new WeakMap<pg.ClientBase, Lru<string, true>>();

interface WithConnection {
  connection: { parsedStatements: Record<string, string> };
}

function nameFor(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `fc_${(counter++).toString(36)}`;
    names.set(text, name);
  }
  return name;
}

/** The statements a connection holds; evicting one deallocates it on that connection. */
function statementsOf(client: pg.ClientBase): Lru<string, true> {
  let lru = held.get(client);
  if (!lru) {
    const parsed = (client as unknown as WithConnection).connection.parsedStatements;
    lru = new Lru<string, true>(MAX_PER_CONNECTION, (_v, name) => {
      if (!parsed[name]) return;
      delete parsed[name];
      // Queued on the client ahead of its next query; the name is ours (fc_…), not user input.
      client.query(`DEALLOCATE ${name}`).catch(() => undefined);
    });
    held.set(client, lru);
  }
  return lru;
}

// "cached plan must not change result type"
const isStalePlan = (e: unknown) => (e as { code?: string }).code === '0A000';
const isServerError = (e: unknown) => typeof (e as { severity?: unknown }).severity === 'string';
const isPool = (db: Queryable): db is Pool => !('release' in db);

async function runNamed<R extends pg.QueryResultRow>(client: pg.PoolClient, text: string, values: unknown[], retries: number): Promise<pg.QueryResult<R>> {
  const name = nameFor(text);
  try {
    const result = await client.query<R>({ name, text, values });
    statementsOf(client).set(name, true);
    return result;
  } catch (e) {
    if (!isStalePlan(e) || retries === 0) throw e;
    names.delete(text);
    return runNamed(client, text, values, retries - 1);
  }
}

/** Runs a read: as a named statement through the pool, as a plain query inside a transaction. */
export async function queryRead<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  if (!isPool(db)) return db.query<R>(text, values);
  const client = await db.connect();
  try {
    const result = await runNamed<R>(client, text, values, 1);
    client.release();
    return result;
  } catch (e) {
    // An error PostgreSQL answered leaves the connection usable; anything else (a broken socket) discards it.
    client.release(isServerError(e) ? undefined : (e as Error));
    throw e;
  }
}
