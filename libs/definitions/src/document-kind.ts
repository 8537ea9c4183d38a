/**
 * What a kind of definition document is: how it is recognised, its meta-schema, its checks, how it joins the
 * model, how it differs between two models, how it is stored and deleted. Objects, pipelines and conversions
 * are kinds; rules, reports, roles, dashboards and templates will be too: each registers once in
 * `document-kinds.ts`, and validation, diff and the apply pipeline find it there.
 */
import type { ErrorDetail } from '@funnelcraft/kernel';
import type { Change } from './diff.js';
import type { DefinitionDocument, ObjectModel, TenantModel } from './model.js';
import type { ConversionModel } from './conversion-model.js';
import type { DashboardModel } from './dashboard-model.js';
import type { PipelineModel } from './pipeline-model.js';
import type { ReportModel } from './report-model.js';
import type { RoleModel } from './role-model.js';
import type { RuleModel } from './rule-model.js';

/** A document with where it came from in the request (`documents[3]`), for error paths. */
export interface PlacedDocument<D> {
  doc: D;
  index: number;
  path: string;
}

/** The model while kinds attach to it, in registry order (objects first: the others refer to them). */
export interface ModelDraft {
  /**
   * Documents already applied (loading a tenant, the "before" of a diff): rules added since they were applied
   * (value rules, type names, formula types) are not held against them, so a tenant they would now refuse
   * still loads and can be repaired. New documents are always checked in full.
   */
  stored: boolean;
  objects: ObjectModel[];
  byName: Map<string, ObjectModel>;
  objectPaths: Map<ObjectModel, string>;
  pipelines: Map<string, PipelineModel>;
  conversions: Map<string, ConversionModel>;
  reports: Map<string, ReportModel>;
  dashboards: Map<string, DashboardModel>;
  rules: Map<string, RuleModel>;
  roles: Map<string, RoleModel>;
}

/** Two models to compare, and which applied object each proposed one continues (renames followed). */
export interface DiffScope {
  before: TenantModel;
  after: TenantModel;
  priorOf(o: ObjectModel): ObjectModel | undefined;
}

/** One document named by its kind and name: what `deleteDocuments` takes. */
export interface DocumentRef {
  kind: string;
  name: string;
}

export interface DocumentKind<D extends DefinitionDocument = DefinitionDocument> {
  /** Its name in references and stored keys (`pipeline` in `pipeline:deal`). */
  readonly kind: string;
  /** The keyword holding a document's name, which marks a document as one of this kind (`x-pipeline`). */
  readonly key: string;
  /** The meta-schema in `schemas/`, and the files its `$ref`s point into. */
  readonly metaSchema: { file: string; refs?: readonly string[] };
  /** Checks beyond the meta-schema, one document at a time; false when the document cannot be used further. */
  checkDocument?(doc: D, path: string, problems: ErrorDetail[]): boolean;
  /** Adds the kind's documents to the model and checks what they refer to; problems are collected, not thrown. */
  attach(docs: PlacedDocument<D>[], draft: ModelDraft, problems: ErrorDetail[]): void;
  /** The changes between two models that concern this kind (storage turns them into plan steps). */
  diff(scope: DiffScope): Change[];
  /** Other names of this kind a document takes the place of in the applied set (an object renamed from another). */
  replaces?(doc: D): string[];
  /** The document as stored: one-time instructions such as `x-renamed-from` left out. */
  stored?(doc: D): D;
  /** The object a document belongs to (a pipeline's, a conversion's): deleting the object deletes it too. */
  belongsTo?(doc: D): string | undefined;
  /** Platform users a document names by id, with their places: the apply pipeline checks they exist. */
  userRefs?(doc: D, path: string): { path: string; id: string }[];
  /** Platform teams a document names (by id or name), with their places: the apply pipeline checks they exist. */
  teamRefs?(doc: D, path: string): { path: string; team: string }[];
}
