/**
 * The running platform: the database (embedded or given), the platform schema, the signing secret, the
 * tenant schema caches, and the services the static API calls. Created once per process.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword, login, type LoginResult, type Session } from '@funnelcraft/auth';
import type { PlatformServices } from '@funnelcraft/graphql-api';
import { DomainError, ErrorCode, uuidv7, validationFailed } from '@funnelcraft/kernel';
import { DefinitionService, type ApplyRequest, type ApplyResult, type TenantModel } from '@funnelcraft/definitions';
import { getRecord } from '@funnelcraft/records';
import { join } from 'node:path';
import { FileStore } from './file-store.js';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
/** Roles a user may have (permissions by role come with the permissions issue). */
export const USER_ROLES = ['admin'];
import {
  createPool, createUser, deleteAttachment, findAttachment, findUserByEmail, findUsersByIds, insertAttachment, listAttachments, initSetting, listCurrencyRates, listUsers, migratePlatform, PgDefinitionStorage, startEmbeddedPostgres, upsertCurrencyRates, versionHistory,
  type Attachment, type CurrencyRate, type EmbeddedDatabase, type Pool, type UserRow, type VersionSummary,
} from '@funnelcraft/storage';
import type { ServerConfig } from './config.js';
import { TenantSchemas } from './tenant-schemas.js';

export class Platform implements PlatformServices {
  private constructor(
    readonly config: ServerConfig,
    readonly pool: Pool,
    /** Tenant data queries: the same database with a statement timeout (platform work and DDL have none). */
    readonly dataPool: Pool,
    readonly secret: string,
    readonly schemas: TenantSchemas,
    readonly files: FileStore,
    private readonly embedded?: EmbeddedDatabase,
  ) {
    this.definitions = new DefinitionService(new PgDefinitionStorage(pool));
  }

  /** The definition pipeline (validate, diff, plan, apply) over this platform's database. */
  readonly definitions: DefinitionService;

  static async start(config: ServerConfig): Promise<Platform> {
    let embedded: EmbeddedDatabase | undefined;
    let url = config.databaseUrl;
    if (!url) {
      embedded = await startEmbeddedPostgres(config.dataDir);
      url = embedded.connectionString;
      config.log(`embedded PostgreSQL running, data in ${config.dataDir}`);
    }
    const pool = createPool(url, 20);
    const dataPool = createPool(url, 20, { statementTimeoutMs: config.statementTimeoutMs });
    await migratePlatform(pool);
    const secret = config.authSecret ?? (await initSetting(pool, 'auth.secret', randomBytes(32).toString('base64url')));
    const schemas = new TenantSchemas(pool, config.log, config.queryLimits);
    await schemas.listen();
    return new Platform(config, pool, dataPool, secret, schemas, new FileStore(join(config.dataDir, 'files')), embedded);
  }

  login(input: { tenant: string; email: string; password: string }): Promise<LoginResult> {
    return login(this.pool, this.secret, input);
  }

  async applyDefinitions(session: Session, request: ApplyRequest): Promise<ApplyResult> {
    const result = await this.definitions.apply(session.tenant, session.actor, request);
    if (result.applied) this.schemas.remember(session.tenant.id, result.version, result.model);
    return result;
  }

  definitionHistory(session: Session, limit: number): Promise<VersionSummary[]> {
    return versionHistory(this.pool, session.tenant.id, limit);
  }

  usersByIds(session: Session, ids: readonly string[]): Promise<UserRow[]> {
    return findUsersByIds(this.pool, session.tenant.id, ids);
  }

  listUsers(session: Session): Promise<UserRow[]> {
    return listUsers(this.pool, session.tenant.id);
  }

  currencyRates(session: Session): Promise<CurrencyRate[]> {
    return listCurrencyRates(this.pool, session.tenant.id);
  }

  async setCurrencyRates(session: Session, rates: { currency: string; rate: number }[]): Promise<CurrencyRate[]> {
    if (!session.actor.roles.includes('admin')) throw new DomainError(ErrorCode.Forbidden, 'Only admins may set currency rates');
    const problems = rates.flatMap((r, i) => [
      ...(/^[A-Z]{3}$/.test(r.currency) ? [] : [{ path: `rates[${i}].currency`, message: 'an ISO 4217 code such as EUR' }]),
      ...(Number.isFinite(r.rate) && r.rate > 0 ? [] : [{ path: `rates[${i}].rate`, message: 'must be a positive number' }]),
    ]);
    if (problems.length) throw validationFailed('Invalid currency rates', problems);
    await upsertCurrencyRates(this.pool, session.tenant.id, rates);
    return listCurrencyRates(this.pool, session.tenant.id);
  }

