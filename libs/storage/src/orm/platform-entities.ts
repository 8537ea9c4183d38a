/**
 * The platform schema's tables as MikroORM entities (EntitySchema: no decorators, no reflection). Column
 * names, types, defaults, checks and index names follow the baseline migration exactly, so the ORM's schema
 * diff against a migrated database is empty; tenant schemas are never described here (they stay on SQL).
 */
import { ArrayType, DecimalType, EntitySchema, JsonType } from '@mikro-orm/core';
import { IsoTimestampType } from './column-types.js';

export const PLATFORM_SCHEMA = 'platform';

export class TenantEntity {
  id!: string;
  slug!: string;
  name!: string;
  currency!: string;
  createdAt!: string;
  /** IANA time zone scheduled rules read their cron in (default UTC). */
  timeZone!: string;
}

export class UserEntity {
  id!: string;
  tenant!: TenantEntity;
  email!: string;
  name!: string;
  passwordHash!: string;
  roles!: string[];
  createdAt!: string;
  /** The language mail and notifications are written in (en, zh, …); null: English. */
  language!: string | null;
  /** The user's one primary team (008_teams.sql); null: none. */
  team!: TeamEntity | null;
  /** Set when deactivated: the user keeps its history and records but may not sign in. */
  deactivatedAt!: string | null;
  /** SHA-256 of a pending one-time invite link's secret (the link itself is shown once); null: none pending. */
  inviteHash!: string | null;
  inviteExpiresAt!: string | null;
}

/** A team of a tenant's department tree (008_teams.sql). */
export class TeamEntity {
  id!: string;
  tenant!: TenantEntity;
  name!: string;
  parent!: TeamEntity | null;
  manager!: UserEntity | null;
  createdAt!: string;
}

/** A sales target of a user or a team for a month or quarter (011_sales_targets.sql); written with SQL (sales-targets.ts). */
export class SalesTargetEntity {
  id!: string;
  tenant!: TenantEntity;
  period!: 'month' | 'quarter';
  periodStart!: string;
  owner!: UserEntity | null;
  team!: TeamEntity | null;
  amount!: number;
  setBy!: UserEntity | null;
  updatedAt!: string;
}

export class DefinitionVersionEntity {
  tenant!: TenantEntity;
  version!: number;
  /** `json`, not `jsonb`: jsonb reorders keys, and a document's property order is its field order. */
  documents!: unknown;
  hash!: string;
  plan!: unknown;
  appliedBy!: UserEntity | null;
  appliedAt!: string;
}

export class SettingEntity {
  key!: string;
  value!: string;
}

export class CurrencyRateEntity {
  tenant!: TenantEntity;
  currency!: string;
  rate!: number;
  updatedAt!: string;
}

export class SavedViewEntity {
  id!: string;
  tenant!: TenantEntity;
  object!: string;
  name!: string;
  owner!: UserEntity | null;
  shared!: boolean;
  definition!: unknown;
  createdAt!: string;
  updatedAt!: string;
}

export class AttachmentEntity {
  id!: string;
  tenant!: TenantEntity;
  object!: string;
  recordId!: string;
  fileName!: string;
  contentType!: string;
  size!: number;
  uploadedBy!: UserEntity | null;
  uploadedAt!: string;
}

const schema = PLATFORM_SCHEMA;
const newId = { type: 'uuid', primary: true, defaultRaw: 'platform.new_id()' } as const;
const now = { type: IsoTimestampType, defaultRaw: 'now()' } as const;
const text = { type: 'text' } as const;
// PostgreSQL's own constraint names (the baseline let PostgreSQL name them), so the diff sees no rename.
const tenantRef = (table: string) =>
  ({
    kind: 'm:1',
    entity: () => TenantEntity,
    fieldName: 'tenant_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
    foreignKeyName: `${table}_tenant_id_fkey`,
  }) as const;
const userRef = (table: string, column: string, deleteRule: 'cascade' | 'set null') =>
  ({
    kind: 'm:1',
    entity: () => UserEntity,
    fieldName: column,
    nullable: true,
    deleteRule,
    updateRule: 'no action',
    foreignKeyName: `${table}_${column}_fkey`,
  }) as const;

