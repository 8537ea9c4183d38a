/**
 * Reads and writes applied definition versions in the platform schema. The version row is written with SQL on
 * the apply's own client (metadata, DDL, version row and NOTIFY are one PostgreSQL transaction), and the
 * latest version is read the same way (inside that transaction, and per tenant on a schema-cache miss).
 */
import type { DefinitionDocument } from '@funnelcraft/definitions';
import type { Queryable } from './db.js';
import { DefinitionVersionEntity } from './orm/platform-entities.js';
import { emOf, type PlatformDb } from './orm/platform-orm.js';

export interface AppliedVersion {
  version: number;
  hash: string;
  documents: DefinitionDocument[];
}

export interface VersionSummary {
  version: number;
  hash: string;
  appliedAt: string;
  appliedBy: string | null;
  appliedByEmail: string | null;
  plan: unknown;
  documents: DefinitionDocument[];
}

export const DEFINITIONS_CHANNEL = 'funnelcraft_definitions';

export async function latestVersion(db: Queryable, tenantId: string): Promise<AppliedVersion> {
  const { rows } = await db.query<AppliedVersion>(
    'SELECT version, hash, documents FROM platform.definition_versions WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1',
    [tenantId],
  );
  return rows[0] ?? { version: 0, hash: '', documents: [] };
}

/** Only the version number: what every request checks against its cached schema. */
export async function latestVersionNumber(db: Queryable, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ version: number }>('SELECT max(version) AS version FROM platform.definition_versions WHERE tenant_id = $1', [tenantId]);
  return rows[0]?.version ?? 0;
}

export async function insertVersion(
  db: Queryable,
  v: { tenantId: string; version: number; documents: DefinitionDocument[]; hash: string; plan: unknown; appliedBy: string | null },
): Promise<void> {
  await db.query('INSERT INTO platform.definition_versions (tenant_id, version, documents, hash, plan, applied_by) VALUES ($1, $2, $3, $4, $5, $6)', [
    v.tenantId,
    v.version,
    JSON.stringify(v.documents),
    v.hash,
    JSON.stringify(v.plan),
    v.appliedBy,
  ]);
  await db.query('SELECT pg_notify($1, $2)', [DEFINITIONS_CHANNEL, `${v.tenantId}:${v.version}`]);
}

/** The latest versions first, with who applied them (through the ORM: a read outside any apply). */
export async function versionHistory(db: PlatformDb, tenantId: string, limit: number): Promise<VersionSummary[]> {
  const versions = await emOf(db).find(DefinitionVersionEntity, { tenant: tenantId }, { populate: ['appliedBy'], orderBy: { version: 'desc' }, limit });
  return versions.map((v) => ({
    version: v.version,
    hash: v.hash,
    appliedAt: v.appliedAt,
    appliedBy: v.appliedBy?.id ?? null,
    appliedByEmail: v.appliedBy?.email ?? null,
    plan: v.plan,
    documents: v.documents as DefinitionDocument[],
  }));
}
