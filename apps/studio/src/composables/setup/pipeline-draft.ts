/**
 * A pipeline definition as the pipeline designer edits it, and the way back to a document
 * (schemas/pipeline-definition.schema.json). A gate's condition is edited in the condition editor, over the
 * fields of the pipeline's object; a condition the editor cannot show is kept as it was (`rawCondition`)
 * until the admin replaces it.
 */
import { parseLogic, toLogic } from '../../conditions/condition-logic';
import { fromDraft, newDraftGroup, toDraft, type ConditionFields, type DraftGroup } from '../../conditions/condition-tree';
import { cleanLabels, labelDraft, rowId, type LabelDraft } from './labels';

export type StageCategory = 'open' | 'won' | 'lost';
export const STAGE_CATEGORIES: readonly StageCategory[] = ['open', 'won', 'lost'];

export interface StageDraft {
  uid: string;
  key: string;
  /** The stage's key in the applied pipeline; null for a stage added in this session. */
  appliedKey: string | null;
  label: LabelDraft;
  probability: number;
  category: StageCategory;
  idleDays: number | null;
  required: string[];
  /** The gate's condition as the editor edits it: a group of all, empty for none. */
  condition: DraftGroup;
  /** A condition the editor cannot represent, kept verbatim; undefined when the editor owns the condition. */
  rawCondition: unknown;
  message: LabelDraft;
}

export interface PipelineDraft {
  key: string;
  /** The key in the applied definitions; null for a new pipeline. Keys are identities: they cannot change. */
  appliedKey: string | null;
  object: string;
  label: LabelDraft;
  isDefault: boolean;
  amountField: string;
  allowSkip: boolean;
  allowReopen: boolean;
  lostReasonRequired: boolean;
  stages: StageDraft[];
  rest: Record<string, unknown>;
}

type Doc = Record<string, unknown>;

const PIPELINE_OWN = [
  'x-pipeline',
  'x-object',
  'title',
  'x-label',
  'x-default',
  'x-amount-field',
  'x-allow-skip',
  'x-allow-reopen',
  'x-lost-reason-required',
  'stages',
];

export function newStageDraft(
  label: { en: string; zh: string } = { en: '', zh: '' },
  key = '',
  category: StageCategory = 'open',
  probability = 10,
): StageDraft {
  return {
    uid: rowId('stage'),
    key,
    appliedKey: null,
    label: labelDraft(label),
    probability,
    category,
    idleDays: null,
    required: [],
    condition: newDraftGroup('all', []),
    rawCondition: undefined,
    message: labelDraft({}),
  };
}

export function newPipelineDraft(object: string, isDefault: boolean): PipelineDraft {
  return {
    key: '',
    appliedKey: null,
    object,
    label: labelDraft({}),
    isDefault,
    amountField: '',
    allowSkip: true,
    allowReopen: false,
    lostReasonRequired: false,
    stages: [
      newStageDraft({ en: 'New', zh: '新建' }, 'new', 'open', 10),
      newStageDraft({ en: 'Won', zh: '赢单' }, 'won', 'won', 100),
      newStageDraft({ en: 'Lost', zh: '输单' }, 'lost', 'lost', 0),
    ],
    rest: {},
  };
}

function stageFromDocument(doc: Doc, fields: ConditionFields): StageDraft {
  const gate = (doc['gate'] ?? {}) as Doc;
  const parsed = parseLogic(gate['condition'], fields);
  const key = String(doc['key'] ?? '');
  return {
    uid: rowId('stage'),
    key,
    appliedKey: key,
    label: labelDraft(doc['label']),
    probability: typeof doc['probability'] === 'number' ? doc['probability'] : 0,
    category: STAGE_CATEGORIES.includes(doc['category'] as StageCategory) ? (doc['category'] as StageCategory) : 'open',
    idleDays: typeof doc['idleDays'] === 'number' ? doc['idleDays'] : null,
    required: Array.isArray(gate['required']) ? (gate['required'] as string[]) : [],
    condition: parsed ? (toDraft(parsed) as DraftGroup) : newDraftGroup('all', []),
    rawCondition: parsed ? undefined : gate['condition'],
    message: labelDraft(gate['message']),
  };
}

/** @param fields the fields of the pipeline's object that gates can test */
export function pipelineFromDocument(doc: Doc, fields: ConditionFields): PipelineDraft {
  const key = String(doc['x-pipeline'] ?? '');
  return {
    key,
    appliedKey: key,
    object: String(doc['x-object'] ?? ''),
    label: labelDraft(doc['x-label'], typeof doc['title'] === 'string' ? doc['title'] : ''),
    isDefault: doc['x-default'] === true,
    amountField: typeof doc['x-amount-field'] === 'string' ? doc['x-amount-field'] : '',
    allowSkip: doc['x-allow-skip'] !== false,
    allowReopen: doc['x-allow-reopen'] === true,
    lostReasonRequired: doc['x-lost-reason-required'] === true,
    stages: Array.isArray(doc['stages']) ? (doc['stages'] as Doc[]).map((s) => stageFromDocument(s, fields)) : [],
    rest: Object.fromEntries(Object.entries(doc).filter(([k]) => !PIPELINE_OWN.includes(k))),
  };
}

/** The stage's gate condition as json-logic: the editor's (undefined while it is not complete), or the one it could not show. */
export const stageCondition = (stage: StageDraft, fields: ConditionFields['fields']): unknown =>
  stage.rawCondition !== undefined ? stage.rawCondition : toLogic(stage.condition.items.length ? fromDraft(stage.condition) : null, fields);

export function stageToDocument(stage: StageDraft, fields: ConditionFields['fields']): Doc {
  const doc: Doc = { key: stage.key };
  const label = cleanLabels(stage.label);
  if (label) doc['label'] = label;
  doc['probability'] = stage.probability;
  doc['category'] = stage.category;
  if (stage.idleDays !== null && stage.idleDays > 0) doc['idleDays'] = stage.idleDays;
  const gate: Doc = {};
  if (stage.required.length) gate['required'] = [...stage.required];
  const condition = stageCondition(stage, fields);
  if (condition !== undefined) gate['condition'] = condition;
  const message = cleanLabels(stage.message);
  if (message) gate['message'] = message;
  if (Object.keys(gate).length) doc['gate'] = gate;
  return doc;
}

export function pipelineToDocument(draft: PipelineDraft, fields: ConditionFields['fields']): Doc {
  const doc: Doc = { 'x-pipeline': draft.key, 'x-object': draft.object };
  const label = cleanLabels(draft.label);
  if (label) {
    doc['title'] = label['en'] ?? label['zh'];
    doc['x-label'] = label;
  }
  if (draft.isDefault) doc['x-default'] = true;
  if (draft.amountField) doc['x-amount-field'] = draft.amountField;
  doc['x-allow-skip'] = draft.allowSkip;
  doc['x-allow-reopen'] = draft.allowReopen;
  doc['x-lost-reason-required'] = draft.lostReasonRequired;
  Object.assign(doc, draft.rest);
  doc['stages'] = draft.stages.map((s) => stageToDocument(s, fields));
  return doc;
}

export function moveStage(stages: StageDraft[], index: number, delta: number): void {
  const target = index + delta;
  if (target < 0 || target >= stages.length) return;
  const [moved] = stages.splice(index, 1);
  if (moved) stages.splice(target, 0, moved);
}
