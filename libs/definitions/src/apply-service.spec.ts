import { describe, expect, it } from 'vitest';
import { DomainError, type Tenant } from '@funnelcraft/kernel';
import { DefinitionService, type ApplyRequest } from './apply-service.js';
import type { AppliedDefinitions, DefinitionStorage, DefinitionTransaction, PlanStepSummary } from './definition-storage.js';
import type { Change } from './diff.js';
import type { DefinitionDocument } from './model.js';

type Doc = Record<string, unknown>;
const obj = (name: string, properties: Doc, extra: Doc = {}): Doc => ({ type: 'object', 'x-object': name, properties, ...extra });
const pipeline = (key: string, object: string): Doc => ({
  'x-pipeline': key,
  'x-object': object,
  stages: [
    { key: 'open', probability: 10, category: 'open' },
    { key: 'won', probability: 100, category: 'won' },
  ],
});
const conversion = (key: string, object: string, target: string): Doc => ({
  'x-conversion': key,
  'x-object': object,
  targets: [{ key: 'account', object: target, map: { name: 'company' }, link: 'account' }],
});

const tenant: Tenant = { id: '00000000-0000-7000-8000-000000000001', slug: 't', name: 't', schema: 'tenant_t', currency: 'USD' } as Tenant;

/** The storage port in memory: versions in an array, each change planned as one step. */
class MemoryStorage implements DefinitionStorage {
  versions: AppliedDefinitions[] = [];
  executed: Change['action'][][] = [];
  transaction<T>(_t: Tenant, work: (tx: DefinitionTransaction) => Promise<T>): Promise<T> {
    const tx: DefinitionTransaction = {
      latest: async () => this.versions.at(-1) ?? { version: 0, documents: [] },
      plan: async (changes) => ({
        steps: changes.map((c): PlanStepSummary => ({
          action: c.action,
          object: c.object.name,
          description: c.action,
          sql: [],
          destructive: c.action === 'drop_object' || c.action === 'disable_pipelines',
        })),
        execute: async () => void this.executed.push(changes.map((c) => c.action)),
      }),
      unknownUsers: async () => [],
      unknownTeams: async () => [],
      recordVersion: async (v) => void this.versions.push({ version: v.version, documents: v.documents }),
    };
    return work(tx);
  }
}

const lead = obj('lead', { company: { 'x-kind': 'text' }, account: { 'x-kind': 'lookup', 'x-target': 'account' } });
const account = obj('account', { name: { 'x-kind': 'text' } });
const deal = obj('deal', { title: { 'x-kind': 'text' } });

async function setUp(): Promise<{ storage: MemoryStorage; service: DefinitionService; apply: (r: ApplyRequest) => ReturnType<DefinitionService['apply']> }> {
  const storage = new MemoryStorage();
  const service = new DefinitionService(storage);
  const apply = (r: ApplyRequest) => service.apply(tenant, null, r);
  await apply({ documents: [account, lead, deal, pipeline('sales', 'deal'), conversion('leadConversion', 'lead', 'account')] });
  return { storage, service, apply };
}

const kindsOf = (docs: DefinitionDocument[]) =>
  docs.map((d) => Object.keys(d).find((k) => ['x-pipeline', 'x-conversion'].includes(k)) ?? `object:${String(d['x-object'])}`);

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

describe('DefinitionService over a storage port', () => {
  it('deletes a conversion through deleteDocuments: the object stays, its conversion is gone', async () => {
    const { storage, apply } = await setUp();
    const result = await apply({ documents: [], deleteDocuments: [{ kind: 'conversion', name: 'leadConversion' }] });
    expect(result.applied).toBe(true);
    expect(result.model.conversions.size).toBe(0);
    expect(result.model.byName.has('lead')).toBe(true);
    expect(result.steps.map((s) => `${s.action} ${s.object}`)).toEqual(['update_metadata lead']);
    expect(kindsOf(storage.versions.at(-1)!.documents)).not.toContain('x-conversion');
  });

  it('deleting an object takes the documents that belong to it (its pipelines) along; deleteObjects is the same operation', async () => {
    const { apply } = await setUp();
    const plan = await apply({ documents: [], deleteObjects: ['deal'], dryRun: true });
    expect(plan.model.pipelines.size).toBe(0);
    expect(plan.steps.map((s) => s.action)).toEqual(['drop_object']);
    const general = await apply({ documents: [], deleteDocuments: [{ kind: 'object', name: 'deal' }], dryRun: true });
    expect(general.hash).toBe(plan.hash);
  });

  it('refuses an unknown kind (BAD_USER_INPUT) and a document that is not defined (NOT_FOUND), with paths, and writes nothing', async () => {
    const { storage, apply } = await setUp();
    const badKind = await rejection(apply({ documents: [], deleteDocuments: [{ kind: 'gadget', name: 'x' }] }));
    expect(badKind.code).toBe('BAD_USER_INPUT');
    expect(badKind.details).toEqual([expect.objectContaining({ path: 'deleteDocuments[0].kind' })]);
    const missing = await rejection(apply({ documents: [], deleteDocuments: [{ kind: 'conversion', name: 'ghost' }], deletePipelines: ['sales', 'nope'] }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.details.map((d) => d.path)).toEqual(['deleteDocuments[0]', 'deletePipelines.nope']);
    expect(storage.versions).toHaveLength(1);
  });

  it('asks for confirmation before a destructive plan runs, and a dry run executes nothing', async () => {
    const { storage, apply } = await setUp();
    await apply({ documents: [], deleteObjects: ['deal'], dryRun: true });
    const refused = await rejection(apply({ documents: [], deleteObjects: ['deal'] }));
    expect(refused.code).toBe('CONFIRMATION_REQUIRED');
    expect(storage.executed).toHaveLength(1); // only the first apply
    await apply({ documents: [], deleteObjects: ['deal'], confirmDataLoss: true });
    expect(storage.executed.at(-1)).toEqual(['drop_object']);
    expect(storage.versions.at(-1)!.version).toBe(2);
  });
});
