import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@funnelcraft/kernel';
import { approvalUserRefs, objectsGatedByApproval } from './approval-model.js';
import { matchRules } from './rule-matching.js';
import { objectsWatchedByRules, type RuleDocument } from './rule-model.js';
import { validateDefinitions } from './validate-definitions.js';

const read = (dir: string, f: string) =>
  JSON.parse(readFileSync(new URL(`../../../schemas/examples/${dir}/${f}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const inDir = (dir: string) =>
  readdirSync(new URL(`../../../schemas/examples/${dir}/`, import.meta.url))
    .filter((f) => f.endsWith('.json'))
    .map((f) => read(dir, f));
const BASE = [...inDir('sales'), ...inDir('roles')];
const EXAMPLE = read('rules', 'won-approval.json');
const NOTE = {
  'x-rule': 'wonNote',
  'x-object': 'opportunity',
  trigger: { type: 'stage_changed', toCategory: 'won' },
  actions: [{ type: 'notify', to: 'owner', message: 'won' }],
};

function problems(...docs: Record<string, unknown>[]): { path: string; message: string }[] {
  try {
    validateDefinitions([...BASE, ...docs]);
  } catch (e) {
    expect((e as DomainError).code).toBe('INVALID_DEFINITION');
    return (e as DomainError).details;
  }
  throw new Error('expected the documents to be refused');
}

describe('approval rules', () => {
  it('takes the worked example; it shares no order with the rules that run after the write', () => {
    const model = validateDefinitions([...BASE, EXAMPLE, NOTE]);
    expect(objectsGatedByApproval(model.rules)).toEqual(new Set(['opportunity']));
    // Approval rules add no outbox event: only the ordinary rule makes the object watched.
    expect(objectsWatchedByRules(validateDefinitions([...BASE, EXAMPLE]).rules).size).toBe(0);
    expect(objectsWatchedByRules(model.rules)).toEqual(new Set(['opportunity']));
  });

  it('is matched only in the approval phase', () => {
    const model = validateDefinitions([...BASE, EXAMPLE, NOTE]);
    const e = {
      object: 'opportunity',
      kind: 'updated',
      record: { pipeline: 'newBusiness', stage: 'closed_won' },
      previous: { pipeline: 'newBusiness', stage: 'negotiation' },
      actorId: null,
      at: new Date(),
    };
    expect(matchRules(model, e, true).map((m) => m.rule.key)).toEqual(['wonApproval']);
    expect(matchRules(model, e).map((m) => m.rule.key)).toEqual(['wonNote']);
  });

  it('refuses unknown roles, a trigger that is no change, and other actions beside it', () => {
    const steps = (s: unknown[]) => ({ ...EXAMPLE, actions: [{ type: 'require_approval', steps: s }] });
    expect(problems(steps([{ role: 'ghost' }]))).toContainEqual({
      path: expect.stringMatching(/\.actions\[0\]\.steps\[0\]\.role$/),
      message: expect.stringMatching(/no role "ghost"/),
    });
    expect(problems({ ...EXAMPLE, trigger: { type: 'deleted' } })).toContainEqual(expect.objectContaining({ path: expect.stringMatching(/\.trigger\.type$/) }));
    expect(problems({ ...EXAMPLE, actions: [...(EXAMPLE['actions'] as unknown[]), NOTE.actions[0]] })).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/only action/) }),
    );
    // Built-in roles need no document.
    expect(() => validateDefinitions([...BASE, steps([{ role: 'admin' }, { role: 'member' }])])).not.toThrow();
  });

  it('names the users of its steps for the apply pipeline to check', () => {
    const doc = { ...EXAMPLE, actions: [{ type: 'require_approval', steps: [{ manager: true }, { users: ['u1', 'u2'] }] }] } as unknown as RuleDocument;
    expect(approvalUserRefs(doc, 'documents[3]')).toEqual([
      { path: 'documents[3].actions[0].steps[1].users[0]', id: 'u1' },
      { path: 'documents[3].actions[0].steps[1].users[1]', id: 'u2' },
    ]);
  });
});
