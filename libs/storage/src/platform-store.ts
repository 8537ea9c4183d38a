/** Tenants, users and settings in the platform schema. */
import { tenantSchemaName, type Tenant } from '@funnelcraft/kernel';
import type { Queryable } from './db.js';

export interface UserRow {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  passwordHash: string;
  roles: string[];
}

interface TenantRow {
  id: string;
  slug: string;
  currency: string;
}

const toTenant = (r: TenantRow): Tenant => ({ id: r.id, slug: r.slug, currency: r.currency, schema: tenantSchemaName(r.slug) });

export async function findTenantBySlug(db: Queryable, slug: string): Promise<Tenant | undefined> {
  const { rows } = await db.query<TenantRow>('SELECT id, slug, currency FROM platform.tenants WHERE slug = $1', [slug]);
  return rows[0] && toTenant(rows[0]);
}

export async function findTenantById(db: Queryable, id: string): Promise<Tenant | undefined> {
  const { rows } = await db.query<TenantRow>('SELECT id, slug, currency FROM platform.tenants WHERE id = $1', [id]);
  return rows[0] && toTenant(rows[0]);
}

export async function createTenant(db: Queryable, t: { slug: string; name: string; currency?: string }): Promise<Tenant> {
  tenantSchemaName(t.slug); // validates the slug before anything is written
  const { rows } = await db.query<TenantRow>(
    'INSERT INTO platform.tenants (slug, name, currency) VALUES ($1, $2, $3) RETURNING id, slug, currency',
    [t.slug, t.name, t.currency ?? 'USD'],
  );
  return toTenant(rows[0]!);
}

const USER_COLUMNS = 'id, tenant_id AS "tenantId", email, name, password_hash AS "passwordHash", roles';

export async function findUserByEmail(db: Queryable, tenantId: string, email: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM platform.users WHERE tenant_id = $1 AND lower(email) = lower($2)`, [tenantId, email]);
  return rows[0];
}

export async function findUserById(db: Queryable, tenantId: string, id: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM platform.users WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  return rows[0];
}

export async function findUsersByIds(db: Queryable, tenantId: string, ids: readonly string[]): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM platform.users WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenantId, ids]);
  return rows;
}

export async function listUsers(db: Queryable, tenantId: string): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM platform.users WHERE tenant_id = $1 ORDER BY email`, [tenantId]);
  return rows;
}

export async function createUser(db: Queryable, u: { tenantId: string; email: string; name: string; passwordHash: string; roles: string[] }): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO platform.users (tenant_id, email, name, password_hash, roles) VALUES ($1, $2, $3, $4, $5) RETURNING ${USER_COLUMNS}`,
    [u.tenantId, u.email, u.name, u.passwordHash, u.roles],
  );
  return rows[0]!;
}

export async function getSetting(db: Queryable, key: string): Promise<string | undefined> {
  const { rows } = await db.query<{ value: string }>('SELECT value FROM platform.settings WHERE key = $1', [key]);
  return rows[0]?.value;
}

/** Sets a setting only if it is not set yet; returns the value in force (first writer wins across servers). */
export async function initSetting(db: Queryable, key: string, value: string): Promise<string> {
  await db.query('INSERT INTO platform.settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
  return (await getSetting(db, key)) ?? value;
}
