/** The normalized, validated form of a tenant's definitions, used by storage, records and the API. */
import type { FieldKind, FieldKindId } from './field-kinds.js';
import type { ConversionDocument, ConversionModel } from './conversion-model.js';
import type { PipelineDocument, PipelineModel } from './pipeline-model.js';
import type { ReportDocument, ReportModel } from './report-model.js';
import type { DashboardDocument, DashboardModel } from './dashboard-model.js';
import type { RuleDocument, RuleModel } from './rule-model.js';
import type { RoleDocument, RoleModel } from './role-model.js';

export type Labels = Record<string, string>;
export type OnDelete = 'set_null' | 'restrict' | 'cascade';

export interface SelectOption {
  value: string;
  label?: Labels;
  color?: string;
}

/** An object definition document as an admin writes it (JSON Schema with x- keywords). */
export interface ObjectDocument {
  type: 'object';
  'x-object': string;
  'x-renamed-from'?: string;
  'x-plural'?: string;
  'x-display-field'?: string;
  'x-person-name'?: PersonName;
  title?: string;
  description?: string;
  'x-label'?: Labels;
  required?: string[];
  properties: Record<string, FieldDocument>;
  [key: string]: unknown;
}

export interface FieldDocument {
  'x-kind': FieldKindId;
  [key: string]: unknown;
}

export interface FieldModel {
  name: string;
  /** Column name (snake_case of the name); currency fields also use `<column>_currency`. */
  column: string;
  kind: FieldKind;
  label: Labels;
  required: boolean;
  unique: boolean;
  indexed: boolean;
  readOnly: boolean;
  defaultValue: unknown;
  options: SelectOption[];
  renamedFrom?: string;
  /** lookup */
  target?: string;
  onDelete: OnDelete;
  reverse?: string;
  /** auto_number: prefix and zero-padded width */
  autoNumber?: { prefix: string; width: number };
  /** formula */
  formula?: unknown;
  formulaResult?: FieldKindId;
  currency?: string;
  /**
   * boolean: the lookup (on the same object) within whose value at most one live record has the flag on, as an
   * opportunity has one primary contact role; setting it on one record clears it on the others.
   */
  exclusivePer?: string;
  /** The field's entry in the document, as written. */
  document: FieldDocument;
}

/** The two text fields that name a person (`x-person-name`): the order they are shown in depends on the language. */
export interface PersonName {
  given: string;
  family: string;
}

export interface ReverseRelation {
  /** GraphQL field name on the target object, e.g. `opportunities` on Account. */
  name: string;
  sourceObject: string;
  sourceField: string;
}

export interface ObjectModel {
  name: string;
  plural: string;
  table: string;
  label: Labels;
  pluralLabel: Labels;
  displayField: string;
  /** Set when a record of this object is a person named by two fields. */
  personName?: PersonName;
  renamedFrom?: string;
  fields: FieldModel[];
  fieldsByName: ReadonlyMap<string, FieldModel>;
  reverse: ReverseRelation[];
  /** Stage pipelines of this object (empty for objects without one). */
  pipelines: PipelineModel[];
  document: ObjectDocument;
}

export type DefinitionDocument = ObjectDocument | PipelineDocument | ConversionDocument | ReportDocument | DashboardDocument | RuleDocument | RoleDocument;

export interface TenantModel {
  objects: ObjectModel[];
  byName: ReadonlyMap<string, ObjectModel>;
  pipelines: ReadonlyMap<string, PipelineModel>;
  /** Conversions by the object they convert. */
  conversions: ReadonlyMap<string, ConversionModel>;
  /** Saved reports by key. */
  reports: ReadonlyMap<string, ReportModel>;
  /** Dashboards by key. */
  dashboards: ReadonlyMap<string, DashboardModel>;
  /** Automation rules by key. */
  rules: ReadonlyMap<string, RuleModel>;
  /** Role documents by name (admin and, unless one is defined, member are built in). */
  roles: ReadonlyMap<string, RoleModel>;
  /** Content hash of the documents: tenants with equal hashes share compiled artifacts. */
  hash: string;
  documents: DefinitionDocument[];
}

/** Columns every object table has, and the API names they are exposed under. */
export const SYSTEM_FIELDS = ['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId', 'owner', 'version', 'deletedAt'] as const;

/** Fields every object can be filtered and sorted by, besides its own. */
export const SYSTEM_COLUMNS: Record<string, { column: string; filter: 'id' | 'datetime' | 'number' }> = {
  id: { column: 'id', filter: 'id' },
  createdAt: { column: 'created_at', filter: 'datetime' },
  updatedAt: { column: 'updated_at', filter: 'datetime' },
  createdBy: { column: 'created_by', filter: 'id' },
  updatedBy: { column: 'updated_by', filter: 'id' },
  ownerId: { column: 'owner_id', filter: 'id' },
  version: { column: 'version', filter: 'number' },
};
