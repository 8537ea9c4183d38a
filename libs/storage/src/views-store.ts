/** Saved list views: a user's own and the tenant's shared ones (ORM entities, plain objects out). */
import { sql } from '@mikro-orm/core';
import { badInput } from '@funnelcraft/kernel';
import { isoNow } from './orm/column-types.js';
import { SavedViewEntity } from './orm/platform-entities.js';
import { emOf, type PlatformDb } from './orm/platform-orm.js';

export interface SavedView {
  id: string;
  object: string;
  name: string;
  shared: boolean;
  ownerId: string | null;
  definition: unknown;
  updatedAt: string;
}

const toView = (v: SavedViewEntity): SavedView => ({
  id: v.id,
  object: v.object,
  name: v.name,
  shared: v.shared,
  ownerId: v.owner?.id ?? null,
  definition: v.definition,
  updatedAt: v.updatedAt,
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listViews(db: PlatformDb, tenantId: string, userId: string, object: string): Promise<SavedView[]> {
  // Own views first, then shared ones; by name ignoring case.
  const views = await emOf(db).find(
    SavedViewEntity,
    { tenant: tenantId, object, $or: [{ shared: true }, { owner: userId }] },
    { orderBy: { shared: 'asc', [sql.lower('name')]: 'asc' } },
  );
  return views.map(toView);
}

/** A view id from a client must be a UUID (the column's type): a coded error, not a failed cast. */
function assertViewId(id: string): void {
  if (!UUID.test(id)) throw badInput(`id must be a view id (a UUID), got ${JSON.stringify(id)}`, [{ path: 'id', message: 'not a UUID' }]);
}

async function findEntity(db: PlatformDb, tenantId: string, id: string): Promise<SavedViewEntity | null> {
  assertViewId(id);
  return emOf(db).findOne(SavedViewEntity, { tenant: tenantId, id });
}

export async function findView(db: PlatformDb, tenantId: string, id: string): Promise<SavedView | undefined> {
  const v = await findEntity(db, tenantId, id);
  return v ? toView(v) : undefined;
}

export async function insertView(
  db: PlatformDb,
  v: { tenantId: string; ownerId: string; object: string; name: string; shared: boolean; definition: unknown },
): Promise<SavedView> {
  const em = emOf(db);
  const view = em.create(
    SavedViewEntity,
    { tenant: v.tenantId, owner: v.ownerId, object: v.object, name: v.name, shared: v.shared, definition: v.definition },
    { partial: true },
  );
  await em.flush();
  return toView(view);
}

export async function updateView(db: PlatformDb, tenantId: string, id: string, v: { name: string; shared: boolean; definition: unknown }): Promise<SavedView> {
  const em = emOf(db);
  const view = await em.findOneOrFail(SavedViewEntity, { tenant: tenantId, id });
  em.assign(view, { name: v.name, shared: v.shared, definition: v.definition, updatedAt: isoNow() });
  await em.flush();
  return toView(view);
}

export async function deleteView(db: PlatformDb, tenantId: string, id: string): Promise<boolean> {
  assertViewId(id);
  return (await emOf(db).nativeDelete(SavedViewEntity, { tenant: tenantId, id })) > 0;
}