export const TenantSchema = new EntitySchema<TenantEntity>({
  class: TenantEntity,
  schema,
  tableName: 'tenants',
  properties: {
    id: newId,
    slug: { ...text, unique: 'tenants_slug_key' },
    name: text,
    currency: { ...text, default: 'USD' },
    createdAt: now,
    timeZone: { ...text, default: 'UTC' },
  },
  checks: [{ name: 'tenants_currency_check', property: 'currency', expression: "currency ~ '^[A-Z]{3}$'::text" }],
});

export const UserSchema = new EntitySchema<UserEntity>({
  class: UserEntity,
  schema,
  tableName: 'users',
  properties: {
    id: newId,
    tenant: { ...tenantRef('users'), nullable: false },
    email: text,
    name: text,
    passwordHash: text,
    roles: { type: ArrayType, columnType: 'text[]', defaultRaw: `'{}'::text[]` },
    createdAt: now,
    language: { type: 'text', nullable: true },
    team: {
      kind: 'm:1',
      entity: () => TeamEntity,
      fieldName: 'team_id',
      nullable: true,
      deleteRule: 'set null',
      updateRule: 'no action',
      foreignKeyName: 'users_team_id_fkey',
      index: 'users_team_idx',
    },
    deactivatedAt: { type: IsoTimestampType, nullable: true },
    inviteHash: { type: 'text', nullable: true, unique: 'users_invite_hash_key' },
    inviteExpiresAt: { type: IsoTimestampType, nullable: true },
  },
  indexes: [
    { name: 'users_tenant_email_key', expression: 'CREATE UNIQUE INDEX users_tenant_email_key ON platform.users USING btree (tenant_id, lower(email))' },
  ],
});

export const TeamSchema = new EntitySchema<TeamEntity>({
  class: TeamEntity,
  schema,
  tableName: 'teams',
  properties: {
    id: newId,
    tenant: { ...tenantRef('teams'), nullable: false },
    name: text,
    parent: {
      kind: 'm:1',
      entity: () => TeamEntity,
      fieldName: 'parent_id',
      nullable: true,
      deleteRule: 'set null',
      updateRule: 'no action',
      foreignKeyName: 'teams_parent_id_fkey',
      index: 'teams_parent_idx',
    },
    manager: userRef('teams', 'manager_id', 'set null'),
    createdAt: now,
  },
  indexes: [{ name: 'teams_tenant_name_key', expression: 'CREATE UNIQUE INDEX teams_tenant_name_key ON platform.teams USING btree (tenant_id, lower(name))' }],
  checks: [{ name: 'teams_name_check', property: 'name', expression: 'length(name) >= 1 AND length(name) <= 120' }],
});

export const SalesTargetSchema = new EntitySchema<SalesTargetEntity>({
  class: SalesTargetEntity,
  schema,
  tableName: 'sales_targets',
  properties: {
    id: newId,
    tenant: { ...tenantRef('sales_targets'), nullable: false },
    // An enum property: the ORM reads the period IN (…) check as its items (and names it sales_targets_period_check).
    period: { enum: true, items: ['month', 'quarter'], type: 'text' },
    periodStart: { type: 'date', columnType: 'date' },
    owner: userRef('sales_targets', 'owner_id', 'cascade'),
    team: {
      kind: 'm:1',
      entity: () => TeamEntity,
      fieldName: 'team_id',
      nullable: true,
      deleteRule: 'cascade',
      updateRule: 'no action',
      foreignKeyName: 'sales_targets_team_id_fkey',
    },
    amount: { type: new DecimalType('number'), columnType: 'numeric' },
    setBy: userRef('sales_targets', 'set_by', 'set null'),
    updatedAt: now,
  },
  indexes: [
    {
      name: 'sales_targets_subject_key',
      expression:
        'CREATE UNIQUE INDEX sales_targets_subject_key ON platform.sales_targets USING btree (tenant_id, period, period_start, COALESCE(owner_id, team_id))',
    },
  ],
  checks: [
    { name: 'sales_targets_amount_check', property: 'amount', expression: 'amount >= 0' },
    { name: 'sales_targets_subject_check', expression: '(owner_id IS NULL) <> (team_id IS NULL)' },
  ],
});

export const DefinitionVersionSchema = new EntitySchema<DefinitionVersionEntity>({
  class: DefinitionVersionEntity,
  schema,
  tableName: 'definition_versions',
  properties: {
    tenant: { ...tenantRef('definition_versions'), primary: true },
    version: { type: 'integer', primary: true },
    documents: { type: JsonType, columnType: 'json' },
    hash: text,
    plan: { type: JsonType, columnType: 'jsonb' },
    appliedBy: userRef('definition_versions', 'applied_by', 'set null'),
    appliedAt: now,
  },
});

