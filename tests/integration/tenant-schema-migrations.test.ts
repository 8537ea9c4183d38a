/**
 * Tenant schemas carry a migration record: a schema built by the earlier layouts (system tables made with
 * CREATE TABLE IF NOT EXISTS on every apply, no record) is upgraded once, keeps its rows, and ends in the same
 * state as a schema made now.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantSchemaName, type Tenant } from '@funnelcraft/kernel';
import { LATEST_TENANT_MIGRATION, migrateTenantSchemas, type Pool } from '@funnelcraft/storage';
import { applyDocs, newTenant, testPool, type TestTenant } from '../support/db.js';
import { objectDoc } from '../support/docs.js';

let pool: Pool;
beforeAll(async () => {
  pool = await testPool();
});
afterAll(() => pool.end());

// The system tables as the previous layout wrote them (pipeline-ddl.ts and field-history.ts before this change).
const OLD_STAGE_HISTORY = (s: string) => [
  `CREATE TABLE IF NOT EXISTS "${s}"."stage_history" (
  id uuid NOT NULL DEFAULT platform.new_id() PRIMARY KEY, object text NOT NULL, record_id uuid NOT NULL, pipeline text NOT NULL,
  from_stage text, to_stage text NOT NULL, moved_at timestamptz NOT NULL DEFAULT now(), moved_by uuid, amount numeric, currency text, days_in_previous numeric)`,
  `CREATE INDEX IF NOT EXISTS stage_history_record_idx ON "${s}"."stage_history" (object, record_id, moved_at)`,
  `CREATE INDEX IF NOT EXISTS stage_history_moved_idx ON "${s}"."stage_history" (object, pipeline, moved_at)`,
];
const OLD_FIELD_HISTORY = (s: string) => [
  `CREATE TABLE IF NOT EXISTS "${s}"."field_history" (
  id uuid NOT NULL DEFAULT platform.new_id() PRIMARY KEY, object text NOT NULL, record_id uuid NOT NULL, field text NOT NULL,
  old_value jsonb, new_value jsonb, changed_at timestamptz NOT NULL DEFAULT now(), changed_by uuid)`,
  `CREATE INDEX IF NOT EXISTS field_history_record_idx ON "${s}"."field_history" (object, record_id, changed_at)`,
];
const RECORD = '01900000-0000-7000-8000-0000000000aa';

/** A tenant as the earlier code left it after an apply: its schema, its system tables, a version row, no record. */
async function oldLayoutTenant(withFieldHistory: boolean): Promise<TestTenant> {
  const t = await newTenant(pool);
  const s = t.tenant.schema;
  await pool.query(`CREATE SCHEMA "${s}"`);
  for (const sql of [...OLD_STAGE_HISTORY(s), ...(withFieldHistory ? OLD_FIELD_HISTORY(s) : [])]) await pool.query(sql);
  await pool.query(
    `INSERT INTO "${s}".stage_history (object, record_id, pipeline, to_stage, moved_by, amount, currency) VALUES ('deal', $1, 'sales', 'won', $2, 1200.5, 'EUR')`,
    [RECORD, t.actor.userId],
  );
  if (withFieldHistory)
    await pool.query(`INSERT INTO "${s}".field_history (object, record_id, field, old_value, new_value) VALUES ('deal', $1, 'name', '"a"', '"b"')`, [RECORD]);
  await pool.query(`INSERT INTO platform.definition_versions (tenant_id, version, documents, hash, plan) VALUES ($1, 1, '[]', '', '[]')`, [t.tenant.id]);
  return t;
}

const recordOf = async (tenant: Tenant) =>
  (await pool.query('SELECT version, name FROM platform.tenant_schema_migrations WHERE tenant_id = $1 ORDER BY version', [tenant.id])).rows;

/** Columns and indexes of a tenant's system tables. */
async function systemTables(schema: string) {
  const columns = await pool.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
      WHERE table_schema = $1 AND table_name IN ('stage_history', 'field_history') ORDER BY table_name, ordinal_position`,
    [schema],
  );
  const indexes = await pool.query(
    `SELECT indexname, replace(indexdef, $1, 'S') AS def FROM pg_indexes WHERE schemaname = $1 AND tablename IN ('stage_history', 'field_history') ORDER BY indexname`,
    [schema],
  );
  return { columns: columns.rows, indexes: indexes.rows };
}

describe('tenant schema migrations', () => {
  it('upgrade schemas built by the previous layouts once, keeping their rows, to the state a new schema has', async () => {
    const both = await oldLayoutTenant(true);
    const stageOnly = await oldLayoutTenant(false);
    const fresh = await newTenant(pool);
    await applyDocs(pool, fresh, [objectDoc('deal', { name: { type: 'string', 'x-kind': 'text' } })]);
    expect(await recordOf(fresh.tenant)).toEqual([{ version: 1, name: 'stage and field history' }]);

    // At start, the server upgrades every schema that is behind.
    const upgraded = await migrateTenantSchemas(pool, tenantSchemaName);
    expect(upgraded).toEqual(expect.arrayContaining([both.tenant.slug, stageOnly.tenant.slug]));
    expect(upgraded).not.toContain(fresh.tenant.slug);
    for (const t of [both, stageOnly]) {
      expect(await recordOf(t.tenant)).toEqual([{ version: LATEST_TENANT_MIGRATION, name: 'stage and field history' }]);
      expect(await systemTables(t.tenant.schema)).toEqual(await systemTables(fresh.tenant.schema));
      const stage = await pool.query(`SELECT record_id, to_stage, amount, currency FROM "${t.tenant.schema}".stage_history`);
      expect(stage.rows).toEqual([{ record_id: RECORD, to_stage: 'won', amount: 1200.5, currency: 'EUR' }]);
    }
    const fields = await pool.query(`SELECT field, old_value, new_value FROM "${both.tenant.schema}".field_history`);
    expect(fields.rows).toEqual([{ field: 'name', old_value: 'a', new_value: 'b' }]);

    // Applied once: neither a second start nor an apply runs it again.
    expect(await migrateTenantSchemas(pool, tenantSchemaName)).not.toEqual(expect.arrayContaining([both.tenant.slug]));
    await applyDocs(pool, both, [objectDoc('deal', { name: { type: 'string', 'x-kind': 'text' } })]);
    expect(await recordOf(both.tenant)).toHaveLength(1);
  });

  it('are not recorded by a dry run or for a tenant that has applied nothing', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, { documents: [objectDoc('deal', { name: { type: 'string', 'x-kind': 'text' } })], dryRun: true });
    expect(await recordOf(t.tenant)).toEqual([]);
    expect(await migrateTenantSchemas(pool, tenantSchemaName)).not.toContain(t.tenant.slug);
    expect((await pool.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [t.tenant.schema])).rows).toEqual([]);
  });
});
