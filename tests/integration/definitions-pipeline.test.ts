import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, uuidv7 } from '@funnelcraft/kernel';
import { insertAttachment, insertView, latestVersion, listAttachments, listViews, versionHistory, type Pool } from '@funnelcraft/storage';
import { applyDocs, newTenant, ormOf, testPool, type TestTenant } from '../support/db.js';
import { objectDoc, salesModel } from '../support/docs.js';

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

const insert = (t: TestTenant, table: string, sql: string, values: unknown[] = []) => pool.query(`INSERT INTO "${t.tenant.schema}"."${table}" ${sql}`, values);

describe('definition pipeline', () => {
  it('creates one real table per object, a typed column per field, no enums, indexes on lookups', async () => {
    const t = await newTenant(pool);
    const result = await applyDocs(pool, t, salesModel());
    expect(result.applied).toBe(true);
    expect(result.version).toBe(1);
    const opp = await columns(t, 'opportunity');
    expect(opp).toMatchObject({
      id: 'uuid',
      created_at: 'timestamp with time zone',
      updated_at: 'timestamp with time zone',
      created_by: 'uuid',
      updated_by: 'uuid',
      owner_id: 'uuid',
      version: 'integer',
      deleted_at: 'timestamp with time zone',
      name: 'text',
      account: 'uuid',
      amount: 'numeric',
      amount_currency: 'text',
      close_date: 'date',
      stage: 'text',
      number: 'text',
    });
    const { rows: enums } = await pool.query(`SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typtype = 'e'`, [
      t.tenant.schema,
    ]);
    expect(enums).toHaveLength(0);
    const { rows: indexes } = await pool.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2', [
      t.tenant.schema,
      'contact',
    ]);
    expect(indexes.map((i) => i.indexdef).join('\n')).toMatch(/\(account\)/);
    const { rows: fks } = await pool.query(`SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = $1::regclass`, [
      `"${t.tenant.schema}".contact`,
    ]);
    expect(fks.length).toBeGreaterThanOrEqual(2); // account lookup and owner
  });

  it('a dry run returns the plan and writes nothing', async () => {
    const t = await newTenant(pool);
    const plan = await applyDocs(pool, t, { documents: salesModel(), dryRun: true });
    expect(plan.applied).toBe(false);
    expect(plan.steps.map((s) => s.action)).toEqual(expect.arrayContaining(['create_object']));
    expect(plan.steps.find((s) => s.object === 'opportunity')?.sql.join('\n')).toMatch(/CREATE TABLE "tenant_[a-z0-9_]+"\."opportunity"/);
    expect((await latestVersion(pool, t.tenant.id)).version).toBe(0);
    const { rows } = await pool.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [t.tenant.schema]);
    expect(rows).toHaveLength(0);
  });

  it('applying the same documents again changes nothing', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, salesModel());
    const again = await applyDocs(pool, t, salesModel());
    expect(again).toMatchObject({ applied: false, version: 1, steps: [] });
  });

  it('renaming a field keeps its data, renaming an object keeps its rows', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, [objectDoc('deal', { title: { 'x-kind': 'text', 'x-unique': true }, size: { 'x-kind': 'number' } })]);
    await insert(t, 'deal', `(title, size) VALUES ('A', 1), ('B', 2)`);
    const renamed = await applyDocs(pool, t, [
      objectDoc('deal', { headline: { 'x-kind': 'text', 'x-unique': true, 'x-renamed-from': 'title' }, size: { 'x-kind': 'number' } }),
    ]);
    expect(renamed.steps.map((s) => s.action)).toEqual(['rename_field']);
    const { rows } = await pool.query(`SELECT headline FROM "${t.tenant.schema}".deal ORDER BY headline`);
    expect(rows.map((r) => r.headline)).toEqual(['A', 'B']);
    const moved = await applyDocs(pool, t, [
      objectDoc(
        'opportunity',
        { headline: { 'x-kind': 'text', 'x-unique': true }, size: { 'x-kind': 'number' } },
        { 'x-renamed-from': 'deal', 'x-plural': 'opportunities' },
      ),
    ]);
    expect(moved.steps.map((s) => s.action)).toEqual(['rename_object']);
    const { rows: after } = await pool.query(`SELECT count(*)::int AS n FROM "${t.tenant.schema}".opportunity`);
    expect(after[0].n).toBe(2);
    // The old name is free again: a new object may take it.
    const reuse = await applyDocs(pool, t, [objectDoc('deal', { title: { 'x-kind': 'text', 'x-unique': true } })]);
    expect(reuse.applied).toBe(true);
    // Stored documents keep no rename instructions.
    const stored = await latestVersion(pool, t.tenant.id);
    expect(JSON.stringify(stored.documents)).not.toContain('x-renamed-from');
  });

  it('renaming an object carries its saved views and attachments over, in the apply transaction (a dry run moves nothing)', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, [objectDoc('deal', { title: { 'x-kind': 'text' } })]);
    const {
      rows: [record],
    } = await insert(t, 'deal', `(title) VALUES ('A') RETURNING id`);
    const view = await insertView(ormOf(pool), {
      tenantId: t.tenant.id,
      ownerId: t.actor.userId,
      object: 'deal',
      name: 'Mine',
      shared: false,
      definition: { columns: ['title'] },
    });
    await insertAttachment(ormOf(pool), {
      id: uuidv7(),
      tenantId: t.tenant.id,
      object: 'deal',
      recordId: record.id,
      fileName: 'a.txt',
      contentType: 'text/plain',
      size: 1,
      uploadedBy: t.actor.userId,
    });
    const renamed = objectDoc('opportunity', { title: { 'x-kind': 'text' } }, { 'x-renamed-from': 'deal', 'x-plural': 'opportunities' });
    await applyDocs(pool, t, { documents: [renamed], dryRun: true });
    expect(await listViews(ormOf(pool), t.tenant.id, t.actor.userId, 'deal')).toHaveLength(1);
    await applyDocs(pool, t, [renamed]);
    expect(await listViews(ormOf(pool), t.tenant.id, t.actor.userId, 'deal')).toEqual([]);
    expect(await listViews(ormOf(pool), t.tenant.id, t.actor.userId, 'opportunity')).toEqual([expect.objectContaining({ id: view.id, name: 'Mine' })]);
    expect(await listAttachments(ormOf(pool), t.tenant.id, 'deal', record.id)).toEqual([]);
    expect(await listAttachments(ormOf(pool), t.tenant.id, 'opportunity', record.id)).toEqual([expect.objectContaining({ fileName: 'a.txt' })]);
  });

  it('deleting a field or an object needs confirmation, and the plan says how much would be lost', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, [
      objectDoc('deal', { title: { 'x-kind': 'text' }, notes: { 'x-kind': 'long_text' } }),
      objectDoc('memo', { body: { 'x-kind': 'text' } }),
    ]);
    await insert(t, 'deal', `(title, notes) VALUES ('A', 'x'), ('B', NULL), ('C', 'y')`);
    await insert(t, 'memo', `(body) VALUES ('1'), ('2'), ('3'), ('4')`);
    const withoutNotes = [objectDoc('deal', { title: { 'x-kind': 'text' } })];
    const plan = await applyDocs(pool, t, { documents: withoutNotes, dryRun: true });
    expect(plan.steps).toEqual([expect.objectContaining({ action: 'drop_field', field: 'notes', destructive: true, valuesLost: 2 })]);
    const refused = await rejection(applyDocs(pool, t, withoutNotes));
    expect(refused.code).toBe('CONFIRMATION_REQUIRED');
    expect(refused.details).toEqual([expect.objectContaining({ path: 'deal.notes', valuesLost: 2 })]);
    expect(await columns(t, 'deal')).toHaveProperty('notes');
    const done = await applyDocs(pool, t, { documents: withoutNotes, confirmDataLoss: true });
    expect(done.applied).toBe(true);
    expect(await columns(t, 'deal')).not.toHaveProperty('notes');

    const dropPlan = await applyDocs(pool, t, { documents: [], deleteObjects: ['memo'], dryRun: true });
    expect(dropPlan.steps).toEqual([expect.objectContaining({ action: 'drop_object', object: 'memo', valuesLost: 4 })]);
    expect((await rejection(applyDocs(pool, t, { documents: [], deleteObjects: ['memo'] }))).code).toBe('CONFIRMATION_REQUIRED');
    await applyDocs(pool, t, { documents: [], deleteObjects: ['memo'], confirmDataLoss: true });
    expect(await columns(t, 'memo')).toEqual({});
    expect((await rejection(applyDocs(pool, t, { documents: [], deleteObjects: ['ghost'] }))).code).toBe('NOT_FOUND');
  });

  it('converts number → text and text → number, naming the rows that do not convert', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, [objectDoc('item', { code: { 'x-kind': 'number' }, qty: { 'x-kind': 'text' } })]);
    await insert(t, 'item', `(code, qty) VALUES (12.5, ' 3 '), (7, 'seven'), (NULL, ''), (1, '1e3')`);
    const toText = await applyDocs(pool, t, [objectDoc('item', { code: { 'x-kind': 'text' }, qty: { 'x-kind': 'text' } })]);
    expect(toText.steps.map((s) => s.action)).toEqual(['change_kind']);
    expect((await columns(t, 'item'))['code']).toBe('text');

    const toNumber = [objectDoc('item', { code: { 'x-kind': 'text' }, qty: { 'x-kind': 'number' } })];
    const failed = await rejection(applyDocs(pool, t, toNumber));
    expect(failed.code).toBe('CONVERSION_FAILED');
    expect(failed.details[0]).toMatchObject({ path: 'item.qty', rows: [expect.objectContaining({ value: 'seven' })] });
    expect((await columns(t, 'item'))['qty']).toBe('text');
    expect((await latestVersion(pool, t.tenant.id)).version).toBe(2);

    await pool.query(`UPDATE "${t.tenant.schema}".item SET qty = '7' WHERE qty = 'seven'`);
    await applyDocs(pool, t, toNumber);
    const { rows } = await pool.query(`SELECT qty FROM "${t.tenant.schema}".item ORDER BY qty NULLS LAST`);
    expect(rows.map((r) => r.qty)).toEqual([3, 7, 1000, null]);
  });

  it('converts single → multi select, keeping values as one-element lists', async () => {
    const t = await newTenant(pool);
    const options = [{ value: 'a' }, { value: 'b' }];
    await applyDocs(pool, t, [objectDoc('thing', { tag: { 'x-kind': 'single_select', 'x-options': options } })]);
    await insert(t, 'thing', `(tag) VALUES ('a'), (NULL)`);
    await applyDocs(pool, t, [objectDoc('thing', { tag: { 'x-kind': 'multi_select', 'x-options': options } })]);
    const { rows } = await pool.query(`SELECT tag FROM "${t.tenant.schema}".thing ORDER BY tag NULLS LAST`);
    expect(rows.map((r) => r.tag)).toEqual([['a'], null]);
  });

  it('refuses unsafe type changes with the allowed ones, and applies nothing', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, [objectDoc('thing', { flag: { 'x-kind': 'boolean' }, title: { 'x-kind': 'text' } })]);
    const e = await rejection(
      applyDocs(pool, t, [objectDoc('thing', { flag: { 'x-kind': 'date' }, title: { 'x-kind': 'text' }, extra: { 'x-kind': 'text' } })]),
    );
    expect(e.code).toBe('UNSAFE_TYPE_CHANGE');
    expect(e.details[0]).toMatchObject({ path: 'thing.flag', from: 'boolean', to: 'date' });
    expect(await columns(t, 'thing')).not.toHaveProperty('extra');
  });

  it('adds fields to tables holding rows: defaults and auto numbers fill existing rows', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, [objectDoc('ticket', { title: { 'x-kind': 'text' } })]);
    await insert(t, 'ticket', `(title) VALUES ('a'), ('b')`);
    await applyDocs(pool, t, [
      objectDoc('ticket', {
        title: { 'x-kind': 'text' },
        priority: { 'x-kind': 'single_select', 'x-options': [{ value: 'low' }, { value: 'high' }], default: 'low' },
        ref: { 'x-kind': 'auto_number', 'x-format': 'T-{000}' },
      }),
    ]);
    const { rows } = await pool.query(`SELECT priority, ref FROM "${t.tenant.schema}".ticket ORDER BY ref`);
    expect(rows).toEqual([
      { priority: 'low', ref: 'T-001' },
      { priority: 'low', ref: 'T-002' },
    ]);
  });

  it('rejects bad definitions with details and applies none of them', async () => {
    const t = await newTenant(pool);
    const cases: [unknown[], string, RegExp][] = [
      [[{ type: 'object', 'x-object': 'thing', properties: { a: { 'x-kind': 'colour' } } }], 'documents[0].properties.a.x-kind', /allowed values/],
      [[{ type: 'object', 'x-object': 'x"; drop table y', properties: {} }], 'documents[0].x-object', /pattern/],
      [[objectDoc('thing', { 'x"; drop table y': { 'x-kind': 'text' } })], 'documents[0].properties', /is not a valid name/],
      [[objectDoc('thing', { id: { 'x-kind': 'text' } })], 'documents[0].properties.id', /reserved/],
      [[objectDoc('thing', { other: { 'x-kind': 'lookup', 'x-target': 'missing' } })], 'documents[0].properties.other.x-target', /unknown object/],
      [[{ type: 'object', 'x-object': 'thing', properties: { a: { 'x-kind': 'text', minLength: 'five' } } }], 'documents[0].properties.a.minLength', /integer/],
      [
        [objectDoc('thing', Object.fromEntries(Array.from({ length: 1600 }, (_, i) => [`f${i}`, { 'x-kind': 'text' }])))],
        'documents[0].properties',
        /at most 1600/,
      ],
    ];
    for (const [docs, path, message] of cases) {
      const e = await rejection(applyDocs(pool, t, docs));
      expect(e.code).toBe('INVALID_DEFINITION');
      expect(
        e.details.find((d) => d.path.startsWith(path) && message.test(d.message)),
        JSON.stringify(e.details),
      ).toBeDefined();
    }
    expect((await latestVersion(pool, t.tenant.id)).version).toBe(0);
  });

  it('keeps every applied version with who applied it and when', async () => {
    const t = await newTenant(pool);
    await applyDocs(pool, t, [objectDoc('a', { x: { 'x-kind': 'text' } })]);
    await applyDocs(pool, t, [objectDoc('a', { x: { 'x-kind': 'text', title: 'Ex' } })]);
    const history = await versionHistory(ormOf(pool), t.tenant.id, 10);
    expect(history.map((h) => h.version)).toEqual([2, 1]);
    expect(history[0]).toMatchObject({ appliedBy: t.actor.userId, appliedByEmail: t.email });
    expect(history[0]!.plan).toEqual([expect.objectContaining({ action: 'update_metadata' })]);
  });

  it('serializes concurrent applies for one tenant', async () => {
    const t = await newTenant(pool);
    const results = await Promise.all([
      applyDocs(pool, t, [objectDoc('one', { x: { 'x-kind': 'text' } })]),
      applyDocs(pool, t, [objectDoc('two', { x: { 'x-kind': 'text' } })]),
    ]);
    expect(results.map((r) => r.version).sort()).toEqual([1, 2]);
    const latest = await latestVersion(pool, t.tenant.id);
    expect(latest.documents.map((d) => d['x-object']).sort()).toEqual(['one', 'two']);
  });
});

describe('field order', () => {
  it('is kept as written, and a change of order alone is applied as a new version', async () => {
    const t = await newTenant(pool);
    const fields = { zeta: { 'x-kind': 'text' }, alpha: { 'x-kind': 'number' }, middleName: { 'x-kind': 'text' } } as const;
    await applyDocs(pool, t, [objectDoc('thing', { ...fields })]);
    const stored = await latestVersion(pool, t.tenant.id);
    expect(Object.keys((stored.documents[0] as { properties: object }).properties)).toEqual(['zeta', 'alpha', 'middleName']);
    const reordered = await applyDocs(pool, t, [objectDoc('thing', { alpha: fields.alpha, middleName: fields.middleName, zeta: fields.zeta })]);
    expect(reordered).toMatchObject({ applied: true, version: 2, steps: [expect.objectContaining({ action: 'update_metadata' })] });
    expect(reordered.model.byName.get('thing')!.fields.map((f) => f.name)).toEqual(['alpha', 'middleName', 'zeta']);
  });
});
