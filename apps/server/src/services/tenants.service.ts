/** Tenants for the server operator: provisioning a tenant and its first admin (the CLI calls the same code). */
import type { PlatformOrm } from '@funnelcraft/storage';
import { provisionTenant, type ProvisionedTenant, type TenantRequest } from '../tenant-provisioning.js';

export class TenantsService {
  constructor(private readonly orm: PlatformOrm) {}

  create(request: TenantRequest): Promise<ProvisionedTenant> {
    return provisionTenant(this.orm, request);
  }
}
