/** Stage pipelines: the normalized form of pipeline definition documents, and the fields they add to objects. */
import type { ValueType } from '@funnelcraft/expressions';
import type { Labels } from './model.js';

export type StageCategory = 'open' | 'won' | 'lost';

export interface StageGate {
  required: string[];
  condition?: unknown;
  message?: Labels;
}

export interface StageModel {
  key: string;
  label: Labels;
  probability: number;
  category: StageCategory;
  idleDays?: number;
  gate?: StageGate;
  /** Position in the pipeline, from 0. */
  index: number;
}

export interface PipelineDocument {
  'x-pipeline': string;
  'x-object': string;
  title?: string;
  'x-label'?: Labels;
  'x-default'?: boolean;
  'x-amount-field'?: string;
  'x-allow-skip'?: boolean;
  'x-allow-reopen'?: boolean;
  'x-lost-reason-required'?: boolean;
  stages: {
    key: string;
    label?: Labels;
    probability: number;
    category: StageCategory;
    idleDays?: number;
    gate?: { required?: string[]; condition?: unknown; message?: Labels };
  }[];
  [key: string]: unknown;
}

export interface PipelineModel {
  key: string;
  object: string;
  label: Labels;
  isDefault: boolean;
  amountField?: string;
  allowSkip: boolean;
  allowReopen: boolean;
  lostReasonRequired: boolean;
  stages: StageModel[];
  stageByKey: ReadonlyMap<string, StageModel>;
  document: PipelineDocument;
}

/**
 * Fields an object gets when it has pipelines: which pipeline a record follows, where it stands, and how it
 * ended. Written by moves, read and filtered like any field.
 */
export const PIPELINE_FIELDS: Readonly<
  Record<string, { column: string; sqlType: string; valueType: ValueType; api: 'String' | 'Float' | 'Date' | 'DateTime'; writable: boolean }>
> = {
  pipeline: { column: 'pipeline', sqlType: 'text', valueType: 'text', api: 'String', writable: true },
  stage: { column: 'stage', sqlType: 'text', valueType: 'text', api: 'String', writable: true },
  probability: { column: 'probability', sqlType: 'numeric', valueType: 'number', api: 'Float', writable: true },
  stageEnteredAt: { column: 'stage_entered_at', sqlType: 'timestamptz', valueType: 'datetime', api: 'DateTime', writable: false },
  closedOn: { column: 'closed_on', sqlType: 'date', valueType: 'date', api: 'Date', writable: false },
  outcome: { column: 'outcome', sqlType: 'text', valueType: 'text', api: 'String', writable: false },
  lostReason: { column: 'lost_reason', sqlType: 'text', valueType: 'text', api: 'String', writable: true },
};
export const PIPELINE_FIELD_NAMES = Object.keys(PIPELINE_FIELDS);
/** API names a pipeline gives its object: the stage fields and the computed ones (idle flag, history). */
export const PIPELINE_COMPUTED_FIELDS = ['isIdle', 'stageHistory'] as const;
export const PIPELINE_RESERVED_NAMES: readonly string[] = [...PIPELINE_FIELD_NAMES, ...PIPELINE_COMPUTED_FIELDS];

export function buildPipeline(doc: PipelineDocument): PipelineModel {
  const stages = doc.stages.map((s, index): StageModel => ({
    key: s.key,
    label: { en: s.key, ...(s.label ?? {}) },
    probability: s.probability,
    category: s.category,
    idleDays: s.idleDays,
    gate: s.gate ? { required: s.gate.required ?? [], condition: s.gate.condition, message: s.gate.message } : undefined,
    index,
  }));
  return {
    key: doc['x-pipeline'],
    object: doc['x-object'],
    label: { en: doc.title ?? doc['x-pipeline'], ...(doc['x-label'] ?? {}) },
    isDefault: doc['x-default'] === true,
    amountField: doc['x-amount-field'],
    allowSkip: doc['x-allow-skip'] !== false,
    allowReopen: doc['x-allow-reopen'] === true,
    lostReasonRequired: doc['x-lost-reason-required'] === true,
    stages,
    stageByKey: new Map(stages.map((s) => [s.key, s])),
    document: doc,
  };
}

/** The pipeline records of an object follow when none is named: the one marked default (required with several). */
export const defaultPipeline = (pipelines: readonly PipelineModel[]): PipelineModel | undefined => pipelines.find((p) => p.isDefault) ?? pipelines[0];
