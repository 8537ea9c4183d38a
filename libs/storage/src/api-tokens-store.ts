/**
 * API tokens (platform.api_tokens): made, listed and revoked through the ORM; found by the hash of their
 * secret and touched with plain SQL on the request path. A revoke announces itself on ACCESS_CHANNEL in its
 * transaction, so every server's token cache forgets the tenant's tokens.
 */
import { LockMode } from '@mikro-orm/core';
import { tenantSchemaName, type Tenant } from '@funnelcraft/kernel';
import type { Queryable } from './db.js';
import { ApiTokenEntity } from './orm/platform-entities.js';
import { emOf, type PlatformDb } from './orm/platform-orm.js';
import { ACCESS_CHANNEL } from './teams-store.js';

export interface ApiTokenRow {
  id: string;
  name: string;
  roles: string[];
  hint: string;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  lastUsedAt: string | null;
}

/** What a request with the token needs: its tenant, scope, creator and state. */
export interface ApiTokenCredential {
  id: string;
  tenant: Tenant;
  roles: string[];
  createdBy: string | null;
  creatorEmail: string | null;
  expiresAt: string;
  revokedAt: string | null;
}

const toRow = (t: ApiTokenEntity): ApiTokenRow => ({
  id: t.id,
  name: t.name,
  roles: t.roles,
  hint: t.hint,
  createdBy: t.createdBy?.id ?? null,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  revokedAt: t.revokedAt ?? null,
  revokedBy: t.revokedBy?.id ?? null,
  lastUsedAt: t.lastUsedAt ?? null,
});

export async function insertApiToken(
  db: PlatformDb,
  t: { tenantId: string; name: string; roles: string[]; secretHash: string; hint: string; createdBy: string; expiresAt: string },
): Promise<ApiTokenRow> {
  const em = emOf(db);
  const token = em.create(
    ApiTokenEntity,
    { tenant: t.tenantId, name: t.name, roles: t.roles, secretHash: t.secretHash, hint: t.hint, createdBy: t.createdBy, expiresAt: t.expiresAt },
    { partial: true },
  );
  await em.flush();
  // The row as stored (created_at from the database).
  await em.refresh(token);
  return toRow(token);
}

/** The tenant's tokens, newest first; revoked ones only when asked. */
export async function listApiTokens(db: PlatformDb, tenantId: string, includeRevoked: boolean): Promise<ApiTokenRow[]> {
  const where = includeRevoked ? { tenant: tenantId } : { tenant: tenantId, revokedAt: null };
  return (await emOf(db).find(ApiTokenEntity, where, { orderBy: { createdAt: 'desc', id: 'desc' } })).map(toRow);
}

export async function findApiToken(db: PlatformDb, tenantId: string, id: string): Promise<ApiTokenRow | undefined> {
  const t = await emOf(db).findOne(ApiTokenEntity, { tenant: tenantId, id });
  return t ? toRow(t) : undefined;
}

/** Revokes a token of the tenant (a revoked one stays as it was); undefined when the tenant has no such token. */
export function revokeApiToken(db: PlatformDb, tenantId: string, id: string, by: string): Promise<ApiTokenRow | undefined> {
  return emOf(db).transactional(async (em) => {
    const token = await em.findOne(ApiTokenEntity, { tenant: tenantId, id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!token) return undefined;
    if (!token.revokedAt) {
      await em.execute(`UPDATE platform.api_tokens SET revoked_at = now(), revoked_by = ? WHERE id = ?`, [by, id]);
      await em.execute(`SELECT pg_notify(?, ?)`, [ACCESS_CHANNEL, tenantId]);
      await em.refresh(token);
    }
    return toRow(token);
  });
}

/** The token whose secret has this SHA-256, with its tenant and creator; undefined when there is none. */
export async function findApiTokenByHash(db: Queryable, secretHash: string): Promise<ApiTokenCredential | undefined> {
  const { rows } = await db.query<{
    id: string;
    tenantId: string;
    slug: string;
    currency: string;
    roles: string[];
    createdBy: string | null;
    creatorEmail: string | null;
    expiresAt: string;
    revokedAt: string | null;
  }>(
    `SELECT k.id, k.tenant_id AS "tenantId", t.slug, t.currency, k.roles, k.created_by AS "createdBy", u.email AS "creatorEmail",
            k.expires_at AS "expiresAt", k.revoked_at AS "revokedAt"
       FROM platform.api_tokens k JOIN platform.tenants t ON t.id = k.tenant_id LEFT JOIN platform.users u ON u.id = k.created_by
      WHERE k.secret_hash = $1`,
    [secretHash],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id,
    tenant: { id: r.tenantId, slug: r.slug, schema: tenantSchemaName(r.slug), currency: r.currency },
    roles: r.roles,
    createdBy: r.createdBy,
    creatorEmail: r.creatorEmail,
    expiresAt: r.expiresAt,
    revokedAt: r.revokedAt,
  };
}

/** Sets last_used_at to now unless another server did so within the last minute. */
export async function touchApiToken(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE platform.api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [
    id,
  ]);
}
