/**
 * What the platform schema's JSON values hold. The schema types them only as `JSON`; the generated operation
 * types read each position as `JsonOf<'Type.field'>` (or `'Operation.$variable'`), refined here. A key that names
 * no JSON position of the operations fails to compile (PlatformJsonCheck).
 */
import type { ViewDefinition } from '../composables/records/saved-views';
import type { PlatformJsonKey } from './platform-operations.generated';

/** Labels by language, e.g. `{ "en": "Opportunity", "zh": "商机" }`. */
export type Labels = Record<string, string>;

export interface SelectOption {
  value: string;
  label?: Labels;
  color?: string;
}

export interface StageGate {
  required: string[];
  condition?: unknown;
  message?: Labels;
}

export interface PlatformJson {
  'ObjectMeta.label': Labels;
  'ObjectMeta.pluralLabel': Labels;
  'ObjectMeta.document': Record<string, unknown>;
  'ObjectMeta.recordSchema': Record<string, unknown>;
  'FieldMeta.label': Labels;
  'FieldMeta.options': SelectOption[];
  'FieldMeta.document': Record<string, unknown>;
  'PipelineMeta.label': Labels;
  'StageMeta.label': Labels;
  'StageMeta.gate': StageGate;
  'Query.definitions': unknown[];
  'SavedView.definition': ViewDefinition;
  'SaveView.$definition': ViewDefinition;
  /** An approval request's change, by field (input names), and those fields' values when it was asked for. */
  'ApprovalRequest.patch': Record<string, unknown>;
  'ApprovalRequest.previous': Record<string, unknown>;
}

export type JsonOf<K extends string> = K extends keyof PlatformJson ? PlatformJson[K] : unknown;

/** `true` only while every key above is a JSON position the generated operations have. */
export type PlatformJsonCheck = [Exclude<keyof PlatformJson, PlatformJsonKey>] extends [never] ? true : never;
export const PLATFORM_JSON_CHECKED: PlatformJsonCheck = true;
