/**
 * The running platform: the database (embedded or given), the platform schema, the signing secret, the
 * tenant schema caches, and the services both APIs call. Created once per process.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { LoginResult, Session } from '@funnelcraft/auth';
import type { ClientInfo } from '@funnelcraft/kernel';
import type { PlatformServices } from '@funnelcraft/graphql-api';
import { tenantSchemaName } from '@funnelcraft/kernel';
import { setWebhookAddressPolicy } from '@funnelcraft/definitions';
import {
  createPool,
  initSetting,
  migratePlatform,
  migrateTenantSchemas,
  openPlatformOrm,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
  type PlatformOrm,
  type Pool,
  type UserRow,
} from '@funnelcraft/storage';
import { Automation } from './automation/automation.js';
import type { ServerConfig } from './config.js';
import { FileStore } from './file-store.js';
import { AttachmentsService } from './services/attachments.service.js';
import { ApprovalsService } from './services/approvals.service.js';
import { AutomationService } from './services/automation.service.js';
import { TenantsService } from './services/tenants.service.js';
import { CurrencyRatesService } from './services/currency-rates.service.js';
import { DefinitionsService } from './services/definitions.service.js';
import { AccessDirectory } from './services/access-directory.js';
import { SalesTargetsService } from './services/sales-targets.service.js';
import { ApiTokenDirectory } from './services/api-tokens/api-token-directory.js';
import { ApiTokensService } from './services/api-tokens/api-tokens.service.js';
import { TokenUseLog } from './services/api-tokens/token-use-log.js';
import { Credentials } from './services/credentials.js';
import { LoginHistoryService } from './services/sign-in/login-history.service.js';
import { SignInService } from './services/sign-in/sign-in.service.js';
import { RequestGate } from './request-gate/request-gate.js';
import { InvitesService } from './services/invites.service.js';
import { UserImportService } from './services/user-import/user-import.service.js';
import { HandoverService } from './services/handover/handover.service.js';
import { TeamsService } from './services/teams/teams.service.js';
import { UsersService } from './services/users.service.js';
import { ViewsService } from './services/views.service.js';
import { TenantSchemas } from './tenant-schemas.js';

/** The platform's services; plain classes with explicit dependencies, handed to Nest as values. */
export interface Services {
  users: UsersService;
  teams: TeamsService;
  invites: InvitesService;
  userImport: UserImportService;
  handover: HandoverService;
  targets: SalesTargetsService;
  definitions: DefinitionsService;
  views: ViewsService;
  rates: CurrencyRatesService;
  attachments: AttachmentsService;
  automation: AutomationService;
  approvals: ApprovalsService;
  tenants: TenantsService;
  signIn: SignInService;
  apiTokens: ApiTokensService;
  loginHistory: LoginHistoryService;
}

export class Platform implements PlatformServices {
  readonly services: Services;
  /** Rate limits and credentials of every API request (request-gate.ts). */
  readonly gate: RequestGate;

  private constructor(
    readonly config: ServerConfig,
    /** Platform SQL: definition applies (metadata, DDL, version row, NOTIFY in one transaction), LISTEN. */
    readonly pool: Pool,
    /** Tenant data queries: the same database with a statement timeout (platform work and DDL have none). */
    readonly dataPool: Pool,
    /** Platform entities (tenants, users, settings, rates, views, attachments, history): a fork per call. */
    readonly orm: PlatformOrm,
    readonly secret: string,
    readonly schemas: TenantSchemas,
    /** Users' current roles, state and team reach, per tenant (see access-directory.ts). */
    readonly access: AccessDirectory,
    /** API tokens by the hash of their secret (forgotten with the access directory's tenants). */
    tokens: ApiTokenDirectory,
    readonly files: FileStore,
    private readonly embedded?: EmbeddedDatabase,
    readonly automation?: Automation,
  ) {
    this.services = {
      users: new UsersService(orm, schemas),
      teams: new TeamsService(orm, schemas, access),
      invites: new InvitesService(orm, secret),
      userImport: new UserImportService(orm, schemas, access),
      handover: new HandoverService(pool, orm, schemas),
      targets: new SalesTargetsService(pool, orm, access),
      definitions: new DefinitionsService(pool, orm, schemas),
      views: new ViewsService(pool, orm, schemas),
      rates: new CurrencyRatesService(orm),
      attachments: new AttachmentsService(pool, orm, schemas, files),
      automation: new AutomationService(pool, orm, schemas),
      approvals: new ApprovalsService(pool, orm, schemas),
      tenants: new TenantsService(orm),
      signIn: new SignInService(orm, pool, secret, config.loginThrottle),
      apiTokens: new ApiTokensService(orm, schemas, access),
      loginHistory: new LoginHistoryService(pool),
    };
    const credentials = new Credentials(secret, access, tokens, new TokenUseLog(pool, config.log));
    this.gate = new RequestGate(credentials, config.rateLimits, config.trustProxy);
  }

  static async start(config: ServerConfig): Promise<Platform> {
    setWebhookAddressPolicy({ forbidPrivate: !config.webhookAllowPrivate });
    let embedded: EmbeddedDatabase | undefined;
    let url = config.databaseUrl;
    if (!url) {
      embedded = await startEmbeddedPostgres(config.dataDir);
      url = embedded.connectionString;
      config.log(`embedded PostgreSQL running, data in ${config.dataDir}`);
    }
    const pool = createPool(url, config.databasePoolSize);
    const dataPool = createPool(url, config.databasePoolSize, { statementTimeoutMs: config.statementTimeoutMs });
    const orm = await openPlatformOrm(url);
    try {
      await migratePlatform(pool, orm);
      const upgraded = await migrateTenantSchemas(pool, tenantSchemaName);
      if (upgraded.length) config.log(`upgraded the system tables of ${upgraded.length} tenant schema(s)`);
      const secret = config.authSecret ?? (await initSetting(orm, 'auth.secret', randomBytes(32).toString('base64url')));
      const schemas = new TenantSchemas(pool, config.log, config.queryLimits);
      await schemas.listen();
      const tokens = new ApiTokenDirectory(pool);
      const access = new AccessDirectory(pool, config.log, [tokens]);
      await access.listen();
      let automation: Automation | undefined;
      if (config.automation.concurrency > 0) {
        // Its own connections: job polling and action work never wait behind requests, nor count as theirs.
        automation = new Automation(createPool(url, config.automation.concurrency + 2), orm, config.automation, config.log);
        await automation.start();
      }
      return new Platform(config, pool, dataPool, orm, secret, schemas, access, tokens, new FileStore(join(config.dataDir, 'files')), embedded, automation);
    } catch (e) {
      await orm.close();
      await Promise.all([pool.end(), dataPool.end()]);
      await embedded?.stop();
      throw e;
    }
  }

  login(input: { tenant: string; email: string; password: string }, client: ClientInfo): Promise<LoginResult> {
    return this.services.signIn.login(input, client);
  }

  usersByIds(session: Session, ids: readonly string[]): Promise<UserRow[]> {
    return this.services.users.byIds(session, ids);
  }

  async close(): Promise<void> {
    await this.automation?.stop();
    await this.schemas.close();
    await this.access.close();
    await this.orm.close();
    await this.pool.end();
    await this.dataPool.end();
    await this.embedded?.stop();
  }
}
