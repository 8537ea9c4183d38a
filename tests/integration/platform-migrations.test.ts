/**
 * The platform schema under the ORM's migrator: a database the old SQL migrator set up upgrades in place and
 * keeps its rows, a fresh one gets the same tables, and the ORM's diff agrees with both and never reaches
 * into tenant schemas. Each case runs in a database of its own on the test server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPool,
  findUserByEmail,
  getSetting,
  listAttachments,
  listCurrencyRates,
  listViews,
  migratePlatform,
  openPlatformOrm,
  PgDefinitionStorage,
  platformSchemaDiff,
  sqlMigrationFile,
  versionHistory,
  type PlatformOrm,
  type Pool,
} from '@funnelcraft/storage';
import { DefinitionService } from '@funnelcraft/definitions';
import { tenantSchemaName } from '@funnelcraft/kernel';
import { databaseUrl } from '../support/db.js';
import { objectDoc } from '../support/docs.js';

const BASELINE = new URL('../../libs/storage/src/orm/migrations/baseline/', import.meta.url);
const SQL_FILES = readdirSync(new URL('../../libs/storage/src/orm/migrations/sql/', import.meta.url))
  .filter((f) => f.endsWith('.sql'))
  .sort();
const ORM_MIGRATIONS = [
  'Migration20261201000000Baseline',
  'Migration20261201000001TenantSchemaRecord',
  ...SQL_FILES.map((f) => `Migration${f.replace(/\.sql$/, '')}`),
];
/** Whether these SQL migration files create the column's table or ALTER the column in. */
const addedBy = (c: { table_name: string; column_name: string }, files: string[]) =>
  files.some((f) =>
    new RegExp(`CREATE TABLE platform\\.${c.table_name} |ALTER TABLE platform\\.${c.table_name} ADD COLUMN (IF NOT EXISTS )?${c.column_name}\\b`).test(
      sqlMigrationFile(f),
    ),
  );
/** A column the ORM migrations after the baseline add. */
const addedAfterBaseline = (c: { table_name: string; column_name: string }) => c.table_name === 'tenant_schema_migrations' || addedBy(c, SQL_FILES);

interface Db {
  name: string;
  pool: Pool;
  orm: PlatformOrm;
}

let admin: Pool;
const opened: Db[] = [];

async function newDatabase(): Promise<Db> {
  const name = `fc_mig_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(databaseUrl());
  url.pathname = `/${name}`;
  const db = { name, pool: createPool(url.toString(), 4), orm: await openPlatformOrm(url.toString(), 2) };
  opened.push(db);
  return db;
}

/**
 * What migrate.ts did before the ORM: each numbered SQL file once, recorded in platform.migrations (`upTo`
 * of 001–004; `legacySql`: also those files of sql/, which landed under the old migrator at the last moment).
 */
async function migrateTheOldWay(pool: Pool, upTo = Infinity, legacySql: string[] = []): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('CREATE SCHEMA IF NOT EXISTS platform');
    await client.query(`CREATE OR REPLACE FUNCTION platform.new_id() RETURNS uuid LANGUAGE sql VOLATILE AS 'SELECT uuidv7()'`);
    await client.query('CREATE TABLE IF NOT EXISTS platform.migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    for (const file of readdirSync(BASELINE)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .slice(0, upTo)) {
      await client.query(readFileSync(new URL(file, BASELINE), 'utf8'));
      await client.query('INSERT INTO platform.migrations (name) VALUES ($1)', [file]);
    }
    for (const file of legacySql) {
      await client.query(sqlMigrationFile(file));
      await client.query('INSERT INTO platform.migrations (name) VALUES ($1)', [file]);
    }
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

/** Every column, constraint and index of the platform schema, less the migrators' own bookkeeping tables. */
async function platformShape(pool: Pool) {
  const bookkeeping = `('migrations', 'orm_migrations')`;
  const columns = await pool.query(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns
      WHERE table_schema = 'platform' AND table_name NOT IN ${bookkeeping} ORDER BY table_name, ordinal_position`,
  );
  const constraints = await pool.query(
    `SELECT conrelid::regclass::text AS table, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE connamespace = 'platform'::regnamespace AND conrelid::regclass::text NOT IN ('platform.migrations', 'platform.orm_migrations') ORDER BY 1, 2`,
  );
  const indexes = await pool.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'platform' AND tablename NOT IN ${bookkeeping} ORDER BY indexname`,
  );
  return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows };
}

beforeAll(() => {
  admin = createPool(databaseUrl(), 2);
});

afterAll(async () => {
  for (const db of opened) {
    await db.orm.close();
    await db.pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${db.name} WITH (FORCE)`);
  }
  await admin.end();
});

