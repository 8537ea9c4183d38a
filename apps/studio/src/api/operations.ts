/** The GraphQL operations the studio sends, with the shapes they return. */
import { gql } from './graphql-client';

/** Labels by language, e.g. `{ "en": "Opportunity", "zh": "商机" }`. */
export type Labels = Record<string, string>;

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

export interface SelectOption {
  value: string;
  label?: Labels;
  color?: string;
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
  gate: { required: string[]; condition?: unknown; message?: Labels } | null;
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

export interface LoginVariables {
  tenant: string;
  email: string;
  password: string;
}

export const LOGIN = gql<{ login: { token: string; user: SessionUser; tenant: SessionTenant } }, LoginVariables>(`
  mutation Login($tenant: String!, $email: String!, $password: String!) {
    login(tenant: $tenant, email: $email, password: $password) {
      token
      user { id email name roles }
      tenant { id slug currency }
    }
  }
`);

/** Everything the shell needs to draw itself: who is signed in, where, and which objects exist. */
export const WORKSPACE = gql<{ me: SessionUser | null; tenant: SessionTenant | null; fieldKinds: FieldKindMeta[]; objects: ObjectMeta[] }>(`
  query Workspace {
    me { id email name roles }
    tenant { slug currency }
    fieldKinds { id stored writable indexable canBeAmount searchable sortable canBeTitle link filterOperators }
    objects {
      name plural label pluralLabel displayField hasConversion document recordSchema
      fields { name kind label required unique readOnly options target document }
      pipelines { key object label isDefault amountField allowSkip allowReopen lostReasonRequired stages { key label probability category idleDays index gate } }
    }
  }
`);
