/**
 * Migrations of the system tables every tenant schema holds next to its record tables (stage history, field
 * history, and whatever comes next), numbered and applied once per tenant schema under the tenant's advisory
 * lock; `platform.tenant_schema_migrations` records which ones each tenant has. The first one adopts what
 * earlier layouts built with CREATE … IF NOT EXISTS on every apply (one, the other, or both tables).
 * A new one goes at the end of TENANT_MIGRATIONS; never edit one that has shipped.
 */
import { quoteIdent, type Tenant } from '@funnelcraft/kernel';
import { withTransaction, type Pool, type PoolClient } from './db.js';
import { fieldHistoryTable } from './field-history.js';
import { stageHistoryTable } from './pipeline-ddl.js';

export interface TenantMigration {
  version: number;
  name: string;
  sql: (schema: string) => string[];
}

export const TENANT_MIGRATIONS: readonly TenantMigration[] = [
  { version: 1, name: 'stage and field history', sql: (schema) => [...stageHistoryTable(schema), ...fieldHistoryTable(schema)] },
];

export const LATEST_TENANT_MIGRATION = TENANT_MIGRATIONS[TENANT_MIGRATIONS.length - 1]!.version;

/** The same lock as a definition apply: a tenant's DDL never runs twice at once. */
export const tenantLock = (tx: PoolClient, tenantId: string) => tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`definitions:${tenantId}`]);

export async function tenantSchemaVersion(tx: Pick<PoolClient, 'query'>, tenantId: string): Promise<number> {
  const { rows } = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM platform.tenant_schema_migrations WHERE tenant_id = $1', [tenantId]);
  return rows[0]?.v ?? 0;
}

/**
 * Brings the tenant's schema to the latest system-table version, inside the caller's transaction (a
 * definition apply, or one of its own); returns the versions it applied.
 */
export async function migrateTenantSchema(tx: PoolClient, tenant: Tenant): Promise<number[]> {
  await tenantLock(tx, tenant.id);
  const current = await tenantSchemaVersion(tx, tenant.id);
  if (current >= LATEST_TENANT_MIGRATION) return [];
  await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(tenant.schema)}`);
  const applied: number[] = [];
  for (const m of TENANT_MIGRATIONS) {
    if (m.version <= current) continue;
    for (const sql of m.sql(tenant.schema)) await tx.query(sql);
    await tx.query('INSERT INTO platform.tenant_schema_migrations (tenant_id, version, name) VALUES ($1, $2, $3)', [tenant.id, m.version, m.name]);
    applied.push(m.version);
  }
  return applied;
}

/**
 * At start: upgrades every tenant schema that exists (its tenant has applied definitions) and is behind, each
 * in its own transaction, so record writes can rely on the latest system tables.
 */
export async function migrateTenantSchemas(pool: Pool, schemaOf: (slug: string) => string): Promise<string[]> {
  const { rows } = await pool.query<{ id: string; slug: string; currency: string }>(
    `SELECT t.id, t.slug, t.currency FROM platform.tenants t
      WHERE EXISTS (SELECT 1 FROM platform.definition_versions v WHERE v.tenant_id = t.id)
        AND coalesce((SELECT max(m.version) FROM platform.tenant_schema_migrations m WHERE m.tenant_id = t.id), 0) < $1`,
    [LATEST_TENANT_MIGRATION],
  );
  const upgraded: string[] = [];
  for (const t of rows) {
    const tenant = { id: t.id, slug: t.slug, currency: t.currency, schema: schemaOf(t.slug) };
    if ((await withTransaction(pool, (tx) => migrateTenantSchema(tx, tenant))).length) upgraded.push(t.slug);
  }
  return upgraded;
}
