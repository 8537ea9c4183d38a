/**
 * The port the apply pipeline drives: what it needs from the database, implemented by the storage library
 * (which keeps the SQL). Everything a `transaction` callback does happens in ONE PostgreSQL transaction,
 * holding the tenant's definitions lock: metadata, DDL, the version row and its NOTIFY commit or roll back together.
 */
import type { Tenant } from '@funnelcraft/kernel';
import type { Change } from './diff.js';
import type { DefinitionDocument, TenantModel } from './model.js';

/** One step of a plan as the caller sees it (dry runs show them; the version row keeps them). */
export interface PlanStepSummary {
  action: Change['action'];
  object: string;
  field?: string;
  description: string;
  sql: string[];
  destructive: boolean;
  /** How many stored values (or records) the step would delete; counted for destructive steps. */
  valuesLost?: number;
}

/** A plan made in the transaction: its steps (losses counted) and how to run it there. */
export interface DefinitionPlan {
  readonly steps: PlanStepSummary[];
  /** Runs the plan: refuses values that would not convert (CONVERSION_FAILED), then the DDL, then what follows renames. */
  execute(): Promise<void>;
}

export interface AppliedDefinitions {
  version: number;
  documents: DefinitionDocument[];
}

export interface DefinitionTransaction {
  /** The latest applied version (version 0, no documents, for a new tenant). */
  latest(): Promise<AppliedDefinitions>;
  /** Plans the changes against the tenant's schema and counts what destructive steps would lose; writes nothing. */
  plan(changes: readonly Change[], after: TenantModel): Promise<DefinitionPlan>;
  /** Stores a new version and announces it to every server (NOTIFY, delivered at commit). */
  /** Of these user ids, those naming no user of the tenant. */
  unknownUsers(ids: readonly string[]): Promise<string[]>;
  /** Of these team references (ids or names, case-insensitive), those naming no team of the tenant. */
  unknownTeams(refs: readonly string[]): Promise<string[]>;
  recordVersion(v: { version: number; documents: DefinitionDocument[]; hash: string; plan: PlanStepSummary[]; appliedBy: string | null }): Promise<void>;
}

export interface DefinitionStorage {
  /** Runs `work` in one transaction under the tenant's definitions lock; rolls back if it throws. */
  transaction<T>(tenant: Tenant, work: (tx: DefinitionTransaction) => Promise<T>): Promise<T>;
}
