/** The records service's context for a session: who, where, and the model the tenant runs on now. */
import type { Session } from '@funnelcraft/auth';
import type { RecordContext } from '@funnelcraft/records';
import type { PlatformOrm, Pool } from '@funnelcraft/storage';
import type { TenantSchemas } from '../tenant-schemas.js';

export async function recordContextFor(pool: Pool, orm: PlatformOrm, schemas: TenantSchemas, session: Session): Promise<RecordContext> {
  return { tenant: session.tenant, actor: session.actor, db: pool, orm, model: await schemas.modelFor(session.tenant) };
}
