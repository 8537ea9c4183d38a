/**
 * The one write path for definitions: validate → diff against what is applied → plan (metadata + DDL) →
 * apply in ONE transaction under a per-tenant lock → new version row → NOTIFY. A dry run stops after the plan.
 * Destructive steps need explicit confirmation and say how many values they would drop. The SQL is storage's,
 * behind the DefinitionStorage port.
 */
import { DomainError, ErrorCode, invalidDefinition, type Actor, type ErrorDetail, type Tenant } from '@funnelcraft/kernel';
import type { DefinitionStorage, DefinitionTransaction, PlanStepSummary } from './definition-storage.js';
import type { DocumentRef } from './document-kind.js';
import { dependentsOf, diffModels, documentKeys, documentKindNamed, DOCUMENT_KINDS, kindOf, refKey, storedDocument } from './document-kinds.js';
import type { DefinitionDocument, TenantModel } from './model.js';
import { validateDefinitions } from './validate-definitions.js';

export interface ApplyRequest {
  /** Upserts: a document replaces the applied one of its kind and name; omitting a document does not delete it. */
  documents: unknown[];
  /** Documents to delete, of any kind (an object takes the documents that belong to it along). */
  deleteDocuments?: DocumentRef[];
  /** Object API names to delete: the same as deleteDocuments of kind `object`. */
  deleteObjects?: string[];
  /** Pipeline keys to delete: the same as deleteDocuments of kind `pipeline`. */
  deletePipelines?: string[];
  dryRun?: boolean;
  confirmDataLoss?: boolean;
}

export interface ApplyResult {
  applied: boolean;
  version: number;
  hash: string;
  steps: PlanStepSummary[];
  model: TenantModel;
}

/** What the request deletes, each with the request path that named it. */
function deletions(request: ApplyRequest): { ref: DocumentRef; path: string }[] {
  const problems: ErrorDetail[] = [];
  const refs = [
    ...(request.deleteDocuments ?? []).map((ref, i) => ({ ref, path: `deleteDocuments[${i}]` })),
    ...(request.deleteObjects ?? []).map((name) => ({ ref: { kind: 'object', name }, path: `deleteObjects.${name}` })),
    ...(request.deletePipelines ?? []).map((name) => ({ ref: { kind: 'pipeline', name }, path: `deletePipelines.${name}` })),
  ];
  for (const { ref, path } of refs) {
    if (!documentKindNamed(ref.kind))
      problems.push({ path: `${path}.kind`, message: `no document kind "${ref.kind}"; kinds: ${DOCUMENT_KINDS.map((k) => k.kind).join(', ')}` });
  }
  if (problems.length) throw new DomainError(ErrorCode.BadInput, 'Unknown document kind to delete', problems);
  return refs;
}

/**
 * The applied documents with the request's documents upserted (by kind and name, or the name an object was
 * renamed from), less the documents the request deletes and those that belong to a deleted object.
 */
function mergeDocuments(applied: DefinitionDocument[], request: ApplyRequest): unknown[] {
  const deletes = deletions(request);
  const present = new Set(applied.flatMap(documentKeys));
  const unknown = deletes.filter((d) => !present.has(refKey(d.ref)));
  if (unknown.length) {
    throw new DomainError(
      ErrorCode.NotFound,
      `Cannot delete what is not defined: ${unknown.map((d) => refKey(d.ref)).join(', ')}`,
      unknown.map((d) => ({ path: d.path, message: 'not defined' })),
    );
  }
  const deleted = deletes.flatMap((d) => [d.ref, ...dependentsOf(d.ref, applied)]).map(refKey);
  const replaced = new Set([...deleted, ...request.documents.flatMap(documentKeys)]);
  return [...applied.filter((d) => !documentKeys(d).some((k) => replaced.has(k))), ...request.documents];
}

/** Users the request's documents name by id must exist in the tenant (the model alone cannot tell). */
async function checkUsers(tx: DefinitionTransaction, documents: unknown[]): Promise<void> {
  const refs = documents.flatMap((doc, i) => kindOf(doc).userRefs?.(doc as DefinitionDocument, `documents[${i}]`) ?? []);
  const unknown = new Set(await tx.unknownUsers([...new Set(refs.map((r) => r.id))]));
  const problems = refs.filter((r) => unknown.has(r.id)).map((r) => ({ path: r.path, message: `no user ${r.id} in this tenant` }));
  if (problems.length) throw invalidDefinition(`${problems.length} problem(s) in the definitions`, problems);
}

/** Teams the request's documents name (by id or name) must exist in the tenant. */
async function checkTeams(tx: DefinitionTransaction, documents: unknown[]): Promise<void> {
  const refs = documents.flatMap((doc, i) => kindOf(doc).teamRefs?.(doc as DefinitionDocument, `documents[${i}]`) ?? []);
  if (!refs.length) return;
  const unknown = new Set(await tx.unknownTeams([...new Set(refs.map((r) => r.team))]));
  const problems = refs.filter((r) => unknown.has(r.team)).map((r) => ({ path: r.path, message: `no team "${r.team}" in this tenant` }));
  if (problems.length) throw invalidDefinition(`${problems.length} problem(s) in the definitions`, problems);
}

export class DefinitionService {
  constructor(private readonly storage: DefinitionStorage) {}

  apply(tenant: Tenant, actor: Actor | null, request: ApplyRequest): Promise<ApplyResult> {
    if (!Array.isArray(request.documents))
      throw new DomainError(ErrorCode.BadInput, 'documents must be an array', [{ path: 'documents', message: 'an array' }]);
    return this.storage.transaction(tenant, async (tx): Promise<ApplyResult> => {
      const current = await tx.latest();
      const before = validateDefinitions(current.documents, { stored: true });
      const after = validateDefinitions(mergeDocuments(current.documents, request));
      await checkUsers(tx, request.documents);
      await checkTeams(tx, request.documents);
      const changes = diffModels(before, after);
      const plan = await tx.plan(changes, after);
      const result = (applied: boolean, version: number, model = after): ApplyResult => ({ applied, version, hash: model.hash, steps: plan.steps, model });
      // A dry run has only read (the loss counts), so ending its transaction writes nothing.
      if (request.dryRun) return result(false, current.version);
      const destructive = plan.steps.filter((s) => s.destructive);
      if (destructive.length && !request.confirmDataLoss) {
        throw new DomainError(
          ErrorCode.ConfirmationRequired,
          'This change deletes data; review the plan and apply again with confirmDataLoss: true',
          destructive.map((s) => ({ path: s.field ? `${s.object}.${s.field}` : s.object, message: s.description, valuesLost: s.valuesLost ?? 0 })),
        );
      }
      const documents = after.documents.map(storedDocument);
      const stored = validateDefinitions(documents);
      if (!plan.steps.length && stored.hash === before.hash) return result(false, current.version, before);
      await plan.execute();
      const version = current.version + 1;
      await tx.recordVersion({ version, documents, hash: stored.hash, plan: plan.steps, appliedBy: actor?.userId ?? null });
      return result(true, version, stored);
    });
  }
}
