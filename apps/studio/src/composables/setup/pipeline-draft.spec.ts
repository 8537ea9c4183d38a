import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FieldMeta } from '../../api/operations';
import type { FilterOperatorId } from '../../fields/filters/operators';
import { newPipelineDraft, pipelineFromDocument, pipelineToDocument } from './pipeline-draft';

const example = JSON.parse(readFileSync(new URL('../../../../../schemas/examples/sales/pipeline-new-business.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

const fields: FieldMeta[] = [{ name: 'amount', kind: 'currency', label: { en: 'Amount' }, required: false }];
const gateFields = { fields, operatorsOf: (): FilterOperatorId[] => ['gte', 'lt'] };
const read = (doc: Record<string, unknown>) => pipelineFromDocument(doc, gateFields);
const write = (draft: ReturnType<typeof read>) => pipelineToDocument(draft, fields);

describe('pipeline drafts', () => {
  it('round-trips the worked example', () => {
    expect(write(read(example))).toEqual(example);
  });

  it('keeps a condition the builder cannot show, verbatim', () => {
    const condition = { '>': [{ '*': [{ var: 'amount' }, 2] }, 10] };
    const doc = {
      ...example,
      stages: [
        { key: 'a', probability: 10, category: 'open', gate: { condition } },
        { key: 'b', probability: 100, category: 'won' },
      ],
    };
    const draft = read(doc);
    expect(draft.stages[0]!.rawCondition).toEqual(condition);
    expect(write(draft)).toEqual(doc);
  });

  it('edits a gate the editor can show, and writes it back unchanged', () => {
    const condition = { or: [{ '>=': [{ var: 'amount' }, 1000] }, { '!': { '<': [{ var: 'amount' }, 10] } }] };
    const doc = {
      ...example,
      stages: [
        { key: 'a', probability: 10, category: 'open', gate: { condition } },
        { key: 'b', probability: 100, category: 'won' },
      ],
    };
    const draft = read(doc);
    expect(draft.stages[0]!.rawCondition).toBeUndefined();
    expect(draft.stages[0]!.condition.items).toHaveLength(2);
    expect(write(draft)).toEqual(doc);
    // An operator the amount's editor does not offer: kept verbatim.
    const other = { ...doc, stages: [{ ...doc.stages[0]!, gate: { condition: { '==': [{ var: 'amount' }, 5] } } }, doc.stages[1]!] };
    expect(read(other).stages[0]!.rawCondition).toEqual({ '==': [{ var: 'amount' }, 5] });
  });

  it('starts a new pipeline with an open, a won and a lost stage', () => {
    const draft = newPipelineDraft('project', true);
    draft.key = 'delivery';
    const doc = write(draft) as { stages: { key: string; category: string }[] };
    expect(doc).toMatchObject({ 'x-pipeline': 'delivery', 'x-object': 'project', 'x-default': true });
    expect(doc.stages.map((s) => [s.key, s.category])).toEqual([
      ['new', 'open'],
      ['won', 'won'],
      ['lost', 'lost'],
    ]);
  });
});
