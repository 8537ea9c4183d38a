import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newPipelineDraft, pipelineFromDocument, pipelineToDocument } from './pipeline-draft';

const example = JSON.parse(readFileSync(new URL('../../../../../schemas/examples/sales/pipeline-new-business.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('pipeline drafts', () => {
  it('round-trips the worked example', () => {
    expect(pipelineToDocument(pipelineFromDocument(example))).toEqual(example);
  });

  it('keeps a condition the builder cannot show, verbatim', () => {
    const condition = { '>': [{ '*': [{ var: 'amount' }, 2] }, 10] };
    const doc = { ...example, stages: [{ key: 'a', probability: 10, category: 'open', gate: { condition } }, { key: 'b', probability: 100, category: 'won' }] };
    const draft = pipelineFromDocument(doc);
    expect(draft.stages[0]!.rawCondition).toEqual(condition);
    expect(pipelineToDocument(draft)).toEqual(doc);
  });

  it('starts a new pipeline with an open, a won and a lost stage', () => {
    const draft = newPipelineDraft('project', true);
    draft.key = 'delivery';
    const doc = pipelineToDocument(draft) as { stages: { key: string; category: string }[] };
    expect(doc).toMatchObject({ 'x-pipeline': 'delivery', 'x-object': 'project', 'x-default': true });
    expect(doc.stages.map((s) => [s.key, s.category])).toEqual([['new', 'open'], ['won', 'won'], ['lost', 'lost']]);
  });
});
