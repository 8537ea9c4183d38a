/**
 * The running platform: the database (embedded or given), the platform schema, the signing secret, the
 * tenant schema caches, and the services the static API calls. Created once per process.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword, login, type LoginResult, type Session } from '@funnelcraft/auth';
import type { PlatformServices } from '@funnelcraft/graphql-api';
import { DomainError, ErrorCode, validationFailed } from '@funnelcraft/kernel';
import {
  applyDefinitions, createPool, findUsersByIds, initSetting, listCurrencyRates, listUsers, migratePlatform, startEmbeddedPostgres, upsertCurrencyRates, versionHistory,
  type ApplyRequest, type ApplyResult, type CurrencyRate, type EmbeddedDatabase, type Pool, type UserRow, type VersionSummary,
} from '@funnelcraft/storage';
import type { ServerConfig } from './config.js';
import { TenantSchemas } from './tenant-schemas.js';

export class Platform implements PlatformServices {
  private constructor(
    readonly config: ServerConfig,
    readonly pool: Pool,
    readonly secret: string,
    readonly schemas: TenantSchemas,
    private readonly embedded?: EmbeddedDatabase,
  ) {}

  static async start(config: ServerConfig): Promise<Platform> {
    let embedded: EmbeddedDatabase | undefined;
    let url = config.databaseUrl;
    if (!url) {
      embedded = await startEmbeddedPostgres(config.dataDir);
      url = embedded.connectionString;
      config.log(`embedded PostgreSQL running, data in ${config.dataDir}`);
    }
    const pool = createPool(url, 20);
    await migratePlatform(pool);
    const secret = config.authSecret ?? (await initSetting(pool, 'auth.secret', randomBytes(32).toString('base64url')));
    const schemas = new TenantSchemas(pool, config.log);
    await schemas.listen();
    return new Platform(config, pool, secret, schemas, embedded);
  }

  login(input: { tenant: string; email: string; password: string }): Promise<LoginResult> {
    return login(this.pool, this.secret, input);
  }

  async applyDefinitions(session: Session, request: ApplyRequest): Promise<ApplyResult> {
    const result = await applyDefinitions(this.pool, session.tenant, session.actor, request);
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

  hashPassword(password: string): Promise<string> {
    return hashPassword(password);
  }

  async close(): Promise<void> {
    await this.schemas.close();
    await this.pool.end();
    await this.embedded?.stop();
  }
}
