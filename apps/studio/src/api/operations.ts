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

export interface FieldMeta {
  name: string;
  kind: string;
  label: Labels;
  required: boolean;
}

export interface ObjectMeta {
  name: string;
  plural: string;
  label: Labels;
  pluralLabel: Labels;
  displayField: string;
  fields: FieldMeta[];
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
export const WORKSPACE = gql<{ me: SessionUser | null; tenant: SessionTenant | null; objects: ObjectMeta[] }>(`
  query Workspace {
    me { id email name }
    tenant { slug currency }
    objects { name plural label pluralLabel displayField fields { name kind label required } }
  }
`);