describe('platform migrations', () => {
  it('upgrade a database the old migrator set up, recognising 001–004, and keep its rows', async () => {
    const { pool, orm } = await newDatabase();
    await migrateTheOldWay(pool);
    const {
      rows: [tenant],
    } = await pool.query<{ id: string }>(`INSERT INTO platform.tenants (slug, name, currency) VALUES ('acme', 'Acme', 'EUR') RETURNING id`);
    const tenantId = tenant!.id;
    const {
      rows: [user],
    } = await pool.query<{ id: string }>(
      `INSERT INTO platform.users (tenant_id, email, name, password_hash, roles) VALUES ($1, 'Ana@Acme.test', 'Ana', 'hash', '{admin}') RETURNING id`,
      [tenantId],
    );
    const userId = user!.id;
    await pool.query(`INSERT INTO platform.settings (key, value) VALUES ('auth.secret', 'kept')`);
    await pool.query(`INSERT INTO platform.currency_rates (tenant_id, currency, rate) VALUES ($1, 'USD', 0.92)`, [tenantId]);
    const documents = '[{"x-object":"deal","properties":{"zeta":{"type":"string"},"alpha":{"type":"string"}}}]';
    await pool.query(`INSERT INTO platform.definition_versions (tenant_id, version, documents, hash, plan, applied_by) VALUES ($1, 1, $2, 'h1', '[]', $3)`, [
      tenantId,
      documents,
      userId,
    ]);
    await pool.query(
      `INSERT INTO platform.saved_views (tenant_id, object, name, owner_id, definition) VALUES ($1, 'deal', 'Mine', $2, '{"columns":["zeta"]}')`,
      [tenantId, userId],
    );
    const recordId = '01900000-0000-7000-8000-000000000001';
    await pool.query(
      `INSERT INTO platform.attachments (tenant_id, object, record_id, file_name, content_type, size, uploaded_by) VALUES ($1, 'deal', $2, 'a.txt', 'text/plain', 3, $3)`,
      [tenantId, recordId, userId],
    );
    const before = await platformShape(pool);

    expect(await migratePlatform(pool, orm)).toEqual(ORM_MIGRATIONS);

    // The baseline ran no SQL file again: the old record is as it was, the tables are as they were plus the new one.
    expect((await pool.query('SELECT name FROM platform.migrations ORDER BY name')).rows.map((r) => r.name)).toEqual(
      readdirSync(BASELINE)
        .filter((f) => f.endsWith('.sql'))
        .sort(),
    );
    expect((await pool.query('SELECT name FROM platform.orm_migrations ORDER BY id')).rows.map((r) => r.name)).toEqual(ORM_MIGRATIONS);
    const after = await platformShape(pool);
    expect(after.columns.filter((c) => !addedAfterBaseline(c))).toEqual(before.columns);
    for (const table of ['tenant_schema_migrations', 'automation_events']) expect(after.columns.some((c) => c.table_name === table)).toBe(true);

    // Every row is still there, read back through the entities.
    expect(await findUserByEmail(orm, tenantId, 'ana@acme.test')).toMatchObject({ id: userId, email: 'Ana@Acme.test', roles: ['admin'], passwordHash: 'hash' });
    expect(await getSetting(orm, 'auth.secret')).toBe('kept');
    expect(await listCurrencyRates(orm, tenantId)).toEqual([
      { currency: 'USD', rate: 0.92, updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/) },
    ]);
    const [version] = await versionHistory(orm, tenantId, 5);
    expect(version).toMatchObject({ version: 1, hash: 'h1', appliedBy: userId, appliedByEmail: 'Ana@Acme.test' });
    expect(Object.keys((version!.documents[0] as { properties: object }).properties)).toEqual(['zeta', 'alpha']);
    expect(await listViews(orm, tenantId, userId, 'deal')).toMatchObject([{ name: 'Mine', ownerId: userId, definition: { columns: ['zeta'] } }]);
    expect(await listAttachments(orm, tenantId, 'deal', recordId)).toMatchObject([{ fileName: 'a.txt', size: 3, uploadedBy: userId }]);

    // Once migrated, nothing is pending.
    expect(await migratePlatform(pool, orm)).toEqual([]);
  });

  it('give a fresh database the same tables, and the entities agree with it', async () => {
    const upgraded = await newDatabase();
    await migrateTheOldWay(upgraded.pool);
    await migratePlatform(upgraded.pool, upgraded.orm);
    const fresh = await newDatabase();
    expect(await migratePlatform(fresh.pool, fresh.orm)).toEqual(ORM_MIGRATIONS);
    expect((await fresh.pool.query(`SELECT to_regclass('platform.migrations') AS t`)).rows[0].t).toBeNull();
    const shape = await platformShape(fresh.pool);
    expect(shape).toEqual(await platformShape(upgraded.pool));
    expect(shape.columns.find((c) => c.table_name === 'definition_versions' && c.column_name === 'documents')?.data_type).toBe('json');
    expect(await platformSchemaDiff(fresh.orm)).toBe('');
    expect(await platformSchemaDiff(upgraded.orm)).toBe('');
  });

  it('finish a database the old migrator left part-way (001–002): the baseline runs only 003–004', async () => {
    const partial = await newDatabase();
    await migrateTheOldWay(partial.pool, 2);
    await partial.pool.query(`INSERT INTO platform.tenants (slug, name) VALUES ('early', 'Early')`);
    expect(await migratePlatform(partial.pool, partial.orm)).toEqual(ORM_MIGRATIONS);
    const fresh = await newDatabase();
    await migratePlatform(fresh.pool, fresh.orm);
    expect(await platformShape(partial.pool)).toEqual(await platformShape(fresh.pool));
    expect((await partial.pool.query('SELECT slug FROM platform.tenants')).rows).toEqual([{ slug: 'early' }]);
  });

  it('recognise the SQL files the old migrator ran after 004 (005, 006): they are only recorded', async () => {
    const old = await newDatabase();
    await migrateTheOldWay(old.pool, Infinity, ['005_automation.sql', '006_automation_runs.sql']);
    await old.pool.query(`INSERT INTO platform.tenants (slug, name) VALUES ('auto', 'Auto')`);
    const before = await platformShape(old.pool);
    expect(await migratePlatform(old.pool, old.orm)).toEqual(ORM_MIGRATIONS);
    const after = await platformShape(old.pool);
    const later = SQL_FILES.filter((f) => !['005_automation.sql', '006_automation_runs.sql'].includes(f));
    expect(after.columns.filter((c) => c.table_name !== 'tenant_schema_migrations' && !addedBy(c, later))).toEqual(before.columns);
    const fresh = await newDatabase();
    await migratePlatform(fresh.pool, fresh.orm);
    expect(after).toEqual(await platformShape(fresh.pool));
  });

  it('diff only the platform schema: tenant schemas are never touched, and generated migrations never drop', async () => {
    const { pool, orm } = await newDatabase();
    await migratePlatform(pool, orm);
    const {
      rows: [t],
    } = await pool.query<{ id: string; slug: string }>(`INSERT INTO platform.tenants (slug, name) VALUES ('diffed', 'Diffed') RETURNING id, slug`);
    const tenant = { id: t!.id, slug: t!.slug, currency: 'USD', schema: tenantSchemaName(t!.slug) };
    await new DefinitionService(new PgDefinitionStorage(pool)).apply(tenant, null, {
      documents: [objectDoc('widget', { name: { type: 'string', 'x-kind': 'text' } })],
    });
    expect(await platformSchemaDiff(orm)).toBe('');
    // The diff a new migration is written from (the migrator's call, with its settings) compares every schema
    // it finds: its settings must keep it from dropping the tenant's tables.
    const { safe, dropTables } = orm.config.get('migrations');
    const forMigration = await orm.schema.getUpdateSchemaMigrationSQL({ wrap: false, safe, dropTables });
    expect(forMigration.up).not.toMatch(/tenant_diffed|drop/i);
    const unsafe = await orm.schema.getUpdateSchemaMigrationSQL({ wrap: false, safe: false, dropTables: true });
    expect(unsafe.up).toMatch(/drop table if exists "tenant_diffed"/i); // what the settings prevent
    expect((await pool.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`, [tenant.schema])).rows[0].n).toBeGreaterThan(
      0,
    );
  });
});