  attachments(session: Session, object: string, recordId: string): Promise<Attachment[]> {
    return listAttachments(this.pool, session.tenant.id, object, recordId);
  }

  /** Stores a file for a record the user can read; at most MAX_ATTACHMENT_BYTES. */
  async uploadAttachment(session: Session, model: TenantModel, input: { object: string; recordId: string; fileName: string; contentType: string; contentBase64: string }): Promise<Attachment> {
    const ctx = { tenant: session.tenant, actor: session.actor, db: this.pool, model };
    const record = await getRecord(ctx, input.object, input.recordId);
    if (!record) throw new DomainError(ErrorCode.NotFound, `${input.object} ${input.recordId} not found`, [{ path: 'recordId', message: 'not found' }]);
    const bytes = Buffer.from(input.contentBase64, 'base64');
    if (bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new DomainError(ErrorCode.LimitExceeded, `Files may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, [{ path: 'contentBase64', message: `${bytes.length} bytes`, max: MAX_ATTACHMENT_BYTES }]);
    }
    const fileName = input.fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 255);
    if (!fileName) throw validationFailed('A file name is required', [{ path: 'fileName', message: 'required' }]);
    const contentType = /^[\w.+-]+\/[\w.+-]+$/.test(input.contentType) ? input.contentType : 'application/octet-stream';
    const id = uuidv7();
    await this.files.write(session.tenant.id, id, bytes);
    try {
      return await insertAttachment(this.pool, { id, tenantId: session.tenant.id, object: input.object, recordId: input.recordId, fileName, contentType, size: bytes.length, uploadedBy: session.actor.userId });
    } catch (e) {
      await this.files.remove(session.tenant.id, id);
      throw e;
    }
  }

  async readAttachment(session: Session, id: string): Promise<{ attachment: Attachment; bytes: Buffer } | undefined> {
    const attachment = await findAttachment(this.pool, session.tenant.id, id);
    if (!attachment) return undefined;
    return { attachment, bytes: await this.files.read(session.tenant.id, id) };
  }

  async deleteAttachment(session: Session, id: string): Promise<boolean> {
    const deleted = await deleteAttachment(this.pool, session.tenant.id, id);
    if (deleted) await this.files.remove(session.tenant.id, id);
    return deleted;
  }

  /** Adds a user to the tenant; admins only. Passwords are hashed with argon2 and never stored or returned. */
  async createUser(session: Session, input: { email: string; name: string; password: string; roles: string[] }): Promise<UserRow> {
    if (!session.actor.roles.includes('admin')) throw new DomainError(ErrorCode.Forbidden, 'Only admins may add users');
    const email = input.email.trim();
    const problems = [
      ...(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254 ? [] : [{ path: 'email', message: 'an email address such as ana@example.com' }]),
      ...(input.name.trim() && input.name.length <= 120 ? [] : [{ path: 'name', message: 'between 1 and 120 characters' }]),
      ...(input.password.length >= 10 && input.password.length <= 200 ? [] : [{ path: 'password', message: 'at least 10 characters' }]),
      ...input.roles.filter((r) => !USER_ROLES.includes(r)).map((r) => ({ path: 'roles', message: `unknown role "${r}"; roles: ${USER_ROLES.join(', ')}` })),
    ];
    if (problems.length) throw validationFailed('Invalid user', problems);
    if (await findUserByEmail(this.pool, session.tenant.id, email)) {
      throw validationFailed('A user with this email exists already', [{ path: 'email', message: 'already a user of this workspace' }]);
    }
    return createUser(this.pool, { tenantId: session.tenant.id, email, name: input.name.trim(), passwordHash: await hashPassword(input.password), roles: [...new Set(input.roles)] });
  }

  hashPassword(password: string): Promise<string> {
    return hashPassword(password);
  }

  async close(): Promise<void> {
    await this.schemas.close();
    await this.pool.end();
    await this.dataPool.end();
    await this.embedded?.stop();
  }
}
