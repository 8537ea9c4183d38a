/** The platform operations of Setup (the applied definitions, the one write path for them, and users), in Setup's shapes. */
import type { Document } from '../../api/graphql-client';
import {
  ApplyDefinitionsDocument,
  CreateUserDocument,
  DefinitionsDocument,
  UsersDocument,
  type UsersQueryVariables,
} from '../../api/platform-operations.generated';

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

export const APPLY_DEFINITIONS: Document<{ applyDefinitions: ApplyResult }, ApplyVariables> = ApplyDefinitionsDocument;

/** Every applied definition document (objects, pipelines, conversions), as written. */
export const DEFINITIONS: Document<{ definitions: unknown[] }, Record<string, never>> = DefinitionsDocument;

export interface UserRow {
  id: string;
  email: string;
  name: string;
  roles: string[];
}

export const USERS: Document<{ users: UserRow[] }, UsersQueryVariables> = UsersDocument;

export interface CreateUserVariables {
  email: string;
  name: string;
  password: string;
  roles: string[];
}

/** Adds a user to this workspace (admins only); VALIDATION_FAILED details name email, name, password or roles. */
export const CREATE_USER: Document<{ createUser: UserRow }, CreateUserVariables> = CreateUserDocument;
