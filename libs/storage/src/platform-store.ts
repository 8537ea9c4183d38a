/** Tenants, users and settings in the platform schema, through the ORM (plain objects out, not entities). */
import { sql } from '@mikro-orm/core';
import { tenantSchemaName, type Tenant } from '@funnelcraft/kernel';
import type { Queryable } from './db.js';
import { SettingEntity, TenantEntity, UserEntity } from './orm/platform-entities.js';
import { emOf, type PlatformDb } from './orm/platform-orm.js';

export interface UserRow {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  passwordHash: string;
  roles: string[];
  /** The user's primary team; null: none. */
  teamId: string | null;
  /** When the user was deactivated (it may not sign in); null: active. */
  deactivatedAt: string | null;
  /** When the user's pending invite link expires; null: none pending (or not read). */
  inviteExpiresAt?: string | null;
}

const toTenant = (t: TenantEntity): Tenant => ({ id: t.id, slug: t.slug, currency: t.currency, schema: tenantSchemaName(t.slug) });
const toUser = (u: UserEntity): UserRow => ({
  id: u.id,
  tenantId: u.tenant.id,
  email: u.email,
  name: u.name,
  passwordHash: u.passwordHash,
  roles: u.roles,
  teamId: u.team?.id ?? null,
  deactivatedAt: u.deactivatedAt ?? null,
  inviteExpiresAt: u.inviteHash ? (u.inviteExpiresAt ?? null) : null,
});

export async function findTenantBySlug(db: PlatformDb, slug: string): Promise<Tenant | undefined> {
  const t = await emOf(db).findOne(TenantEntity, { slug });
  return t ? toTenant(t) : undefined;
}

export async function findTenantById(db: PlatformDb, id: string): Promise<Tenant | undefined> {
  const t = await emOf(db).findOne(TenantEntity, { id });
  return t ? toTenant(t) : undefined;
}

export async function createTenant(db: PlatformDb, t: { slug: string; name: string; currency?: string }): Promise<Tenant> {
  tenantSchemaName(t.slug); // validates the slug before anything is written
  const em = emOf(db);
  const tenant = em.create(TenantEntity, { slug: t.slug, name: t.name, currency: t.currency ?? 'USD' }, { partial: true });
  await em.flush();
  return toTenant(tenant);
}

export async function findUserByEmail(db: PlatformDb, tenantId: string, email: string): Promise<UserRow | undefined> {
  const u = await emOf(db).findOne(UserEntity, { tenant: tenantId, [sql.lower('email')]: email.toLowerCase() });
  return u ? toUser(u) : undefined;
}

export async function findUserById(db: PlatformDb, tenantId: string, id: string): Promise<UserRow | undefined> {
  const u = await emOf(db).findOne(UserEntity, { tenant: tenantId, id });
  return u ? toUser(u) : undefined;
}

export async function findUsersByIds(db: PlatformDb, tenantId: string, ids: readonly string[]): Promise<UserRow[]> {
  if (!ids.length) return [];
  return (await emOf(db).find(UserEntity, { tenant: tenantId, id: { $in: [...ids] } })).map(toUser);
}

export async function listUsers(db: PlatformDb, tenantId: string): Promise<UserRow[]> {
  return (await emOf(db).find(UserEntity, { tenant: tenantId }, { orderBy: { email: 'asc' } })).map(toUser);
}

export async function createUser(
  db: PlatformDb,
  u: { tenantId: string; email: string; name: string; passwordHash: string; roles: string[] },
): Promise<UserRow> {
  const em = emOf(db);
  const user = em.create(UserEntity, { tenant: u.tenantId, email: u.email, name: u.name, passwordHash: u.passwordHash, roles: u.roles }, { partial: true });
  await em.flush();
  return toUser(user);
}

/**
 * Which of these ids are users of the tenant. SQL on purpose: record writes check their user fields inside
 * their own transaction on the records pool, and one transaction never spans the ORM's pool too.
 */
export async function existingUserIds(db: Queryable, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM platform.users WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [tenantId, ids]);
  return new Set(rows.map((r) => r.id));
}

export async function getSetting(db: PlatformDb, key: string): Promise<string | undefined> {
  return (await emOf(db).findOne(SettingEntity, { key }))?.value;
}

/** Sets a setting only if it is not set yet; returns the value in force (first writer wins across servers). */
export async function initSetting(db: PlatformDb, key: string, value: string): Promise<string> {
  const em = emOf(db);
  await em.upsert(SettingEntity, { key, value }, { onConflictFields: ['key'], onConflictAction: 'ignore', disableIdentityMap: true });
  return (await getSetting(em.fork(), key)) ?? value;
}
