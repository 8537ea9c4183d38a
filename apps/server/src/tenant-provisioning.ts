/**
 * Tenant provisioning for operators: a tenant and its first admin, in one transaction. Called by the
 * `npm run tenant` command (tenant-cli.ts) and the operator-guarded `createTenant` mutation. The demo
 * tenant of a first start is created by first-run.ts.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '@funnelcraft/auth';
import { conflict, isCurrencyCode, TENANT_SLUG_PATTERN, validationFailed, type ErrorDetail, type Tenant } from '@funnelcraft/kernel';
import { createTenant, createUser, emOf, findTenantBySlug, type PlatformDb, type UserRow } from '@funnelcraft/storage';

export interface TenantRequest {
  slug: string;
  name?: string;
  /** ISO 4217 reporting currency; default USD. */
  currency?: string;
  adminEmail: string;
  adminName?: string;
  /** Generated (and returned, once) when absent. */
  password?: string;
}

export interface ProvisionedTenant {
  tenant: Tenant;
  admin: UserRow;
  /** The password generated for the admin; absent when the request gave one. Not stored anywhere. */
  generatedPassword?: string;
}

function problemsOf(r: TenantRequest): ErrorDetail[] {
  const email = r.adminEmail.trim();
  return [
    ...(TENANT_SLUG_PATTERN.test(r.slug) ? [] : [{ path: 'slug', message: '2 to 30 lowercase letters, digits or _, starting with a letter' }]),
    ...(r.name === undefined || (r.name.trim() && r.name.length <= 120) ? [] : [{ path: 'name', message: 'between 1 and 120 characters' }]),
    ...(r.currency === undefined || isCurrencyCode(r.currency) ? [] : [{ path: 'currency', message: 'an ISO 4217 code such as EUR' }]),
    ...(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254 ? [] : [{ path: 'adminEmail', message: 'an email address such as ana@example.com' }]),
    ...(r.password === undefined || (r.password.length >= 10 && r.password.length <= 200) ? [] : [{ path: 'password', message: 'at least 10 characters' }]),
  ];
}

export async function provisionTenant(db: PlatformDb, request: TenantRequest): Promise<ProvisionedTenant> {
  const problems = problemsOf(request);
  if (problems.length) throw validationFailed('Invalid tenant', problems);
  const generatedPassword = request.password === undefined ? randomBytes(12).toString('base64url') : undefined;
  const passwordHash = await hashPassword(request.password ?? generatedPassword!);
  // One ORM transaction (tenant and admin are platform entities).
  return emOf(db).transactional(async (tx) => {
    // Serializes provisioning of one slug, so two operators racing get one tenant and one CONFLICT.
    await tx.execute('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`tenant:${request.slug}`]);
    if (await findTenantBySlug(tx, request.slug)) throw conflict(`A tenant "${request.slug}" exists already`, [{ path: 'slug', message: 'taken' }]);
    const tenant = await createTenant(tx, { slug: request.slug, name: request.name?.trim() ?? request.slug, currency: request.currency ?? 'USD' });
    const admin = await createUser(tx, {
      tenantId: tenant.id,
      email: request.adminEmail.trim(),
      name: request.adminName?.trim() || 'Admin',
      passwordHash,
      roles: ['admin'],
    });
    return { tenant, admin, ...(generatedPassword ? { generatedPassword } : {}) };
  });
}