export const SettingSchema = new EntitySchema<SettingEntity>({
  class: SettingEntity,
  schema,
  tableName: 'settings',
  properties: { key: { ...text, primary: true }, value: text },
});

export const CurrencyRateSchema = new EntitySchema<CurrencyRateEntity>({
  class: CurrencyRateEntity,
  schema,
  tableName: 'currency_rates',
  properties: {
    tenant: { ...tenantRef('currency_rates'), primary: true },
    currency: { ...text, primary: true },
    rate: { type: new DecimalType('number'), columnType: 'numeric' },
    updatedAt: now,
  },
  checks: [
    { name: 'currency_rates_currency_check', property: 'currency', expression: "currency ~ '^[A-Z]{3}$'::text" },
    { name: 'currency_rates_rate_check', property: 'rate', expression: 'rate > (0)::numeric' },
  ],
});

export const SavedViewSchema = new EntitySchema<SavedViewEntity>({
  class: SavedViewEntity,
  schema,
  tableName: 'saved_views',
  properties: {
    id: newId,
    tenant: tenantRef('saved_views'),
    object: text,
    name: text,
    owner: userRef('saved_views', 'owner_id', 'cascade'),
    shared: { type: 'boolean', default: false },
    definition: { type: JsonType, columnType: 'jsonb' },
    createdAt: now,
    updatedAt: now,
  },
  indexes: [{ name: 'saved_views_tenant_object_idx', properties: ['tenant', 'object'] }],
  checks: [{ name: 'saved_views_name_check', property: 'name', expression: 'length(name) >= 1 AND length(name) <= 120' }],
});

export const AttachmentSchema = new EntitySchema<AttachmentEntity>({
  class: AttachmentEntity,
  schema,
  tableName: 'attachments',
  properties: {
    id: { type: 'uuid', primary: true, defaultRaw: 'platform.new_id()' },
    tenant: tenantRef('attachments'),
    object: text,
    recordId: { type: 'uuid' },
    fileName: text,
    contentType: text,
    size: { type: 'integer' },
    uploadedBy: userRef('attachments', 'uploaded_by', 'set null'),
    uploadedAt: now,
  },
  indexes: [{ name: 'attachments_record_idx', properties: ['tenant', 'object', 'recordId'] }],
  checks: [
    { name: 'attachments_file_name_check', property: 'fileName', expression: 'length(file_name) >= 1 AND length(file_name) <= 255' },
    { name: 'attachments_size_check', property: 'size', expression: 'size >= 0' },
  ],
});

export class TenantSchemaMigrationEntity {
  tenant!: TenantEntity;
  version!: number;
  name!: string;
  appliedAt!: string;
}

/** Written with SQL inside definition applies (see tenant-migrations.ts); described here for reads and the diff. */
export const TenantSchemaMigrationSchema = new EntitySchema<TenantSchemaMigrationEntity>({
  class: TenantSchemaMigrationEntity,
  schema,
  tableName: 'tenant_schema_migrations',
  properties: {
    tenant: { ...tenantRef('tenant_schema_migrations'), primary: true },
    version: { type: 'integer', primary: true },
    name: text,
    appliedAt: now,
  },
});

/** An API token (009_api_tokens_login_events.sql): only the SHA-256 of its secret is kept. */
export class ApiTokenEntity {
  id!: string;
  tenant!: TenantEntity;
  name!: string;
  roles!: string[];
  secretHash!: string;
  /** The secret's first characters (`fc_AbCd`), to tell tokens apart in a list. */
  hint!: string;
  createdBy!: UserEntity | null;
  createdAt!: string;
  expiresAt!: string;
  revokedAt!: string | null;
  revokedBy!: UserEntity | null;
  lastUsedAt!: string | null;
}

/** One sign-in: a password login (success, failure, throttled) or an API token authentication. */
export class LoginEventEntity {
  id!: string;
  tenant!: TenantEntity | null;
  user!: UserEntity | null;
  token!: ApiTokenEntity | null;
  method!: string;
  outcome!: string;
  tenantSlug!: string | null;
  email!: string | null;
  ip!: string | null;
  userAgent!: string | null;
  reason!: string | null;
  at!: string;
}

