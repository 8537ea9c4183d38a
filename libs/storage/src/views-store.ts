/** Saved list views: a user's own and the tenant's shared ones. */
import type { Queryable } from './db.js';

export interface SavedView {
  id: string;
  object: string;
  name: string;
  shared: boolean;
  ownerId: string | null;
  definition: unknown;
  updatedAt: string;
}

const COLUMNS = 'id, object, name, shared, owner_id AS "ownerId", definition, updated_at AS "updatedAt"';

export async function listViews(db: Queryable, tenantId: string, userId: string, object: string): Promise<SavedView[]> {
  const { rows } = await db.query<SavedView>(
    `SELECT ${COLUMNS} FROM platform.saved_views WHERE tenant_id = $1 AND object = $2 AND (shared OR owner_id = $3) ORDER BY shared, lower(name)`,
    [tenantId, object, userId]);
  return rows;
}

export async function findView(db: Queryable, tenantId: string, id: string): Promise<SavedView | undefined> {
  const { rows } = await db.query<SavedView>(`SELECT ${COLUMNS} FROM platform.saved_views WHERE tenant_id = $1 AND id = $2::uuid`, [tenantId, id]);
  return rows[0];
}

export async function insertView(db: Queryable, v: { tenantId: string; ownerId: string; object: string; name: string; shared: boolean; definition: unknown }): Promise<SavedView> {
  const { rows } = await db.query<SavedView>(
    `INSERT INTO platform.saved_views (tenant_id, owner_id, object, name, shared, definition) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [v.tenantId, v.ownerId, v.object, v.name, v.shared, JSON.stringify(v.definition)]);
  return rows[0]!;
}

export async function updateView(db: Queryable, tenantId: string, id: string, v: { name: string; shared: boolean; definition: unknown }): Promise<SavedView> {
  const { rows } = await db.query<SavedView>(
    `UPDATE platform.saved_views SET name = $3, shared = $4, definition = $5, updated_at = now() WHERE tenant_id = $1 AND id = $2::uuid RETURNING ${COLUMNS}`,
    [tenantId, id, v.name, v.shared, JSON.stringify(v.definition)]);
  return rows[0]!;
}

export async function deleteView(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM platform.saved_views WHERE tenant_id = $1 AND id = $2::uuid', [tenantId, id]);
  return (rowCount ?? 0) > 0;
}
