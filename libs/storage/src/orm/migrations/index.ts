/**
 * The platform schema's migrations, in order. A new one is the next numbered file in `sql/` (for an entity
 * change, `platformSchemaDiff(orm)` prints its SQL; change the entity in the same commit). Never edit one that
 * has shipped.
 */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261201000000Baseline } from './baseline.js';
import { SQL_FILE_MIGRATIONS } from './sql-files.js';
import { Migration20261201000001TenantSchemaRecord } from './tenant-schema-record.js';

export const PLATFORM_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261201000000Baseline', class: Migration20261201000000Baseline },
  { name: 'Migration20261201000001TenantSchemaRecord', class: Migration20261201000001TenantSchemaRecord },
  ...SQL_FILE_MIGRATIONS(),
];
