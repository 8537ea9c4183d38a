/**
 * Rule documents through the one definition pipeline: the worked example applies and deletes like any
 * document; a rule naming a user the tenant does not have is refused with its path and nothing applied.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@funnelcraft/kernel';
import { latestVersion, type Pool } from '@funnelcraft/storage';
import { applyDocs, newTenant, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

const EXAMPLE = JSON.parse(readFileSync(new URL('../../../schemas/examples/rules/proposal-follow-up.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

let pool: Pool;
let t: TestTenant;

beforeAll(async () => {
  pool = await testPool();
  t = await newTenant(pool);
  await applyDocs(pool, t, salesModel());
});
afterAll(() => pool.end());

async function refusal(docs: unknown[]): Promise<DomainError> {
  const e = await applyDocs(pool, t, docs).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  expect((e as DomainError).code).toBe('INVALID_DEFINITION');
  return e as DomainError;
}

describe('rule documents', () => {
  it('applies the worked example, with a declared user, and deletes it', async () => {
    const applied = await applyDocs(pool, t, [{ ...EXAMPLE, runAs: t.actor.userId }]);
    expect(applied.applied).toBe(true);
    expect(applied.model.rules.get('proposalFollowUp')!.runAs).toBe(t.actor.userId);
    const removed = await applyDocs(pool, t, { documents: [], deleteDocuments: [{ kind: 'rule', name: 'proposalFollowUp' }] });
    expect(removed.model.rules.size).toBe(0);
  });

  it('refuses users the tenant does not have, naming the path; nothing is applied', async () => {
    const before = await latestVersion(pool, t.tenant.id);
    const ghost = '00000000-0000-4000-8000-000000000001';
    const e = await refusal([
      { ...EXAMPLE, runAs: ghost, actions: [{ type: 'create_task', subject: 'x', assignee: ghost }, ...(EXAMPLE['actions'] as unknown[])] },
    ]);
    expect(e.details.map((d) => d.path).sort()).toEqual(['documents[0].actions[0].assignee', 'documents[0].runAs']);
    expect((await latestVersion(pool, t.tenant.id)).version).toBe(before.version);
  });

  it('refuses a rule on a stage the object does not have, naming the path', async () => {
    const e = await refusal([{ ...EXAMPLE, trigger: { type: 'stage_changed', to: 'nirvana' } }]);
    // Paths count the merged set (applied documents first), as for every kind.
    expect(e.details.map((d) => d.path)).toEqual([expect.stringMatching(/^documents\[\d+\]\.trigger\.to$/)]);
  });
});
