import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantModel } from '@funnelcraft/definitions';
import { DomainError } from '@funnelcraft/kernel';
import { createRecords, moveRecord } from '@funnelcraft/records';
import { latestVersion, stageHistoryOf, type Pool } from '@funnelcraft/storage';
import { applyDocs, newTenant, recordContext, testPool, type TestTenant } from '../support/db.js';
import { objectDoc } from '../support/docs.js';

let pool: Pool;
beforeAll(async () => {
  pool = await testPool();
});
afterAll(() => pool.end());

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

async function columns(t: TestTenant, table: string): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ column_name: string; data_type: string }>(
    'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
    [t.tenant.schema, table],
  );
  return Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
}

const STAGE_COLUMNS = {
  pipeline: 'text',
  stage: 'text',
  probability: 'numeric',
  stage_entered_at: 'timestamp with time zone',
  closed_on: 'date',
  outcome: 'text',
  lost_reason: 'text',
};
const withoutStageColumns = (cols: Record<string, string>) => Object.fromEntries(Object.entries(cols).filter(([c]) => !(c in STAGE_COLUMNS)));

const dealDoc = (extra: Record<string, Record<string, unknown> & { 'x-kind': string }> = {}, more: Record<string, unknown> = {}) =>
  objectDoc(
    'deal',
    {
      title: { 'x-kind': 'text' },
      amount: { 'x-kind': 'currency' },
      seats: { 'x-kind': 'number' },
      closeDate: { 'x-kind': 'date' },
      ...extra,
    },
    { required: ['title'], ...more },
  );

type Stage = { key: string; probability: number; category: 'open' | 'won' | 'lost'; gate?: Record<string, unknown>; idleDays?: number };
const SALES_STAGES: Stage[] = [
  { key: 'lead', probability: 10, category: 'open' },
  { key: 'qualified', probability: 30, category: 'open' },
  { key: 'proposal', probability: 60, category: 'open', gate: { required: ['amount'] } },
  { key: 'won', probability: 100, category: 'won' },
  { key: 'lost', probability: 0, category: 'lost' },
];
/** A pipeline of deal; `sales` is the default one unless said otherwise (an object with several needs one). */
const pipelineDoc = (key: string, extra: Record<string, unknown> = {}, stages: Stage[] = SALES_STAGES) => ({
  'x-pipeline': key,
  'x-object': 'deal',
  'x-amount-field': 'amount',
  stages,
  ...(key === 'sales' ? { 'x-default': true } : {}),
  ...extra,
});

const insertDeals = (t: TestTenant, titles: string[]) => pool.query(`INSERT INTO "${t.tenant.schema}".deal (title) SELECT unnest($1::text[])`, [titles]);

const historyCount = async (t: TestTenant): Promise<number> =>
  (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.tenant.schema}".stage_history`)).rows[0]!.n;

