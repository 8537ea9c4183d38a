/**
 * The studio's model of the workspace (session, objects, fields, pipelines) and the platform documents that
 * load it. The documents and their result types are generated from the platform schema
 * (platform-operations.generated.ts); each is assigned to a document typed with the studio's own shapes, so a
 * schema change that no longer fits them fails to compile.
 */
import type { Document } from './graphql-client';
import type { Labels, SelectOption, StageGate } from './platform-json';
import { LoginDocument, WorkspaceDocument, type LoginMutationVariables, type WorkspaceQueryVariables } from './platform-operations.generated';

export type { Labels, SelectOption, StageGate };

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  roles?: string[];
}

export interface SessionTenant {
  id?: string;
  slug: string;
  currency: string;
}

/** A field kind's flags as the server's registry has them (query `fieldKinds`). */
export interface FieldKindMeta {
  id: string;
  /** false for formulas: computed when read, so absent from a record tested in memory */
  stored: boolean;
  writable: boolean;
  indexable: boolean;
  canBeAmount: boolean;
  searchable: boolean;
  sortable: boolean;
  canBeTitle: boolean;
  link: 'record' | 'user' | null;
  filterOperators: string[];
}

export interface FieldMeta {
  name: string;
  kind: string;
  label: Labels;
  required: boolean;
  unique?: boolean;
  readOnly?: boolean;
  options?: SelectOption[];
  /** lookup: the object it points at */
  target?: string | null;
  /** the field as written in its definition document */
  document?: Record<string, unknown>;
}

export interface StageMeta {
  key: string;
  label: Labels;
  probability: number;
  category: 'open' | 'won' | 'lost';
  idleDays: number | null;
  index: number;
  gate: StageGate | null;
}

export interface PipelineMeta {
  key: string;
  object: string;
  label: Labels;
  isDefault: boolean;
  amountField: string | null;
  allowSkip: boolean;
  allowReopen: boolean;
  lostReasonRequired: boolean;
  stages: StageMeta[];
}

export interface ObjectMeta {
  name: string;
  plural: string;
  label: Labels;
  pluralLabel: Labels;
  displayField: string;
  fields: FieldMeta[];
  /** JSON Schema of a record input, exactly as the server validates it (create mode). */
  recordSchema?: Record<string, unknown>;
  pipelines?: PipelineMeta[];
  hasConversion?: boolean;
  document?: Record<string, unknown>;
}

export type LoginVariables = LoginMutationVariables;

export const LOGIN: Document<{ login: { token: string; user: SessionUser; tenant: SessionTenant } }, LoginVariables> = LoginDocument;

/** Everything the shell needs to draw itself: who is signed in, where, and which objects exist. */
export const WORKSPACE: Document<
  { me: SessionUser | null; tenant: SessionTenant | null; fieldKinds: FieldKindMeta[]; objects: ObjectMeta[] },
  WorkspaceQueryVariables
> = WorkspaceDocument;
