/** Tenants and their applied models as automation sees them: the latest version, a model per content hash. */
import { validateDefinitions, type TenantModel } from '@funnelcraft/definitions';
import type { Tenant } from '@funnelcraft/kernel';
import { findTenantById, latestVersion, type Queryable } from '@funnelcraft/storage';

export interface AppliedModel {
  tenant: Tenant;
  version: number;
  model: TenantModel;
}

export class AutomationModels {
  private readonly byHash = new Map<string, TenantModel>();

  async load(db: Queryable, tenantId: string): Promise<AppliedModel | undefined> {
    const tenant = await findTenantById(db, tenantId);
    if (!tenant) return undefined;
    const applied = await latestVersion(db, tenantId);
    let model = this.byHash.get(applied.hash);
    if (!model) {
      model = validateDefinitions(applied.documents, { stored: true });
      if (this.byHash.size > 200) this.byHash.clear();
      this.byHash.set(applied.hash, model);
    }
    return { tenant, version: applied.version, model };
  }
}
