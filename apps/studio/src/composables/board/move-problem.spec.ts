import { describe, expect, it } from 'vitest';
import { GraphqlError } from '../../api/graphql-client';
import type { FieldMeta, ObjectMeta, PipelineMeta, StageMeta } from '../../api/operations';
import { describeMoveProblem, gateFixFields } from './move-problem';

const GATE = { en: 'A proposal needs an amount and a close date', zh: '报价阶段需要金额和预计成交日期' };
const stage = (key: string, index: number, extra: Partial<StageMeta> = {}): StageMeta => ({
  key,
  label: { en: key.toUpperCase(), zh: `阶段${index}` },
  probability: 10 * index,
  category: 'open',
  idleDays: null,
  index,
  gate: null,
  ...extra,
});
const STAGES = [
  stage('prospecting', 0),
  stage('proposal', 1, { gate: { required: ['amount', 'closeDate'], message: GATE } }),
  stage('won', 2, { category: 'won' }),
  stage('lost', 3, { category: 'lost' }),
];
const FIELDS: FieldMeta[] = [
  { name: 'amount', kind: 'currency', label: { en: 'Amount', zh: '金额' }, required: false },
  { name: 'closeDate', kind: 'date', label: { en: 'Close date', zh: '预计成交日期' }, required: false },
];

describe('describeMoveProblem', () => {
  it('names each missing field of a gate by its labels, with the gate’s own message', () => {
    const error = new GraphqlError('STAGE_GATE_BLOCKED', 'blocked', [
      { path: 'amount', message: 'is required to enter proposal' },
      { path: 'closeDate', message: 'is required to enter proposal' },
    ]);
    const problem = describeMoveProblem(error, 'Deal', STAGES[1]!, STAGES, FIELDS);
    expect(problem).toMatchObject({
      kind: 'blocked',
      code: 'STAGE_GATE_BLOCKED',
      record: 'Deal',
      gateMessage: GATE,
      target: { labels: STAGES[1]!.label, fallback: 'proposal' },
    });
    expect(problem.items).toEqual([
      { path: 'amount', key: 'required', field: { labels: { en: 'Amount', zh: '金额' }, fallback: 'amount' } },
      { path: 'closeDate', key: 'required', field: { labels: { en: 'Close date', zh: '预计成交日期' }, fallback: 'closeDate' } },
    ]);
  });

  it('explains a missing lost reason and a failed condition (with the condition’s labels when the server sends them)', () => {
    const label = { en: 'Deals start at 1,000', zh: '至少 1,000' };
    const error = new GraphqlError('STAGE_GATE_BLOCKED', 'blocked', [
      { path: 'lostReason', message: 'a reason is required' },
      { path: 'condition', message: 'Deals start at 1,000', label },
    ]);
    expect(describeMoveProblem(error, 'Deal', STAGES[3]!, STAGES, FIELDS).items).toEqual([
      { path: 'lostReason', key: 'lostReason' },
      { path: 'condition', key: 'condition', text: { labels: label, fallback: 'Deals start at 1,000' } },
    ]);
  });

  it('tells a refused skip from a refused reopening, naming the stage by its labels', () => {
    const skip = new GraphqlError('STAGE_MOVE_REFUSED', 'no skipping', [
      { path: 'stage', message: 'skips proposal', from: 'prospecting', to: 'won', next: 'proposal' },
    ]);
    expect(describeMoveProblem(skip, 'Deal', STAGES[2]!, STAGES, FIELDS)).toMatchObject({
      kind: 'refused',
      items: [{ key: 'noSkip', stage: { labels: STAGES[1]!.label, fallback: 'proposal' } }],
    });
    const reopen = new GraphqlError('STAGE_MOVE_REFUSED', 'closed', [{ path: 'stage', message: 'cannot leave won stage won', from: 'won', to: 'prospecting' }]);
    expect(describeMoveProblem(reopen, 'Deal', STAGES[0]!, STAGES, FIELDS).items).toEqual([
      { path: 'stage', key: 'closed', stage: { labels: STAGES[2]!.label, fallback: 'won' } },
    ]);
  });

  it('reports a stale version as a conflict, and anything else with the server’s words', () => {
    expect(describeMoveProblem(new GraphqlError('CONFLICT', 'stale'), 'Deal', STAGES[0]!, STAGES, FIELDS)).toMatchObject({ kind: 'conflict', items: [] });
    expect(describeMoveProblem(new GraphqlError('NETWORK_ERROR', 'offline'), 'Deal', STAGES[0]!, STAGES, FIELDS)).toMatchObject({
      kind: 'failed',
      items: [{ key: 'server', text: 'offline' }],
    });
    expect(describeMoveProblem(new Error('boom'), 'Deal', STAGES[0]!, STAGES, FIELDS)).toMatchObject({ kind: 'failed', code: 'BAD_RESPONSE' });
  });

  it('offers the missing fields (and a lost reason) to fill in, and nothing for a condition or a refused skip', () => {
    const meta: ObjectMeta = {
      name: 'opportunity',
      plural: 'opportunities',
      label: {},
      pluralLabel: {},
      displayField: 'amount',
      fields: FIELDS,
      pipelines: [{ key: 'p', stages: STAGES } as PipelineMeta],
    };
    const blocked = new GraphqlError('STAGE_GATE_BLOCKED', 'blocked', [
      { path: 'closeDate', message: 'is required' },
      { path: 'lostReason', message: 'is required' },
      { path: 'condition', message: 'amount >= 1000' },
    ]);
    expect(gateFixFields(describeMoveProblem(blocked, 'Deal', STAGES[1]!, STAGES, FIELDS), meta).map((f) => f.name)).toEqual(['closeDate', 'lostReason']);
    const condition = new GraphqlError('STAGE_GATE_BLOCKED', 'blocked', [{ path: 'condition', message: 'amount >= 1000' }]);
    expect(gateFixFields(describeMoveProblem(condition, 'Deal', STAGES[1]!, STAGES, FIELDS), meta)).toEqual([]);
    const skip = new GraphqlError('STAGE_MOVE_REFUSED', 'skip', [{ path: 'stage', message: 'no skipping', next: 'proposal' }]);
    expect(gateFixFields(describeMoveProblem(skip, 'Deal', STAGES[2]!, STAGES, FIELDS), meta)).toEqual([]);
  });
});
