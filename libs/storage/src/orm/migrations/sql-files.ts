/**
 * Platform migrations written as plain SQL: each `sql/NNN_name.sql` is one ORM migration of that name, run once
 * in the migrator's transaction. 005 and 006 landed under the old migrator just before the ORM took over: a
 * database that ran a file there (recorded in platform.migrations) only gets it recorded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { legacyMigrations } from './baseline.js';

const SQL_DIR = new URL('../../../src/orm/migrations/sql/', import.meta.url);

export const sqlMigrationFile = (file: string): string => readFileSync(new URL(file, SQL_DIR), 'utf8');

function sqlFileMigration(file: string): MigrationObject {
  class SqlFileMigration extends Migration {
    override async up(): Promise<void> {
      if ((await legacyMigrations(this)).has(file)) return;
      this.addSql(sqlMigrationFile(file));
    }
  }
  return { name: `Migration${file.replace(/\.sql$/, '')}`, class: SqlFileMigration };
}

/** In file-name order; they run after the class migrations listed before them in index.ts. */
export const SQL_FILE_MIGRATIONS = (): MigrationObject[] =>
  readdirSync(SQL_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map(sqlFileMigration);
