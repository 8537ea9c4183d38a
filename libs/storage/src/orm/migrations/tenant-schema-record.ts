/** Records which tenant-schema migrations (see tenant-migrations.ts) each tenant schema has had. */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201000001TenantSchemaRecord extends Migration {
  override async up(): Promise<void> {
    this.addSql(`CREATE TABLE platform.tenant_schema_migrations (
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  version integer NOT NULL,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, version)
)`);
  }
}
