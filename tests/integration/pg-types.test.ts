/**
 * The API's value shapes (numerics as numbers, timestamps as ISO strings with microseconds) come from the
 * records pool's own type parsers, on every kind of client it hands out, and do not leak into pg's global
 * parsers, which the ORM's connections fall back on.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRead, type Pool } from '@funnelcraft/storage';
import { ormOf, testPool } from '../support/db.js';

let pool: Pool;
beforeAll(async () => {
  pool = await testPool();
});
afterAll(() => pool.end());

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const SQL = `SELECT 1.25::numeric AS n, 9007199254740::int8 AS big, '2026-03-31 09:30:00.5+02'::timestamptz AS at, '2026-03-31'::date AS d`;
const API_SHAPE = { n: 1.25, big: 9007199254740, at: '2026-03-31T07:30:00.500000Z', d: '2026-03-31' };

describe('pg type parsers', () => {
  it('shape values on the pool, on a checked-out client (transactions, LISTEN) and on named statements', async () => {
    expect((await pool.query(SQL)).rows[0]).toEqual(API_SHAPE);
    const client = await pool.connect();
    try {
      expect((await client.query(SQL)).rows[0]).toEqual(API_SHAPE);
      expect((await client.query({ name: 'pg_types_test', text: SQL })).rows[0]).toEqual(API_SHAPE);
      expect((await client.query('SELECT now() AS t')).rows[0].t).toMatch(ISO);
    } finally {
      client.release();
    }
    expect((await queryRead(pool, SQL, [])).rows[0]).toEqual(API_SHAPE);
  });

  it('leave the process-global parsers and the ORM alone', async () => {
    expect(pg.types.getTypeParser(pg.types.builtins.NUMERIC)('1.25')).toBe('1.25');
    expect(pg.types.getTypeParser(pg.types.builtins.INT8)('12')).toBe('12');
    const [row] = await ormOf(pool).em.fork().execute(SQL);
    // The ORM's raw rows keep pg's defaults (text numerics, its own text timestamps): its types map them.
    expect(row).toMatchObject({ n: '1.25', big: '9007199254740', d: '2026-03-31' });
    expect(row!['at']).toBe('2026-03-31 07:30:00.5+00');
  });
});
