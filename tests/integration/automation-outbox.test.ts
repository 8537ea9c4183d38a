/**
 * Automation events commit with their writes: every write of a watched object (create, bulk create,
 * update, move, delete, restore) adds its event in the write's own statement, with the values before it;
 * a write that fails or is rolled back leaves none, and objects no rule watches add none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantModel } from '@funnelcraft/definitions';
import {
  createRecord,
  createRecords,
  deleteRecord,
  inTransaction,
  moveRecord,
  restoreDeletedRecord,
  updateRecordVersioned,
  type RecordContext,
} from '@funnelcraft/records';
import type { Pool } from '@funnelcraft/storage';
import { applyDocs, newTenant, recordContext, testPool, type TestTenant } from '../support/db.js';
import { salesModel } from '../support/docs.js';

let pool: Pool;
let t: TestTenant;
let ctx: RecordContext;
let model: TenantModel;

const rule = { 'x-rule': 'watch', 'x-object': 'opportunity', trigger: { type: 'updated' }, actions: [{ type: 'notify', to: 'owner', message: '{{name}}' }] };

interface EventRow {
  kind: string;
  record_id: string;
  record: Record<string, unknown>;
  previous: Record<string, unknown> | null;
  depth: number;
  actor_id: string;
}
const events = async (): Promise<EventRow[]> =>
  (
    await pool.query<EventRow>(
      'SELECT kind, record_id, record, previous, depth, actor_id FROM platform.automation_events WHERE tenant_id = $1 ORDER BY created_at, id',
      [t.tenant.id],
    )
  ).rows;

beforeAll(async () => {
  pool = await testPool();
  t = await newTenant(pool);
  model = (await applyDocs(pool, t, [...salesModel(), rule])).model;
  ctx = recordContext(pool, t, model);
});
afterAll(() => pool.end());

describe('automation outbox', () => {
  it('adds one event per write of a watched object, with the values before it', async () => {
    const opp = await createRecord(ctx, 'opportunity', { name: 'Big deal' });
    const bulk = await createRecords(ctx, 'opportunity', [{ name: 'B1' }, { name: 'B2' }]);
    const renamed = await updateRecordVersioned(ctx, 'opportunity', String(opp['id']), Number(opp['version']), { name: 'Bigger deal' });
    const moved = await moveRecord(ctx, 'opportunity', String(opp['id']), Number(renamed['version']), { stage: 'qualification' });
    await deleteRecord(ctx, 'opportunity', String(bulk[0]!['id']));
    await restoreDeletedRecord(ctx, 'opportunity', String(bulk[0]!['id']));
    await createRecord(ctx, 'account', { name: 'Not watched' });
    const all = await events();
    expect(all.map((e) => e.kind)).toEqual(['created', 'created', 'created', 'updated', 'updated', 'deleted', 'restored']);
    const update = all[3]!;
    expect(update.record_id).toBe(opp['id']);
    expect(update.previous!['name']).toBe('Big deal');
    expect(update.record['name']).toBe('Bigger deal');
    expect(all[4]!.previous!['stage']).toBe('prospecting');
    expect(all[4]!.record['stage']).toBe(moved['stage']);
    expect(all[5]!.record['deletedAt']).not.toBeNull();
    expect(all[0]!.previous).toBeNull();
    expect(all.every((e) => e.actor_id === t.actor.userId && e.depth === 0)).toBe(true);
  });

  it('leaves no event for a write that fails or is rolled back', async () => {
    const before = (await events()).length;
    await createRecord(ctx, 'opportunity', { name: 'Committed' });
    const counted = (await events()).length;
    expect(counted).toBe(before + 1);
    await expect(
      inTransaction(ctx, async (tx) => {
        await createRecord(tx, 'opportunity', { name: 'Never committed' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const [row] = (
      await pool.query<{ id: string; version: number }>(
        `SELECT record_id AS id, (record->>'version')::int AS version FROM platform.automation_events WHERE tenant_id = $1 AND kind = 'created' LIMIT 1`,
        [t.tenant.id],
      )
    ).rows;
    await expect(updateRecordVersioned(ctx, 'opportunity', row!.id, 999, { name: 'stale' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await events()).length).toBe(counted);
  });
});
