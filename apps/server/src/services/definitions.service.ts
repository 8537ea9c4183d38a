/**
 * A tenant's definitions: applying documents (with dry run and confirmation), deleting objects, the version
 * history, and the applied model (documents, objects, pipelines) as the API reads it.
 */
import type { Session } from '@funnelcraft/auth';
import { DefinitionService, type ApplyRequest, type ApplyResult, type ObjectModel, type PipelineModel, type TenantModel } from '@funnelcraft/definitions';
import { badInput, type ErrorDetail } from '@funnelcraft/kernel';
import { PgDefinitionStorage, versionHistory, type PlatformOrm, type Pool, type VersionSummary } from '@funnelcraft/storage';
import type { TenantSchemas } from '../tenant-schemas.js';

export const MAX_HISTORY = 500;

export interface DeleteObjectsRequest {
  names: string[];
  dryRun?: boolean;
  confirmDataLoss?: boolean;
}

export class DefinitionsService {
  /** The definition pipeline (validate, diff, plan, apply) over this platform's database. */
  private readonly pipeline: DefinitionService;

  constructor(
    pool: Pool,
    private readonly orm: PlatformOrm,
    private readonly schemas: TenantSchemas,
  ) {
    this.pipeline = new DefinitionService(new PgDefinitionStorage(pool));
  }

  /** Validates, plans and applies in one transaction; the new model is served at once by this process. */
  async apply(session: Session, request: ApplyRequest): Promise<ApplyResult> {
    const result = await this.pipeline.apply(session.tenant, session.actor, request);
    if (result.applied) this.schemas.remember(session.tenant.id, result.version, result.model);
    return result;
  }

  /** Deletes whole objects (their tables and data): the same pipeline with no documents. */
  deleteObjects(session: Session, request: DeleteObjectsRequest): Promise<ApplyResult> {
    const problems: ErrorDetail[] = request.names.length ? [] : [{ path: 'names', message: 'name at least one object' }];
    if (problems.length) throw badInput('Nothing to delete', problems);
    return this.apply(session, {
      documents: [],
      deleteObjects: request.names,
      dryRun: request.dryRun ?? false,
      confirmDataLoss: request.confirmDataLoss ?? false,
    });
  }

  history(session: Session, first: number): Promise<VersionSummary[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_HISTORY)
      throw badInput(`first must be between 1 and ${MAX_HISTORY}`, [{ path: 'first', message: `between 1 and ${MAX_HISTORY}` }]);
    return versionHistory(this.orm, session.tenant.id, first);
  }

  /** The model the tenant runs on now (cached; refreshed by NOTIFY). */
  model(session: Session): Promise<TenantModel> {
    return this.schemas.modelFor(session.tenant);
  }

  async documents(session: Session): Promise<unknown[]> {
    return (await this.model(session)).documents;
  }

  async objects(session: Session): Promise<readonly ObjectModel[]> {
    return (await this.model(session)).objects;
  }

  async object(session: Session, name: string): Promise<ObjectModel | null> {
    return (await this.model(session)).byName.get(name) ?? null;
  }

  async hasConversion(session: Session, object: string): Promise<boolean> {
    return (await this.model(session)).conversions.has(object);
  }

  async pipelines(session: Session, object?: string | null): Promise<PipelineModel[]> {
    return [...(await this.model(session)).pipelines.values()].filter((p) => !object || p.object === object);
  }
}
