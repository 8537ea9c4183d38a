/**
 * The registry of document kinds. Adding a kind (rule, report, role, dashboard, template) is one entry here and
 * its own file: validation, the diff, the apply pipeline's merge, storage and deletion all look kinds up here.
 */
import { conversionKind } from './conversion-kind.js';
import { dashboardKind } from './dashboard-kind.js';
import { CHANGE_ORDER, type Change } from './diff.js';
import type { DiffScope, DocumentKind, DocumentRef } from './document-kind.js';
import type { DefinitionDocument, ObjectModel, TenantModel } from './model.js';
import { objectKind } from './object-kind.js';
import { pipelineKind } from './pipeline-kind.js';
import { reportKind } from './report-kind.js';
import { renameProblems } from './rename-checks.js';
import { invalidDefinition } from '@funnelcraft/kernel';
import { roleKind } from './role-kind.js';
import { ruleKind } from './rule-kind.js';

/** In attach order: objects first, since the other kinds refer to them. */
export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  objectKind,
  pipelineKind,
  conversionKind,
  reportKind,
  dashboardKind,
  // Roles before rules: an approval step names a role.
  roleKind,
  ruleKind,
] as DocumentKind[];

const byKind = new Map(DOCUMENT_KINDS.map((k) => [k.kind, k]));

export const documentKindNamed = (kind: string): DocumentKind | undefined => byKind.get(kind);

/**
 * The kind of a document: the one whose key it carries. Documents of other kinds name their object too, so a
 * document naming no other kind is an object document (and its meta-schema says what it lacks).
 */
export function kindOf(doc: unknown): DocumentKind {
  const d = doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : {};
  return DOCUMENT_KINDS.find((k) => k !== (objectKind as DocumentKind) && typeof d[k.key] === 'string') ?? (objectKind as DocumentKind);
}

/** The name a document has within its kind (`deal` for `{"x-pipeline": "deal"}`), if it has one. */
export function documentName(doc: unknown): string | undefined {
  const name = doc && typeof doc === 'object' ? (doc as Record<string, unknown>)[kindOf(doc).key] : undefined;
  return typeof name === 'string' ? name : undefined;
}

export const refKey = (ref: DocumentRef) => `${ref.kind}:${ref.name}`;

/** Keys (`pipeline:deal`) a document takes the place of in an applied set: its own, and the names it replaces. */
export function documentKeys(doc: unknown): string[] {
  const name = documentName(doc);
  if (name === undefined) return [];
  const kind = kindOf(doc);
  return [name, ...(kind.replaces?.(doc as DefinitionDocument) ?? [])].map((n) => refKey({ kind: kind.kind, name: n }));
}

/** Documents that go with a deleted one: those of any kind that belong to a deleted object. */
export function dependentsOf(ref: DocumentRef, applied: readonly DefinitionDocument[]): DocumentRef[] {
  if (ref.kind !== objectKind.kind) return [];
  return applied.flatMap((d) => {
    const kind = kindOf(d);
    const name = documentName(d);
    return kind.belongsTo?.(d) === ref.name && name !== undefined ? [{ kind: kind.kind, name }] : [];
  });
}

/** A document as stored in a definition version (one-time instructions left out). */
export const storedDocument = (doc: DefinitionDocument): DefinitionDocument => kindOf(doc).stored?.(doc) ?? doc;

/** Every kind's changes between the applied model and a proposed one, in the order a plan can run them. */
export function diffModels(before: TenantModel, after: TenantModel): Change[] {
  const priorOf = (obj: ObjectModel) =>
    before.byName.get(obj.name) ?? (obj.renamedFrom && !after.byName.has(obj.renamedFrom) ? before.byName.get(obj.renamedFrom) : undefined);
  const renames = renameProblems(before, after, priorOf);
  if (renames.length) throw invalidDefinition(`${renames.length} rename(s) cannot be carried out`, renames);
  const scope: DiffScope = { before, after, priorOf };
  const changes = DOCUMENT_KINDS.flatMap((k) => k.diff(scope));
  // Array.prototype.sort is stable: within a step of the order, changes keep the order their kind gave them.
  return changes.sort((a, b) => CHANGE_ORDER[a.action] - CHANGE_ORDER[b.action]);
}
