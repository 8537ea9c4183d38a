/**
 * Turns definition documents into a validated TenantModel, or throws INVALID_DEFINITION listing every problem
 * with its place (`documents[2].properties.amount.x-kind`). Each document is checked by its kind (meta-schema,
 * then the kind's own checks); then the kinds attach to the model in registry order and check what they refer to.
 */
import { contentHash, invalidDefinition, type ErrorDetail } from '@funnelcraft/kernel';
import { ajvDetails } from './ajv-details.js';
import type { DocumentKind, ModelDraft, PlacedDocument } from './document-kind.js';
import { DOCUMENT_KINDS, documentKeys, kindOf } from './document-kinds.js';
import { metaSchemaValidator } from './meta-schema.js';
import type { DefinitionDocument, TenantModel } from './model.js';

function checkDocument(kind: DocumentKind, doc: unknown, path: string, problems: ErrorDetail[]): doc is DefinitionDocument {
  const meta = metaSchemaValidator(kind.metaSchema);
  if (!meta(doc)) {
    problems.push(...ajvDetails(path, meta.errors));
    return false;
  }
  return kind.checkDocument?.(doc as DefinitionDocument, path, problems) ?? true;
}

export interface ValidateOptions {
  /** Documents already applied: see ModelDraft.stored. */
  stored?: boolean;
}

/** Validates a complete set of definition documents. Throws INVALID_DEFINITION with every problem found. */
export function validateDefinitions(documents: unknown[], options: ValidateOptions = {}): TenantModel {
  if (!Array.isArray(documents)) throw invalidDefinition('documents must be an array');
  const problems: ErrorDetail[] = [];
  const placed = new Map<DocumentKind, PlacedDocument<DefinitionDocument>[]>(DOCUMENT_KINDS.map((k) => [k, []]));
  documents.forEach((doc, index) => {
    const path = `documents[${index}]`;
    const kind = kindOf(doc);
    if (checkDocument(kind, doc, path, problems)) placed.get(kind)!.push({ doc, index, path });
  });
  if (problems.length) throw invalidDefinition(`${problems.length} problem(s) in the definitions`, problems);

  const draft: ModelDraft = {
    stored: options.stored ?? false,
    objects: [],
    byName: new Map(),
    objectPaths: new Map(),
    pipelines: new Map(),
    conversions: new Map(),
    reports: new Map(),
    dashboards: new Map(),
    rules: new Map(),
    roles: new Map(),
  };
  for (const kind of DOCUMENT_KINDS) kind.attach(placed.get(kind)!, draft, problems);
  if (problems.length) throw invalidDefinition(`${problems.length} problem(s) in the definitions`, problems);

  const sortKey = (d: DefinitionDocument) => documentKeys(d)[0] ?? '';
  const sorted = DOCUMENT_KINDS.flatMap((k) => placed.get(k)!.map((p) => p.doc)).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  // Field order is meaning (forms, lists), but the canonical JSON of the hash sorts keys: hash it apart.
  const fieldOrder = sorted.map((d) => ('properties' in d && d.properties ? Object.keys(d.properties) : []));
  return {
    objects: draft.objects,
    byName: draft.byName,
    pipelines: draft.pipelines,
    conversions: draft.conversions,
    reports: draft.reports,
    dashboards: draft.dashboards,
    rules: draft.rules,
    roles: draft.roles,
    hash: contentHash({ documents: sorted, fieldOrder }),
    documents: sorted,
  };
}

export const emptyModel = (): TenantModel => validateDefinitions([]);
