/**
 * The first ORM migration: the platform schema as the numbered SQL files built it (001–004, kept verbatim in
 * `baseline/`). A database the old migrator set up recorded those files in `platform.migrations`; the ones
 * recorded there are not run again, so an existing database only gets this migration's record.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Migration } from '@mikro-orm/migrations';

const BASELINE_DIR = new URL('../../../src/orm/migrations/baseline/', import.meta.url);

const FROZEN = ['001_platform.sql', '002_currency_rates.sql', '003_views_attachments.sql', '004_documents_keep_order.sql'];

/** The baseline is frozen: a file added here would never run on a database that has the baseline already. */
export function BASELINE_FILES(): string[] {
  const found = readdirSync(BASELINE_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const extra = found.filter((f) => !FROZEN.includes(f));
  if (extra.length)
    throw new Error(`${extra.join(', ')} in orm/migrations/baseline/: new platform migrations go in libs/storage/src/orm/migrations/sql/ (the next number)`);
  return FROZEN;
}
export const baselineSql = (file: string): string => readFileSync(new URL(file, BASELINE_DIR), 'utf8');

/** The SQL files the old migrator recorded as applied (none on a database it never saw). */
export async function legacyMigrations(m: Migration): Promise<Set<string>> {
  const [legacy] = await m.execute(`SELECT to_regclass('platform.migrations') IS NOT NULL AS present`);
  return new Set(legacy?.['present'] ? (await m.execute('SELECT name FROM platform.migrations')).map((r) => String(r['name'])) : []);
}

export class Migration20261201000000Baseline extends Migration {
  override async up(): Promise<void> {
    const done = await legacyMigrations(this);
    for (const file of BASELINE_FILES()) if (!done.has(file)) this.addSql(baselineSql(file));
  }
}
