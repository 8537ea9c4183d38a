/** Factories for tests against the real database: a pool, a fresh tenant with an admin, record contexts. */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { DefinitionService, validateDefinitions, type ApplyRequest, type TenantModel } from '@funnelcraft/definitions';
import type { Actor, Tenant } from '@funnelcraft/kernel';
import type { RecordContext } from '@funnelcraft/records';
import { createPool, createTenant, createUser, migratePlatform, openPlatformOrm, PgDefinitionStorage, type PlatformOrm, type Pool } from '@funnelcraft/storage';

export const databaseUrl = () => inject('databaseUrl');

const orms = new WeakMap<Pool, PlatformOrm>();

/** A records pool with the platform ORM beside it (see ormOf); `pool.end()` closes both. */
export async function testPool(url = databaseUrl()): Promise<Pool> {
  const pool = createPool(url, 10);
  const orm = await openPlatformOrm(url, 2);
  await migratePlatform(pool, orm);
  orms.set(pool, orm);
  const end = pool.end.bind(pool);
  pool.end = (async () => {
    await orm.close();
    await end();
  }) as Pool['end'];
  return pool;
}

/** The platform ORM opened with a test pool. */
export function ormOf(pool: Pool): PlatformOrm {
  const orm = orms.get(pool);
  if (!orm) throw new Error('not a pool from testPool()');
  return orm;
}

export const uniqueSlug = (prefix = 't') => `${prefix}_${randomBytes(5).toString('hex')}`;

// A real argon2id hash of "password", so tests need not spend argon2 time creating users.
export const PASSWORD = 'password';
export const PASSWORD_HASH = '$argon2id$v=19$m=65536,t=3,p=4$xdIfj+fcv03XPUwhJQ2Ygg$KPw/kNvXiTDa5mUfmOFw8t4MMr57v9CpUmJMYxKyXz0';

export interface TestTenant {
  tenant: Tenant;
  actor: Actor;
  email: string;
}

export async function newTenant(pool: Pool, slug = uniqueSlug()): Promise<TestTenant> {
  const tenant = await createTenant(ormOf(pool), { slug, name: slug, currency: 'USD' });
  const email = `admin@${slug}.test`;
  const user = await createUser(ormOf(pool), { tenantId: tenant.id, email, name: 'Admin', passwordHash: PASSWORD_HASH, roles: ['admin'] });
  return { tenant, actor: { userId: user.id, email, roles: user.roles }, email };
}

export async function applyDocs(pool: Pool, t: TestTenant, request: ApplyRequest | unknown[]) {
  return new DefinitionService(new PgDefinitionStorage(pool)).apply(t.tenant, t.actor, Array.isArray(request) ? { documents: request } : request);
}

export function recordContext(pool: Pool, t: TestTenant, model: TenantModel): RecordContext {
  return { tenant: t.tenant, actor: t.actor, db: pool, orm: ormOf(pool), model };
}

export const modelOf = (docs: unknown[]) => validateDefinitions(docs);

/** A database of its own on the test server (for tests whose servers must not share the job queue with other files'). */
export async function isolatedDatabaseUrl(prefix = 'iso'): Promise<string> {
  const admin = createPool(databaseUrl(), 1);
  const name = uniqueSlug(prefix);
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(databaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}
