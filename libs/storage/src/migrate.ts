/**
 * Creates and upgrades the platform schema with the ORM's migrator (`orm/migrations/`), under an advisory lock
 * so concurrent servers do not race. The lock is held on a connection of the records pool while the
 * migrator works on the ORM's own: it serialises servers, it is not a transaction.
 */
import type { Pool } from './db.js';
import type { PlatformOrm } from './orm/platform-orm.js';

const LOCK_KEY = 728_001;

/** Time-ordered UUIDs: native uuidv7() on PostgreSQL 18+, the same layout built by hand before. */
const NEW_ID_NATIVE = `CREATE OR REPLACE FUNCTION platform.new_id() RETURNS uuid LANGUAGE sql VOLATILE AS 'SELECT uuidv7()'`;
const NEW_ID_PORTABLE = `CREATE OR REPLACE FUNCTION platform.new_id() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING
    substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$`;

/** Runs the platform migrations not yet applied; returns their names. */
export async function migratePlatform(pool: Pool, orm: PlatformOrm): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query('CREATE SCHEMA IF NOT EXISTS platform');
      const { rows } = await client.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`);
      // Re-created on every start: a database upgraded to PostgreSQL 18 switches to the native function.
      await client.query((rows[0]?.v ?? 0) >= 180000 ? NEW_ID_NATIVE : NEW_ID_PORTABLE);
      const applied = await orm.migrator.up();
      return applied.map((m) => m.name);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
