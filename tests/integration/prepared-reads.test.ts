/**
 * Reads run as named (prepared) statements: bounded per connection, and still right when a definition change
 * alters the type of a column a prepared statement returns (PostgreSQL: "cached plan must not change result type").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, latestVersion, listRecords, queryRead, type Pool } from '@funnelcraft/storage';
import { applyDocs, databaseUrl, modelOf, newTenant, testPool } from '../support/db.js';
import { objectDoc } from '../support/docs.js';

let setup: Pool;
// One connection, so every statement lands on the same PostgreSQL session.
let single: Pool;
beforeAll(async () => {
  setup = await testPool();
  single = createPool(databaseUrl(), 1);
});
afterAll(async () => {
  await single.end();
  await setup.end();
});

const preparedCount = async () => (await single.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements')).rows[0]!.n;

describe('prepared reads', () => {
  it('prepares a statement once per connection and reuses it', async () => {
    const before = await preparedCount();
    for (let i = 0; i < 5; i++) {
      const { rows } = await queryRead<{ n: number }>(single, 'SELECT $1::int * 2 AS n /* reuse */', [i]);
      expect(rows[0]!.n).toBe(i * 2);
    }
    expect(await preparedCount()).toBe(before + 1);
  });

  it('holds at most 200 statements per connection, deallocating the least recently used', async () => {
    for (let i = 0; i < 260; i++) {
      const { rows } = await queryRead<{ n: number }>(single, `SELECT $1::int + ${i} AS n /* bound */`, [1]);
      expect(rows[0]!.n).toBe(1 + i);
    }
    const held = await preparedCount();
    expect(held).toBeLessThanOrEqual(200);
    expect(held).toBeGreaterThan(150);
    const { rows } = await single.query<{ statement: string }>(`SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%/* bound */%'`);
    // The newest survive, the oldest went first.
    expect(rows.some((r) => r.statement.includes('+ 259 AS'))).toBe(true);
    expect(rows.some((r) => r.statement.includes('+ 0 AS'))).toBe(false);
  });

  it('re-prepares a read whose column changed type under it, instead of failing', async () => {
    const t = await newTenant(setup);
    const v1 = [objectDoc('part', { title: { 'x-kind': 'text' }, size: { 'x-kind': 'number' } })];
    await applyDocs(setup, t, v1);
    await setup.query(`INSERT INTO "${t.tenant.schema}".part (title, size) VALUES ('bolt', 5)`);
    const list = async (docs: unknown[]) => (await listRecords(single, t.tenant.schema, modelOf(docs).byName.get('part')!, { first: 10 })).rows;

    expect((await list(v1))[0]).toMatchObject({ title: 'bolt', size: 5 });
    const v2 = [objectDoc('part', { title: { 'x-kind': 'text' }, size: { 'x-kind': 'text' } })];
    await applyDocs(setup, t, v2);
    expect((await latestVersion(setup, t.tenant.id)).version).toBe(2);
    // The same SELECT text, now returning text: PostgreSQL refuses the old prepared statement; the read re-prepares.
    expect((await list(v2))[0]).toMatchObject({ title: 'bolt', size: '5' });
    expect((await list(v2))[0]).toMatchObject({ size: '5' });
  });
});
