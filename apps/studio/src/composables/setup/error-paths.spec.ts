import { describe, expect, it } from 'vitest';
import { pipelinesAfterFieldRenames, documentsAfterObjectRename } from './documents';
import { locateProblems } from './error-paths';

const account = { type: 'object', 'x-object': 'account', properties: {} };
const project = { type: 'object', 'x-object': 'project', properties: { budget: { 'x-kind': 'currency' } } };
const pipeline = {
  'x-pipeline': 'delivery',
  'x-object': 'project',
  'x-amount-field': 'budget',
  stages: [{ key: 'a', probability: 1, category: 'open', gate: { required: ['budget'], condition: { '>': [{ var: 'budget' }, 1] } } }],
};
const contact = { type: 'object', 'x-object': 'contact', properties: { project: { 'x-kind': 'lookup', 'x-target': 'project' } } };

describe('server problems, placed', () => {
  it('maps document positions in the merged set back to the request', () => {
    // The set the server validated: account, pipeline (project replaced), then the request: project, pipeline2.
    const applied = [account, project, pipeline];
    const request = [
      { ...project, title: 'Project' },
      { 'x-pipeline': 'other', 'x-object': 'project', stages: [] },
    ];
    const problems = locateProblems(
      [
        { path: 'documents[2].properties.budget.x-kind', message: 'bad kind' },
        { path: 'documents[2].x-plural', message: 'bad plural' },
        { path: 'documents[1].stages[0].gate.required', message: 'no field' },
        { path: 'project.budget', message: 'unsafe change' },
        { path: 'documents[9]', message: 'lost' },
      ],
      { applied, request, object: 'project' },
    );
    expect(problems.map((p) => p.target)).toEqual([
      { kind: 'field', field: 'budget' },
      { kind: 'document', keyword: 'x-plural' },
      { kind: 'other', document: 'delivery' },
      { kind: 'field', field: 'budget' },
      { kind: 'other', document: '' },
    ]);
  });

  it('places stage problems of the pipeline being designed', () => {
    const problems = locateProblems([{ path: 'documents[1].stages[0].gate.condition', message: 'invalid condition' }], {
      applied: [account, pipeline],
      request: [pipeline],
    });
    expect(problems[0]!.target).toEqual({ kind: 'stage', index: 0, keyword: 'gate.condition' });
  });
});

describe('renames across documents', () => {
  it('updates pipelines for renamed fields', () => {
    const [next] = pipelinesAfterFieldRenames([account, project, pipeline], 'project', new Map([['budget', 'amount']]));
    expect(next).toMatchObject({ 'x-amount-field': 'amount', stages: [{ gate: { required: ['amount'], condition: { '>': [{ var: 'amount' }, 1] } } }] });
    expect(pipelinesAfterFieldRenames([pipeline], 'project', new Map([['other', 'x']]))).toEqual([]);
  });

  it('updates pipelines and lookups for a renamed object', () => {
    const docs = documentsAfterObjectRename([account, project, pipeline, contact], 'project', 'engagement');
    expect(docs).toEqual([
      { ...pipeline, 'x-object': 'engagement' },
      { ...contact, properties: { project: { 'x-kind': 'lookup', 'x-target': 'engagement' } } },
    ]);
  });
});