export const ApiTokenSchema = new EntitySchema<ApiTokenEntity>({
  class: ApiTokenEntity,
  schema,
  tableName: 'api_tokens',
  properties: {
    id: newId,
    tenant: { ...tenantRef('api_tokens'), nullable: false },
    name: text,
    roles: { type: ArrayType, columnType: 'text[]' },
    secretHash: { ...text, unique: 'api_tokens_secret_hash_key' },
    hint: text,
    createdBy: userRef('api_tokens', 'created_by', 'set null'),
    createdAt: now,
    expiresAt: { type: IsoTimestampType },
    revokedAt: { type: IsoTimestampType, nullable: true },
    revokedBy: userRef('api_tokens', 'revoked_by', 'set null'),
    lastUsedAt: { type: IsoTimestampType, nullable: true },
  },
  indexes: [{ name: 'api_tokens_tenant_idx', properties: ['tenant', 'createdAt'] }],
  checks: [
    { name: 'api_tokens_name_check', property: 'name', expression: 'length(name) >= 1 AND length(name) <= 120' },
    { name: 'api_tokens_roles_check', property: 'roles', expression: 'cardinality(roles) >= 1' },
  ],
});

export const LoginEventSchema = new EntitySchema<LoginEventEntity>({
  class: LoginEventEntity,
  schema,
  tableName: 'login_events',
  properties: {
    id: newId,
    tenant: { ...tenantRef('login_events'), nullable: true },
    user: userRef('login_events', 'user_id', 'set null'),
    token: {
      kind: 'm:1',
      entity: () => ApiTokenEntity,
      fieldName: 'token_id',
      nullable: true,
      deleteRule: 'set null',
      updateRule: 'no action',
      foreignKeyName: 'login_events_token_id_fkey',
    },
    method: { enum: true, items: ['password', 'token'] },
    outcome: { enum: true, items: ['success', 'failure', 'throttled'] },
    tenantSlug: { type: 'text', nullable: true },
    email: { type: 'text', nullable: true },
    ip: { type: 'text', nullable: true },
    userAgent: { type: 'text', nullable: true },
    reason: { type: 'text', nullable: true },
    at: now,
  },
  indexes: [
    { name: 'login_events_tenant_at_idx', properties: ['tenant', 'at'] },
    {
      name: 'login_events_account_idx',
      expression: "CREATE INDEX login_events_account_idx ON platform.login_events USING btree (tenant_slug, email, at) WHERE (method = 'password'::text)",
    },
    {
      name: 'login_events_ip_idx',
      expression:
        "CREATE INDEX login_events_ip_idx ON platform.login_events USING btree (ip, at) WHERE ((method = 'password'::text) AND (outcome = 'failure'::text))",
    },
  ],
});

/** One handover of records from a user to another (014_ownership_transfers.sql); written with SQL (ownership-transfers.ts). */
export class OwnershipTransferEntity {
  id!: string;
  tenant!: TenantEntity;
  fromUser!: UserEntity | null;
  toUser!: UserEntity | null;
  actor!: UserEntity | null;
  scope!: unknown;
  counts!: unknown;
  total!: number;
  ruleReferences!: unknown;
  at!: string;
}

export const OwnershipTransferSchema = new EntitySchema<OwnershipTransferEntity>({
  class: OwnershipTransferEntity,
  schema,
  tableName: 'ownership_transfers',
  properties: {
    id: newId,
    tenant: { ...tenantRef('ownership_transfers'), nullable: false },
    fromUser: userRef('ownership_transfers', 'from_user_id', 'set null'),
    toUser: userRef('ownership_transfers', 'to_user_id', 'set null'),
    actor: userRef('ownership_transfers', 'actor_id', 'set null'),
    scope: { type: JsonType, columnType: 'jsonb' },
    counts: { type: JsonType, columnType: 'jsonb' },
    total: { type: 'integer' },
    ruleReferences: { type: JsonType, columnType: 'jsonb' },
    at: now,
  },
  indexes: [{ name: 'ownership_transfers_tenant_at_idx', properties: ['tenant', 'at'] }],
});

export const PLATFORM_ENTITIES = [
  TenantSchema,
  UserSchema,
  TeamSchema,
  SalesTargetSchema,
  DefinitionVersionSchema,
  SettingSchema,
  CurrencyRateSchema,
  SavedViewSchema,
  AttachmentSchema,
  TenantSchemaMigrationSchema,
  ApiTokenSchema,
  LoginEventSchema,
  OwnershipTransferSchema,
];
