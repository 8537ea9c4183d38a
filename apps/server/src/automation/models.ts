/**
 * Tenants and their applied models as automation sees them: each job checks the version number only (one
 * small query) and reuses the model it built for that version; models are shared by content hash.
 */
import { validateDefinitions, type TenantModel } from '@funnelcraft/definitions';
import type { Tenant } from '@funnelcraft/kernel';
import { findTenantById, latestVersion, latestVersionNumber, type PlatformOrm, type Queryable } from '@funnelcraft/storage';

export interface AppliedModel {
  tenant: Tenant;
  version: number;
  model: TenantModel;
}

const MAX_CACHED = 500;

export class AutomationModels {
  private readonly byHash = new Map<string, TenantModel>();
  private readonly byTenant = new Map<string, AppliedModel>();

  /** Tenants are read through the ORM; the applied version on `db`, in the caller's transaction. */
  constructor(readonly orm: PlatformOrm) {}

  async load(db: Queryable, tenantId: string): Promise<AppliedModel | undefined> {
    const cached = this.byTenant.get(tenantId);
    if (cached && cached.version === (await latestVersionNumber(db, tenantId))) return cached;
    const tenant = await findTenantById(this.orm, tenantId);
    if (!tenant) return undefined;
    const applied = await latestVersion(db, tenantId);
    let model = this.byHash.get(applied.hash);
    if (!model) {
      model = validateDefinitions(applied.documents, { stored: true });
      if (this.byHash.size > MAX_CACHED) this.byHash.clear();
      this.byHash.set(applied.hash, model);
    }
    if (this.byTenant.size > MAX_CACHED) this.byTenant.clear();
    const loaded = { tenant, version: applied.version, model };
    this.byTenant.set(tenantId, loaded);
    return loaded;
  }
}
