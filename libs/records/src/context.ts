import type { TenantModel } from '@funnelcraft/definitions';
import type { Actor, Tenant } from '@funnelcraft/kernel';
import type { Pool } from '@funnelcraft/storage';

/** Everything a records operation needs, passed explicitly. */
export interface RecordContext {
  tenant: Tenant;
  actor: Actor;
  db: Pool;
  model: TenantModel;
}