describe('pipeline definitions', () => {
  it('the first pipeline of an object adds its stage columns, an index and the stage history table', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, [dealDoc()]);
    const before = await columns(t, 'deal');
    expect(before).not.toHaveProperty('stage');

    const result = await applyDocs(pool, t, [pipelineDoc('sales')]);
    expect(result.applied).toBe(true);
    expect(result.version).toBe(2);
    expect(result.steps.map((s) => [s.action, s.object])).toEqual([['enable_pipelines', 'deal']]);
    expect(await columns(t, 'deal')).toEqual({ ...before, ...STAGE_COLUMNS });

    const { rows: indexes } = await pool.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2', [
      t.tenant.schema,
      'deal',
    ]);
    expect(indexes.map((i) => i.indexdef)).toContainEqual(expect.stringMatching(/\(pipeline, stage, stage_entered_at\)$/));
    expect(await columns(t, 'stage_history')).toEqual({
      id: 'uuid',
      object: 'text',
      record_id: 'uuid',
      pipeline: 'text',
      from_stage: 'text',
      to_stage: 'text',
      moved_at: 'timestamp with time zone',
      moved_by: 'uuid',
      amount: 'numeric',
      currency: 'text',
      days_in_previous: 'numeric',
    });
    expect(result.model.byName.get('deal')?.pipelines.map((p) => p.key)).toEqual(['sales']);
  });

  it('a second pipeline on the same object is metadata only', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, [dealDoc(), pipelineDoc('sales')]);
    const before = await columns(t, 'deal');
    const result = await applyDocs(pool, t, [
      pipelineDoc('renewals', {}, [
        { key: 'due', probability: 50, category: 'open' },
        { key: 'renewed', probability: 100, category: 'won' },
        { key: 'churned', probability: 0, category: 'lost' },
      ]),
    ]);
    expect(result.applied).toBe(true);
    expect(result.steps).toEqual([expect.objectContaining({ action: 'update_pipeline', object: 'deal', sql: [], destructive: false })]);
    expect(await columns(t, 'deal')).toEqual(before);
    expect(
      result.model.byName
        .get('deal')
        ?.pipelines.map((p) => p.key)
        .sort(),
    ).toEqual(['renewals', 'sales']);
    const stored = await latestVersion(pool, t.tenant.id);
    expect(stored.documents.map((d) => d['x-pipeline'] ?? d['x-object']).sort()).toEqual(['deal', 'renewals', 'sales']);
  });

  it('existing records start in the first stage of the default pipeline when the first pipeline arrives', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, [dealDoc()]);
    await insertDeals(t, ['A', 'B', 'C']);
    const renewals = pipelineDoc('renewals', { 'x-default': true }, [
      { key: 'due', probability: 45, category: 'open' },
      { key: 'renewed', probability: 100, category: 'won' },
    ]);
    // The default is the second document: "first defined" must not win over x-default.
    await applyDocs(pool, t, [pipelineDoc('sales', { 'x-default': false }), renewals]);
    const { rows } = await pool.query(
      `SELECT title, pipeline, stage, probability, stage_entered_at IS NOT NULL AS entered, closed_on, outcome, lost_reason FROM "${t.tenant.schema}".deal ORDER BY title`,
    );
    expect(rows).toEqual(
      ['A', 'B', 'C'].map((title) => ({
        title,
        pipeline: 'renewals',
        stage: 'due',
        probability: 45,
        entered: true,
        closed_on: null,
        outcome: null,
        lost_reason: null,
      })),
    );
  });

  it('with several pipelines one must be the default, and existing and new records follow it', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, [dealDoc()]);
    await insertDeals(t, ['Existing']);
    const renewals = pipelineDoc('renewals', {}, [
      { key: 'due', probability: 45, category: 'open' },
      { key: 'renewed', probability: 100, category: 'won' },
    ]);
    const undecided = await applyDocs(pool, t, [pipelineDoc('sales', { 'x-default': false }), renewals]).then(
      () => undefined,
      (e: DomainError) => e,
    );
    expect(undecided).toBeInstanceOf(DomainError);
    expect(undecided!.code).toBe('INVALID_DEFINITION');
    expect(undecided!.details.map((d) => d.path)).toEqual(['documents[1].x-default', 'documents[2].x-default']);
    const { model } = await applyDocs(pool, t, [renewals, pipelineDoc('sales')]);
    const [created] = await createRecords(recordContext(pool, t, model), 'deal', [{ title: 'New' }]);
    const { rows } = await pool.query(`SELECT title, pipeline, stage FROM "${t.tenant.schema}".deal ORDER BY title`);
    expect(rows).toEqual([
      { title: 'Existing', pipeline: 'sales', stage: 'lead' },
      { title: 'New', pipeline: 'sales', stage: 'lead' },
    ]);
    expect(created).toMatchObject({ pipeline: 'sales', stage: 'lead' });
  });

  it('rejects invalid pipelines with INVALID_DEFINITION and the precise place, applying nothing', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, [dealDoc()]);
    const open = (key: string): Stage => ({ key, probability: 10, category: 'open' });
    const cases: [string, unknown[], string, RegExp][] = [
      [
        'stage keys collide',
        [dealDoc(), pipelineDoc('p', {}, [open('a'), open('b'), { key: 'a', probability: 100, category: 'won' }])],
        'documents[1].stages[2].key',
        /stage "a" appears twice/,
      ],
      [
        'gate with an unknown json-logic operator',
        [dealDoc(), pipelineDoc('p', {}, [open('a'), { ...open('b'), gate: { condition: { frobnicate: [{ var: 'seats' }, 1] } } }])],
        'documents[1].stages[1].gate.condition',
        /invalid condition: Operator "frobnicate" is not supported/,
      ],
      [
        'gate condition on an unknown field',
        [dealDoc(), pipelineDoc('p', {}, [open('a'), { ...open('b'), gate: { condition: { '>=': [{ var: 'budget' }, 1000] } } }])],
        'documents[1].stages[1].gate.condition',
        /invalid condition: Unknown field "budget"/,
      ],
      [
        'gate requiring an unknown field',
        [dealDoc(), pipelineDoc('p', {}, [open('a'), open('b'), { ...open('c'), gate: { required: ['amount', 'budget'] } }])],
        'documents[1].stages[2].gate.required',
        /"budget" is not a field of deal/,
      ],
      [
        'amount field that is not numeric',
        [dealDoc(), pipelineDoc('p', { 'x-amount-field': 'title' })],
        'documents[1].x-amount-field',
        /"title" is not a number or currency field of deal/,
      ],
      [
        'amount field that does not exist',
        [dealDoc(), pipelineDoc('p', { 'x-amount-field': 'budget' })],
        'documents[1].x-amount-field',
        /"budget" is not a number or currency field of deal/,
      ],
      ['pipeline on an unknown object', [dealDoc(), pipelineDoc('p', { 'x-object': 'ghost' })], 'documents[1].x-object', /no object "ghost"/],
      [
        'no open stage',
        [
          dealDoc(),
          pipelineDoc('p', {}, [
            { key: 'won', probability: 100, category: 'won' },
            { key: 'lost', probability: 0, category: 'lost' },
          ]),
        ],
        'documents[1].stages',
        /at least one open stage/,
      ],
      ['one pipeline key twice', [dealDoc(), pipelineDoc('p'), pipelineDoc('p')], 'documents[2].x-pipeline', /pipeline "p" is defined twice/],
      // Meta-schema errors place array items the ajv way (`stages.1`), as for object documents.
      [
        'a probability above 100',
        [dealDoc(), pipelineDoc('p', {}, [open('a'), { key: 'b', probability: 120, category: 'won' }])],
        'documents[1].stages.1.probability',
        /must be <= 100/,
      ],
      [
        'a category that does not exist',
        [dealDoc(), pipelineDoc('p', {}, [open('a'), { key: 'b', probability: 100, category: 'done' as 'won' }])],
        'documents[1].stages.1.category',
        /allowed values: open, won, lost/,
      ],
    ];
    for (const [what, docs, path, message] of cases) {
      const e = await rejection(applyDocs(pool, t, docs));
      expect(e.code, what).toBe('INVALID_DEFINITION');
      expect(
        e.details.find((d) => d.path === path && message.test(d.message)),
        `${what}: ${JSON.stringify(e.details)}`,
      ).toBeDefined();
    }
    expect((await latestVersion(pool, t.tenant.id)).version).toBe(1);
    expect(await columns(t, 'deal')).not.toHaveProperty('stage');
  });

  it('names the document of a second default pipeline', async () => {
    const t = await newTenant(pool);
    const e = await rejection(applyDocs(pool, t, [dealDoc(), pipelineDoc('a', { 'x-default': true }), pipelineDoc('b', { 'x-default': true })]));
    expect(e.code).toBe('INVALID_DEFINITION');
    expect(e.details).toEqual([{ path: 'documents[2].x-default', message: expect.stringMatching(/already has a default pipeline \(a\)/) }]);
    expect((await latestVersion(pool, t.tenant.id)).version).toBe(0);
  });

  it('refuses object fields named like the stage fields, at the field’s place in its document', async () => {
    const t = await newTenant(pool);
    for (const name of ['stage', 'probability', 'pipeline', 'lostReason']) {
      const e = await rejection(applyDocs(pool, t, [pipelineDoc('p'), dealDoc({ [name]: { 'x-kind': 'text' } })]));
      expect(e.code, name).toBe('INVALID_DEFINITION');
      expect(e.details, name).toEqual([
        { path: `documents[1].properties.${name}`, message: expect.stringMatching(new RegExp(`"${name}" is kept by the pipeline of deal`)) },
      ]);
    }
    // Without a pipeline the names are ordinary fields.
    expect((await applyDocs(pool, t, [dealDoc({ stage: { 'x-kind': 'text' } })])).applied).toBe(true);
    const e = await rejection(applyDocs(pool, t, [pipelineDoc('p')]));
    expect(e.details).toEqual([{ path: 'documents[0].properties.stage', message: expect.stringMatching(/kept by the pipeline/) }]);
    expect((await latestVersion(pool, t.tenant.id)).version).toBe(1);
  });

  it('refuses object fields named like the fields a pipeline adds to the API (isIdle, stageHistory)', async () => {
    const t = await newTenant(pool);
    for (const name of ['isIdle', 'stageHistory']) {
      const e = await rejection(applyDocs(pool, t, [dealDoc({ [name]: { 'x-kind': 'text' } }), pipelineDoc('p')]));
      expect(e.code, name).toBe('INVALID_DEFINITION');
      expect(
        e.details.map((d) => d.path),
        name,
      ).toEqual([`documents[0].properties.${name}`]);
    }
    expect((await latestVersion(pool, t.tenant.id)).version).toBe(0);
  });

  describe('with records standing in stages', () => {
    async function salesTenant(): Promise<{ t: TestTenant; model: TenantModel; ids: string[] }> {
      const t = await newTenant(pool);
      const { model } = await applyDocs(pool, t, [
        dealDoc(),
        pipelineDoc('sales', { 'x-default': true }),
        pipelineDoc('renewals', {}, [
          { key: 'due', probability: 50, category: 'open' },
          { key: 'renewed', probability: 100, category: 'won' },
        ]),
      ]);
      const rows = await createRecords(recordContext(pool, t, model), 'deal', [
        { title: 'In lead' },
        { title: 'In proposal', stage: 'proposal', amount: { amount: 100 } },
        { title: 'Also in proposal', stage: 'proposal', amount: { amount: 200 } },
        { title: 'Renewal', pipeline: 'renewals' },
      ]);
      return { t, model, ids: rows.map((r) => r['id'] as string) };
    }
    const withoutProposal = SALES_STAGES.filter((s) => s.key !== 'proposal');

    it('removing a stage that records stand in is refused, naming them, and succeeds once they are moved', async () => {
      const { t, model, ids } = await salesTenant();
      const [, inProposal, alsoInProposal] = ids as [string, string, string];
      const e = await rejection(applyDocs(pool, t, [pipelineDoc('sales', {}, withoutProposal)]));
      expect(e.code).toBe('CONVERSION_FAILED');
      expect(e.details).toHaveLength(1);
      expect(e.details[0]!.message).toMatch(/records stand in removed stages of sales; move them first: 2 row\(s\)/);
      expect(e.details[0]!['rows']).toEqual([inProposal, alsoInProposal].sort().map((id) => ({ id, value: 'proposal' })));
      expect((await latestVersion(pool, t.tenant.id)).version).toBe(1);

      const ctx = recordContext(pool, t, model);
      await moveRecord(ctx, 'deal', inProposal, 1, { stage: 'qualified' });
      const stillOne = await rejection(applyDocs(pool, t, [pipelineDoc('sales', {}, withoutProposal)]));
      expect(stillOne.details[0]!['rows']).toEqual([{ id: alsoInProposal, value: 'proposal' }]);
      await moveRecord(ctx, 'deal', alsoInProposal, 1, { stage: 'lost' });

      const done = await applyDocs(pool, t, [pipelineDoc('sales', {}, withoutProposal)]);
      expect(done.applied).toBe(true);
      expect(done.steps).toEqual([expect.objectContaining({ action: 'update_pipeline', object: 'deal', sql: [] })]);
      expect(done.model.pipelines.get('sales')?.stages.map((s) => s.key)).toEqual(['lead', 'qualified', 'won', 'lost']);
      const { rows } = await pool.query(`SELECT title, stage FROM "${t.tenant.schema}".deal ORDER BY title`);
      expect(rows).toEqual([
        { title: 'Also in proposal', stage: 'lost' },
        { title: 'In lead', stage: 'lead' },
        { title: 'In proposal', stage: 'qualified' },
        { title: 'Renewal', stage: 'due' },
      ]);
    });

    it('names the object (not a dangling "deal.") as the place of refused stage removals', async () => {
      const { t } = await salesTenant();
      const e = await rejection(applyDocs(pool, t, [pipelineDoc('sales', {}, withoutProposal)]));
      expect(e.details.map((d) => d.path)).toEqual(['deal']);
    });

    it('deleting a pipeline records follow is refused while another remains, and the last one needs confirmDataLoss', async () => {
      const { t, model, ids } = await salesTenant();
      const renewal = ids[3]!;
      const refused = await rejection(applyDocs(pool, t, { documents: [], deletePipelines: ['renewals'] }));
      expect(refused.code).toBe('CONVERSION_FAILED');
      expect(refused.details[0]!['rows']).toEqual([{ id: renewal, value: 'due' }]);
      await moveRecord(recordContext(pool, t, model), 'deal', renewal, 1, { pipeline: 'sales', stage: 'lead' });
      const removed = await applyDocs(pool, t, { documents: [], deletePipelines: ['renewals'] });
      expect(removed.steps.map((s) => s.action)).toEqual(['update_pipeline']);
      expect(removed.model.byName.get('deal')?.pipelines.map((p) => p.key)).toEqual(['sales']);

      const withColumns = await columns(t, 'deal');
      const plan = await applyDocs(pool, t, { documents: [], deletePipelines: ['sales'], dryRun: true });
      expect(plan.steps).toEqual([expect.objectContaining({ action: 'disable_pipelines', object: 'deal', destructive: true, valuesLost: 4 })]);
      const needsConfirmation = await rejection(applyDocs(pool, t, { documents: [], deletePipelines: ['sales'] }));
      expect(needsConfirmation.code).toBe('CONFIRMATION_REQUIRED');
      expect(needsConfirmation.details).toEqual([expect.objectContaining({ path: 'deal', valuesLost: 4 })]);
      expect(await columns(t, 'deal')).toEqual(withColumns);

      const done = await applyDocs(pool, t, { documents: [], deletePipelines: ['sales'], confirmDataLoss: true });
      expect(done.applied).toBe(true);
      expect(await columns(t, 'deal')).toEqual(withoutStageColumns(withColumns));
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.tenant.schema}".deal`);
      expect(rows[0]!.n).toBe(4);
      expect(done.model.pipelines.size).toBe(0);
      expect((await rejection(applyDocs(pool, t, { documents: [], deletePipelines: ['sales'] }))).code).toBe('NOT_FOUND');
    });

    it('renaming the object keeps its records’ stages and their stage history', async () => {
      const { t, model, ids } = await salesTenant();
      await moveRecord(recordContext(pool, t, model), 'deal', ids[0]!, 1, { stage: 'qualified' });
      const before = await stageHistoryOf(pool, t.tenant.schema, 'deal', ids);
      expect(before).toHaveLength(5);
      const historyRows = await historyCount(t);

      const renamed = { ...dealDoc(), 'x-object': 'opportunity', 'x-plural': 'opportunities', 'x-renamed-from': 'deal' };
      const repointed = [
        pipelineDoc('sales', { 'x-object': 'opportunity', 'x-default': true }),
        pipelineDoc('renewals', { 'x-object': 'opportunity' }, [
          { key: 'due', probability: 50, category: 'open' },
          { key: 'renewed', probability: 100, category: 'won' },
        ]),
      ];
      const result = await applyDocs(pool, t, [renamed, ...repointed]);
      expect(result.steps.map((s) => s.action)).toContain('rename_object');
      expect(result.steps.map((s) => s.action)).not.toContain('enable_pipelines');
      expect(result.steps.map((s) => s.action)).not.toContain('disable_pipelines');

      const { rows } = await pool.query(`SELECT title, pipeline, stage FROM "${t.tenant.schema}".opportunity ORDER BY title`);
      expect(rows).toEqual([
        { title: 'Also in proposal', pipeline: 'sales', stage: 'proposal' },
        { title: 'In lead', pipeline: 'sales', stage: 'qualified' },
        { title: 'In proposal', pipeline: 'sales', stage: 'proposal' },
        { title: 'Renewal', pipeline: 'renewals', stage: 'due' },
      ]);
      const after = await stageHistoryOf(pool, t.tenant.schema, 'opportunity', ids);
      expect(after).toEqual(before.map((h) => ({ ...h, object: 'opportunity' })));
      expect(await stageHistoryOf(pool, t.tenant.schema, 'deal', ids)).toEqual([]);
      expect(await historyCount(t)).toBe(historyRows);
    });

    it('after renaming an object with pipelines, its old name can be taken by a new object with a pipeline', async () => {
      const { t } = await salesTenant();
      const renamed = { ...dealDoc(), 'x-object': 'opportunity', 'x-plural': 'opportunities', 'x-renamed-from': 'deal' };
      await applyDocs(pool, t, [
        renamed,
        pipelineDoc('sales', { 'x-object': 'opportunity', 'x-default': true }),
        pipelineDoc('renewals', { 'x-object': 'opportunity' }, [
          { key: 'due', probability: 50, category: 'open' },
          { key: 'renewed', probability: 100, category: 'won' },
        ]),
      ]);
      const reuse = await applyDocs(pool, t, [dealDoc(), pipelineDoc('dealFlow')]);
      expect(reuse.applied).toBe(true);
      expect(await columns(t, 'deal')).toMatchObject(STAGE_COLUMNS);
    });
  });
});
