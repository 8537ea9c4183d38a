/** The GraphQL operations of Setup: the applied definitions, the one write path for them, and users. */
import { gql } from '../../api/graphql-client';

export interface PlanStep {
  action: string;
  object: string;
  field: string | null;
  description: string;
  sql: string[];
  destructive: boolean;
  /** How many stored values (or records) the step would delete. */
  valuesLost: number | null;
}

export interface ApplyResult {
  applied: boolean;
  version: number;
  hash: string;
  steps: PlanStep[];
}

export interface ApplyRequest {
  documents: unknown[];
  deleteObjects?: string[];
  deletePipelines?: string[];
}

export interface ApplyVariables extends ApplyRequest {
  dryRun: boolean;
  confirmDataLoss: boolean;
}

export const APPLY_DEFINITIONS = gql<{ applyDefinitions: ApplyResult }, ApplyVariables>(`
  mutation ApplyDefinitions($documents: [JSON!]!, $deleteObjects: [String!], $deletePipelines: [String!], $dryRun: Boolean, $confirmDataLoss: Boolean) {
    applyDefinitions(documents: $documents, deleteObjects: $deleteObjects, deletePipelines: $deletePipelines, dryRun: $dryRun, confirmDataLoss: $confirmDataLoss) {
      applied version hash
      steps { action object field description sql destructive valuesLost }
    }
  }
`);

/** Every applied definition document (objects, pipelines, conversions), as written. */
export const DEFINITIONS = gql<{ definitions: unknown[] }>(`query Definitions { definitions }`);

export interface UserRow {
  id: string;
  email: string;
  name: string;
  roles: string[];
}

export const USERS = gql<{ users: UserRow[] }>(`query Users { users { id email name roles } }`);

export interface CreateUserVariables {
  email: string;
  name: string;
  password: string;
  roles: string[];
}

/** Adds a user to this workspace (admins only); VALIDATION_FAILED details name email, name, password or roles. */
export const CREATE_USER = gql<{ createUser: UserRow }, CreateUserVariables>(`
  mutation CreateUser($email: String!, $name: String!, $password: String!, $roles: [String!]) {
    createUser(email: $email, name: $name, password: $password, roles: $roles) { id email name roles }
  }
`);
