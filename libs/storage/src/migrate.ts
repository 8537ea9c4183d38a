/**
 * Creates and upgrades the platform schema: numbered SQL files in `migrations/`, each applied once, in one
 * transaction per file, under an advisory lock so concurrent servers do not race.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { withTransaction, type Pool } from './db.js';

const MIGRATIONS_DIR = new URL('../src/migrations/', import.meta.url);
const LOCK_KEY = 728_001;

/** Time-ordered UUIDs: native uuidv7() on PostgreSQL 18+, the same layout built by hand before. */
const NEW_ID_NATIVE = `CREATE OR REPLACE FUNCTION platform.new_id() RETURNS uuid LANGUAGE sql VOLATILE AS 'SELECT uuidv7()'`;
const NEW_ID_PORTABLE = `CREATE OR REPLACE FUNCTION platform.new_id() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING
    substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$`;

export async function migratePlatform(pool: Pool): Promise<string[]> {
  return withTransaction(pool, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query('CREATE SCHEMA IF NOT EXISTS platform');
    const { rows: version } = await tx.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`);
    await tx.query((version[0]?.v ?? 0) >= 180000 ? NEW_ID_NATIVE : NEW_ID_PORTABLE);
    await tx.query('CREATE TABLE IF NOT EXISTS platform.migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await tx.query<{ name: string }>('SELECT name FROM platform.migrations');
    const done = new Set(rows.map((r) => r.name));
    const applied: string[] = [];
    for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort()) {
      if (done.has(file)) continue;
      await tx.query(readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8'));
      await tx.query('INSERT INTO platform.migrations (name) VALUES ($1)', [file]);
      applied.push(file);
    }
    return applied;
  });
}
