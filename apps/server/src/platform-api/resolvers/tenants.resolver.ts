/** Tenant provisioning, for the server operator only (OPERATOR_TOKEN; see operator.guard.ts). */
import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { TenantsService } from '../../services/tenants.service.js';
import { Operator } from '../auth/operator.decorator.js';
import { CreateTenantInput, ProvisionedTenantType } from '../types/tenant.types.js';

@Resolver(() => ProvisionedTenantType)
export class TenantsResolver {
  constructor(@Inject(TenantsService) private readonly tenants: TenantsService) {}

  @Operator()
  @Mutation(() => ProvisionedTenantType, {
    description: 'Creates a tenant and its first admin in one transaction; the server operator only (bearer token = OPERATOR_TOKEN)',
  })
  async createTenant(@Args('input', { type: () => CreateTenantInput }) input: CreateTenantInput): Promise<ProvisionedTenantType> {
    const { tenant, admin, generatedPassword } = await this.tenants.create(input);
    return { tenant, admin, generatedPassword: generatedPassword ?? null };
  }
}
