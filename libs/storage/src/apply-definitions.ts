/**
 * The one write path for definitions: validate → diff against what is applied → plan (metadata + DDL) →
 * apply in ONE transaction under a per-tenant lock → new version row → NOTIFY. A dry run stops after the plan
 * (and rolls back). Destructive steps need explicit confirmation and say how many values they would drop.
 */
import { diffModels, isConversionDocument, isPipelineDocument, validateDefinitions, type DefinitionDocument, type ObjectDocument, type TenantModel } from '@funnelcraft/definitions';
import { DomainError, ErrorCode, quoteIdent, type Actor, type ErrorDetail, type Tenant } from '@funnelcraft/kernel';
import { withTransaction, type Pool, type PoolClient } from './db.js';
import { planSteps, type PlanStep } from './ddl-plan.js';
import { insertVersion, latestVersion } from './definition-store.js';
import { fieldHistoryTable } from './field-history.js';
import { stageHistoryTable } from './pipeline-ddl.js';

export interface ApplyRequest {
  documents: unknown[];
  /** Object API names to delete (documents are upserts; omitting an object does not delete it). */
  deleteObjects?: string[];
  /** Pipeline keys to delete. */
  deletePipelines?: string[];
  dryRun?: boolean;
  confirmDataLoss?: boolean;
}

export interface ApplyResult {
  applied: boolean;
  version: number;
  hash: string;
  steps: Omit<PlanStep, 'countSql' | 'checks' | 'after'>[];
  model: TenantModel;
}

/** `x-renamed-from` is an instruction for one diff, not state: it is not kept in applied documents. */
function withoutRenames(doc: DefinitionDocument): DefinitionDocument {
  if (isPipelineDocument(doc) || isConversionDocument(doc)) return doc;
  const { 'x-renamed-from': _obj, ...rest } = doc;
  const properties = Object.fromEntries(
    Object.entries(doc.properties).map(([name, f]) => {
      const { 'x-renamed-from': _field, ...field } = f;
      return [name, field];
    }),
  );
  return { ...rest, properties } as ObjectDocument;
}

/** What a document replaces in the applied set: `object:<name>` or `pipeline:<key>`. */
function keysOf(d: unknown): string[] {
  if (!d || typeof d !== 'object') return [];
  const doc = d as Record<string, unknown>;
  if (typeof doc['x-pipeline'] === 'string') return [`pipeline:${doc['x-pipeline']}`];
  if (typeof doc['x-conversion'] === 'string') return [`conversion:${doc['x-conversion']}`];
  return [doc['x-object'], doc['x-renamed-from']].filter((n): n is string => typeof n === 'string').map((n) => `object:${n}`);
}

/**
 * The applied documents with the request's documents upserted (objects by name, or by the name they were
 * renamed from; pipelines by key), less the objects and pipelines the request deletes.
 */
function mergeDocuments(applied: DefinitionDocument[], request: ApplyRequest): unknown[] {
  const deletes = [...(request.deleteObjects ?? []).map((n) => `object:${n}`), ...(request.deletePipelines ?? []).map((n) => `pipeline:${n}`)];
  const present = new Set(applied.flatMap(keysOf));
  const unknown = deletes.filter((k) => !present.has(k));
  if (unknown.length) {
    throw new DomainError(ErrorCode.NotFound, `Cannot delete what is not defined: ${unknown.join(', ')}`,
      unknown.map((k) => ({ path: `${k.startsWith('object:') ? 'deleteObjects' : 'deletePipelines'}.${k.split(':')[1]}`, message: 'not defined' })));
  }
  const replaced = new Set([...deletes, ...request.documents.flatMap(keysOf)]);
  return [...applied.filter((d) => !keysOf(d).some((k) => replaced.has(k))), ...request.documents];
}

async function countLosses(tx: PoolClient, steps: PlanStep[]): Promise<void> {
  for (const s of steps) {
    if (!s.countSql) continue;
    const { rows } = await tx.query<{ n: number }>(s.countSql);
    s.valuesLost = rows[0]?.n ?? 0;
  }
}

async function runChecks(tx: PoolClient, steps: PlanStep[]): Promise<void> {
  const problems: ErrorDetail[] = [];
  for (const s of steps) {
    for (const check of s.checks) {
      const { rows } = await tx.query<{ id: string; value: string }>(check.sql);
      if (rows.length) {
        problems.push({ path: s.field ? `${s.object}.${s.field}` : s.object, message: `${check.message}: ${rows.length}${rows.length === 20 ? '+' : ''} row(s) would not convert`, rows });
      }
    }
  }
  if (problems.length) throw new DomainError(ErrorCode.ConversionFailed, 'Some existing values cannot be converted; fix or clear them first', problems);
}

const publicStep = ({ countSql: _c, checks: _k, after: _a, ...rest }: PlanStep) => rest;

export async function applyDefinitions(pool: Pool, tenant: Tenant, actor: Actor | null, request: ApplyRequest): Promise<ApplyResult> {
  if (!Array.isArray(request.documents)) throw new DomainError(ErrorCode.BadInput, 'documents must be an array');
  return withTransaction(pool, async (tx): Promise<ApplyResult> => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`definitions:${tenant.id}`]);
    const current = await latestVersion(tx, tenant.id);
    const before = validateDefinitions(current.documents);
    const after = validateDefinitions(mergeDocuments(current.documents, request));
    const changes = diffModels(before, after);
    const steps = planSteps(tenant.schema, changes, after.byName);
    await countLosses(tx, steps);
    const result = (applied: boolean, version: number, model = after): ApplyResult => ({ applied, version, hash: model.hash, steps: steps.map(publicStep), model });
    // A dry run has only read (the loss counts), so ending its transaction writes nothing.
    if (request.dryRun) return result(false, current.version);
    const destructive = steps.filter((s) => s.destructive);
    if (destructive.length && !request.confirmDataLoss) {
      throw new DomainError(ErrorCode.ConfirmationRequired, 'This change deletes data; review the plan and apply again with confirmDataLoss: true',
        destructive.map((s) => ({ path: s.field ? `${s.object}.${s.field}` : s.object, message: s.description, valuesLost: s.valuesLost ?? 0 })));
    }
    const documents = after.documents.map(withoutRenames);
    const stored = validateDefinitions(documents);
    if (!steps.length && stored.hash === before.hash) return result(false, current.version, before);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(tenant.schema)}`);
    for (const sql of [...stageHistoryTable(tenant.schema), ...fieldHistoryTable(tenant.schema)]) await tx.query(sql);
    await runChecks(tx, steps);
    for (const s of steps) for (const sql of s.sql) await tx.query(sql);
    for (const s of steps) for (const sql of s.after) await tx.query(sql);
    const version = current.version + 1;
    await insertVersion(tx, { tenantId: tenant.id, version, documents, hash: stored.hash, plan: steps.map(publicStep), appliedBy: actor?.userId ?? null });
    return result(true, version, stored);
  });
}
