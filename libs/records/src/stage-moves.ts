/**
 * Moving records through their pipeline. For a create or an update that sets `pipeline` or `stage`, this works
 * out the target stage, refuses moves the pipeline restricts (skips, reopening closed records, lost without
 * a reason), checks the target stage's gate against the record as it would be after the write, and returns
 * the stage columns to write and the history row to add (written by the caller in the same transaction).
 */
import { defaultPipeline, type ObjectModel, type PipelineModel, type StageModel } from '@funnelcraft/definitions';
import { evaluate, isTruthy } from '@funnelcraft/expressions';
import { bareRecord, DomainError, ErrorCode, validationFailed, type Actor, type ErrorDetail } from '@funnelcraft/kernel';
import type { ColumnValues, Row, StageHistoryEntry } from '@funnelcraft/storage';
import type { RecordInput } from './record-validation.js';

export const STAGE_INPUT_FIELDS = ['pipeline', 'stage', 'probability', 'lostReason'] as const;

export const touchesStage = (o: ObjectModel, input: RecordInput): boolean => o.pipelines.length > 0 && STAGE_INPUT_FIELDS.some((f) => input[f] !== undefined);

export interface StageChange {
  columns: ColumnValues;
  /** Present when the record enters a stage; recordId is filled in by the caller. */
  history?: Omit<StageHistoryEntry, 'recordId'>;
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** The record as expressions see it: a currency value is its amount (as in SQL). */
function expressionView(record: Record<string, unknown>): Record<string, unknown> {
  const out = bareRecord<unknown>();
  for (const [k, v] of Object.entries(record))
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && 'amount' in v ? (v as { amount: unknown }).amount : v;
  return out;
}

function pipelineOf(o: ObjectModel, key: unknown): PipelineModel {
  const p = key === undefined || key === null ? defaultPipeline(o.pipelines) : o.pipelines.find((x) => x.key === key);
  if (!p)
    throw validationFailed(`Unknown pipeline ${JSON.stringify(key)} for ${o.name}`, [
      { path: 'pipeline', message: `allowed: ${o.pipelines.map((x) => x.key).join(', ')}` },
    ]);
  return p;
}

function stageOf(p: PipelineModel, key: unknown): StageModel {
  const s = typeof key === 'string' ? p.stageByKey.get(key) : undefined;
  if (!s)
    throw validationFailed(`Unknown stage ${JSON.stringify(key)} in pipeline ${p.key}`, [
      { path: 'stage', message: `allowed: ${p.stages.map((x) => x.key).join(', ')}` },
    ]);
  return s;
}

const refuse = (message: string, details: ErrorDetail[]) => new DomainError(ErrorCode.StageMoveRefused, message, details);

function checkRestrictions(p: PipelineModel, from: StageModel, to: StageModel, actor: Actor): void {
  if (from.category !== 'open' && to.key !== from.key && !p.allowReopen && !actor.roles.includes('admin')) {
    throw refuse(`Records in "${from.key}" are closed; only an admin may move them back`, [
      { path: 'stage', message: `cannot leave ${from.category} stage ${from.key}`, from: from.key, to: to.key },
    ]);
  }
  if (!p.allowSkip && from.category === 'open' && to.category !== 'lost' && to.index > from.index + 1) {
    const next = p.stages[from.index + 1]!;
    throw refuse(`Pipeline ${p.key} does not allow skipping stages: from "${from.key}" the next is "${next.key}"`, [
      {
        path: 'stage',
        message: `skips ${p.stages
          .slice(from.index + 1, to.index)
          .map((s) => s.key)
          .join(', ')}`,
        from: from.key,
        to: to.key,
        next: next.key,
      },
    ]);
  }
}

function checkGate(p: PipelineModel, to: StageModel, after: Record<string, unknown>): void {
  const problems: ErrorDetail[] = [];
  for (const field of to.gate?.required ?? []) {
    if (isEmpty(after[field])) problems.push({ path: field, message: `is required to enter ${to.key}`, keyword: 'required' });
  }
  if (to.category === 'lost' && p.lostReasonRequired && isEmpty(after['lostReason'])) {
    problems.push({ path: 'lostReason', message: `a reason is required to mark it ${to.key}`, keyword: 'required' });
  }
  if (to.gate?.condition !== undefined && !problems.length && !isTruthy(evaluate(to.gate.condition, expressionView(after)))) {
    problems.push({
      path: 'condition',
      message: to.gate.message?.['en'] ?? `the condition to enter ${to.key} does not hold`,
      keyword: 'condition',
      label: to.gate.message ?? null,
    });
  }
  if (problems.length) {
    const summary = to.gate?.message?.['en'] ?? `Cannot enter ${to.key}`;
    throw new DomainError(ErrorCode.StageGateBlocked, `${summary}: ${problems.map((x) => `${x.path} ${x.message}`).join('; ')}`, problems);
  }
}

/** The amount at the moment of the move; a currency value written without its code has the field's or tenant's. */
function amountOf(
  o: ObjectModel,
  p: PipelineModel,
  record: Record<string, unknown>,
  tenantCurrency: string,
): { amount: number | null; currency: string | null } {
  const v = p.amountField ? record[p.amountField] : undefined;
  if (v && typeof v === 'object' && 'amount' in v) {
    const money = v as { amount: number; currency?: string };
    return { amount: money.amount, currency: money.currency ?? o.fieldsByName.get(p.amountField!)?.currency ?? tenantCurrency };
  }
  return { amount: typeof v === 'number' ? v : null, currency: null };
}

/**
 * @param current the stored record (API-shaped), or null when creating
 * @returns the columns to write, or null when nothing about the stage changes
 */
export function planStageChange(
  o: ObjectModel,
  current: Row | null,
  input: RecordInput,
  actor: Actor,
  tenantCurrency: string,
  now = new Date(),
): StageChange | null {
  if (!o.pipelines.length) return null;
  const pipelineChanged = input['pipeline'] !== undefined && input['pipeline'] !== current?.['pipeline'];
  const p = pipelineOf(o, input['pipeline'] ?? current?.['pipeline']);
  const targetKey = input['stage'] ?? (pipelineChanged || !current ? p.stages[0]!.key : current['stage']);
  const to = stageOf(p, targetKey);
  if (!isEmpty(input['lostReason']) && to.category !== 'lost') {
    throw validationFailed(`A lost reason belongs to a lost stage; "${to.key}" is ${to.category}`, [
      {
        path: 'lostReason',
        message: `only in a lost stage (${p.stages
          .filter((x) => x.category === 'lost')
          .map((x) => x.key)
          .join(', ')})`,
        keyword: 'lostStage',
      },
    ]);
  }
  const entering = !current || pipelineChanged || to.key !== current['stage'];
  const columns: ColumnValues = {};
  if (input['probability'] !== undefined) columns['probability'] = input['probability'];
  if (input['lostReason'] !== undefined) columns['lost_reason'] = input['lostReason'];
  if (!entering) return Object.keys(columns).length ? { columns } : null;

  const from = current && !pipelineChanged ? p.stageByKey.get(current['stage'] as string) : undefined;
  if (from) checkRestrictions(p, from, to, actor);
  if (current && pipelineChanged) {
    // Leaving a won or lost stage by switching pipelines is reopening all the same: the old pipeline's rule holds.
    const old = o.pipelines.find((x) => x.key === current['pipeline']);
    const oldStage = old?.stageByKey.get(current['stage'] as string);
    if (old && oldStage && oldStage.category !== 'open' && !old.allowReopen && !actor.roles.includes('admin')) {
      throw refuse(`Records in "${oldStage.key}" are closed; only an admin may move them to another pipeline`, [
        { path: 'pipeline', message: `cannot leave ${oldStage.category} stage ${oldStage.key}`, from: oldStage.key },
      ]);
    }
  }
  const after: Record<string, unknown> = Object.assign(bareRecord(), current, input);
  checkGate(p, to, after);
  const enteredAt = current?.['stageEnteredAt'];
  Object.assign(columns, {
    pipeline: p.key,
    stage: to.key,
    probability: input['probability'] ?? to.probability,
    stage_entered_at: now.toISOString(),
    closed_on: to.category === 'open' ? null : now.toISOString().slice(0, 10),
    outcome: to.category === 'open' ? null : to.category,
    lost_reason: to.category === 'lost' ? (after['lostReason'] ?? null) : null,
  });
  return {
    columns,
    history: {
      object: o.name,
      pipeline: p.key,
      fromStage: current && !pipelineChanged ? (current['stage'] as string | null) : null,
      toStage: to.key,
      movedBy: actor.userId,
      ...amountOf(o, p, after, tenantCurrency),
      daysInPrevious: typeof enteredAt === 'string' ? (now.getTime() - Date.parse(enteredAt)) / 86_400_000 : null,
    },
  };
}
