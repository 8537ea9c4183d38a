/**
 * Which definitions each tenant runs on, and the compiled GraphQL schema for them.
 * - tenant → applied version: cached, refreshed when a NOTIFY says a newer version exists (any process);
 * - content hash → model and → compiled schema (with its executor): shared by tenants with identical definitions,
 *   bounded by LRU. Entries are keyed by hash, so a build that started before a change is never served as
 *   the newer version.
 */
import { emptyModel, validateDefinitions, type TenantModel } from '@funnelcraft/definitions';
import { validateSchema } from 'graphql';
import { buildTenantSchema } from '@funnelcraft/graphql-api';
import { Lru, type Tenant } from '@funnelcraft/kernel';
import { ChannelListener, DEFINITIONS_CHANNEL, latestVersion, type Pool } from '@funnelcraft/storage';
import { GraphqlExecutor } from './graphql-executor.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits.js';

interface TenantEntry {
  version: number;
  model: TenantModel;
}

export class TenantSchemas {
  private readonly tenants = new Lru<string, TenantEntry>(10_000);
  /** Latest version announced per tenant; greater than the cached one means "reload on next use". */
  private readonly announced = new Map<string, number>();
  private readonly models = new Lru<string, TenantModel>(256);
  private readonly executors = new Lru<string, GraphqlExecutor>(64);
  private listener?: ChannelListener;
  readonly empty = emptyModel();

  constructor(
    private readonly pool: Pool,
    private readonly log: (m: string) => void,
    private readonly limits: QueryLimits = DEFAULT_QUERY_LIMITS,
  ) {}

  async listen(): Promise<void> {
    this.listener = new ChannelListener(this.pool, {
      channel: DEFINITIONS_CHANNEL,
      onNotify: (payload) => {
        const [tenantId, version] = payload.split(':');
        if (tenantId && version) this.announce(tenantId, Number(version));
      },
      // Notifications may have been missed: forget every cached model.
      onLost: () => this.tenants.clear(),
      log: this.log,
    });
    await this.listener.start();
  }

  announce(tenantId: string, version: number): void {
    if ((this.announced.get(tenantId) ?? 0) < version) this.announced.set(tenantId, version);
  }

  /** The model a tenant runs on now. */
  async modelFor(tenant: Tenant): Promise<TenantModel> {
    const cached = this.tenants.get(tenant.id);
    if (cached && cached.version >= (this.announced.get(tenant.id) ?? 0)) return cached.model;
    const applied = await latestVersion(this.pool, tenant.id);
    const model = this.sharedModel(applied.hash, () => validateDefinitions(applied.documents, { stored: true }));
    this.tenants.set(tenant.id, { version: applied.version, model });
    return model;
  }

  /** Records a model this process has just applied, so the next request sees it without a round trip. */
  remember(tenantId: string, version: number, model: TenantModel): void {
    this.announce(tenantId, version);
    this.tenants.set(tenantId, { version, model: this.sharedModel(model.hash, () => model) });
  }

  private sharedModel(hash: string, build: () => TenantModel): TenantModel {
    if (!hash) return this.empty;
    let model = this.models.get(hash);
    if (!model) {
      model = build();
      this.models.set(hash, model);
    }
    return model;
  }

  executorFor(model: TenantModel): GraphqlExecutor {
    let executor = this.executors.get(model.hash);
    if (!executor) {
      executor = this.buildExecutor(model);
      this.executors.set(model.hash, executor);
    }
    return executor;
  }

  /**
   * A schema that does not build (definitions applied before a rule refused them) must not take the tenant
   * down: it is served the platform API alone (sign-in, definitions, apply), which is what repairs it, and the
   * reason is logged. Its data API comes back with the first definitions that build.
   */
  private buildExecutor(model: TenantModel): GraphqlExecutor {
    let problems: readonly { message: string }[];
    try {
      const schema = buildTenantSchema(model);
      problems = validateSchema(schema);
      if (!problems.length) return new GraphqlExecutor(schema, this.limits);
    } catch (e) {
      problems = [{ message: String(e) }];
    }
    this.log(`definitions ${model.hash} do not build a GraphQL schema, serving the platform API only: ${problems.map((p) => p.message).join('; ')}`);
    return model === this.empty ? new GraphqlExecutor(buildTenantSchema(this.empty), this.limits) : this.executorFor(this.empty);
  }

  /** Drops every cached model and schema (they are rebuilt on next use). */
  forgetAll(): void {
    this.tenants.clear();
    this.models.clear();
    this.executors.clear();
  }

  async close(): Promise<void> {
    this.listener?.close();
    this.listener = undefined;
    this.executors.clear();
  }
}
