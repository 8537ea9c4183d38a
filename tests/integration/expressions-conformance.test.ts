/**
 * One table of json-logic cases, run through both back ends: in memory (json-logic-js with our overrides) and
 * compiled to SQL against real typed columns. For every case both must select the same rows, and those rows must
 * be the ones the case names. A disagreement is a bug in one back end, not a reason to drop the case.
 * libs/expressions/README.md says which semantics both follow where JavaScript and PostgreSQL differ.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileCondition,
  compileExpression,
  evaluate,
  isTruthy,
  SqlParams,
  SUPPORTED_OPERATORS,
  type SqlVariable,
  type ValueType,
} from '@funnelcraft/expressions';
import { DomainError, quoteIdent, toSnake } from '@funnelcraft/kernel';
import type { Pool } from '@funnelcraft/storage';
import { testPool, uniqueSlug } from '../support/db.js';

const v = (name: string) => ({ var: name });
const uuid = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

/** Variables the expressions may read: API name → value type; the column is the snake_case of the name. */
const VARIABLES = new Map<string, { type: ValueType; sqlType: string }>([
  ['name', { type: 'text', sqlType: 'text' }],
  ['note', { type: 'text', sqlType: 'text' }],
  ['amount', { type: 'number', sqlType: 'numeric' }],
  ['qty', { type: 'number', sqlType: 'numeric' }],
  ['active', { type: 'boolean', sqlType: 'boolean' }],
  ['closeDate', { type: 'date', sqlType: 'date' }],
  ['seenAt', { type: 'datetime', sqlType: 'timestamptz' }],
  ['ref', { type: 'id', sqlType: 'uuid' }],
  ['tags', { type: 'textList', sqlType: 'text[]' }],
]);

interface Row {
  id: number;
  data: Record<string, unknown>;
}

const row = (
  id: number,
  name: unknown,
  note: unknown,
  amount: unknown,
  qty: unknown,
  active: unknown,
  closeDate: unknown,
  seenAt: unknown,
  ref: unknown,
  tags: unknown,
): Row => ({ id, data: { name, note, amount, qty, active, closeDate, seenAt, ref, tags } });

// prettier-ignore
const ROWS: Row[] = [
  //   id  name           note              amount    qty   active  closeDate     seenAt                        ref      tags
  row(1, 'Alpha',        'hello world',    100,      2,    true,   '2024-01-15', '2024-01-15T10:00:00.000Z', uuid(1), ['vip', 'eu']),
  row(2, 'beta',         '',               0,        0,    false,  '2023-12-31', '2023-12-31T23:59:59.000Z', uuid(2), []),
  row(3, null,           null,             null,     null, null,   null,         null,                       null,    null),
  row(4, 'GAMMA',        '50% off_now',    -25.5,    3,    true,   '2024-06-30', '2024-06-30T00:00:00.000Z', null,    ['us']),
  row(5, "O'Brien",      'C:\\temp\\new',  7,        -1,   false,  '2024-02-29', null,                       uuid(5), ['vip']),
  row(6, '',             'snake_case',     0.5,      5,    null,   null,         '2024-03-01T12:30:00.250Z', uuid(6), ['eu', 'apac']),
  row(7, 'Émile Zola',   '100%',           1000000,  null, true,   '2025-01-01', '2025-01-01T00:00:00.000Z', uuid(7), ['VIP']),
  row(8, 'alpha',        "it's 50/50",     100,      2,    false,  '2024-01-15', '2024-01-15T10:00:00.000Z', uuid(8), ['eu']),
];
const ALL = ROWS.map((r) => r.id);
const except = (...ids: number[]) => ALL.filter((id) => !ids.includes(id));

interface Case {
  name: string;
  logic: unknown;
  /** Row ids the condition must select (json-logic semantics, nulls as SQL would treat them). */
  rows: number[];
}

// prettier-ignore
const CASES: Case[] = [
  // ── equality ──
  { name: '== text literal', logic: { '==': [v('name'), 'Alpha'] }, rows: [1] },
  { name: '== text is case-sensitive', logic: { '==': [v('name'), 'alpha'] }, rows: [8] },
  { name: '== literal on the left', logic: { '==': ['Alpha', v('name')] }, rows: [1] },
  { name: '== empty string is not null', logic: { '==': [v('name'), ''] }, rows: [6] },
  { name: '== number', logic: { '==': [v('amount'), 100] }, rows: [1, 8] },
  { name: '== zero is not null', logic: { '==': [v('amount'), 0] }, rows: [2] },
  { name: '== negative decimal', logic: { '==': [v('amount'), -25.5] }, rows: [4] },
  { name: '== boolean true', logic: { '==': [v('active'), true] }, rows: [1, 4, 7] },
  { name: '== boolean false (null is not false)', logic: { '==': [v('active'), false] }, rows: [2, 5, 8] },
  { name: '== date', logic: { '==': [v('closeDate'), '2024-01-15'] }, rows: [1, 8] },
  { name: '== datetime written with milliseconds', logic: { '==': [v('seenAt'), '2024-01-15T10:00:00.000Z'] }, rows: [1, 8] },
  { name: '== datetime written without fraction', logic: { '==': [v('seenAt'), '2024-01-15T10:00:00Z'] }, rows: [1, 8] },
  { name: '== datetime with milliseconds', logic: { '==': [v('seenAt'), '2024-03-01T12:30:00.250Z'] }, rows: [6] },
  { name: '== uuid', logic: { '==': [v('ref'), uuid(5)] }, rows: [5] },
  { name: '== two text columns (null equals null)', logic: { '==': [v('name'), v('note')] }, rows: [3] },
  { name: '== two number columns (null equals null)', logic: { '==': [v('amount'), v('qty')] }, rows: [2, 3] },
  { name: '!= text includes nulls', logic: { '!=': [v('name'), 'Alpha'] }, rows: except(1) },
  { name: '!= number includes nulls', logic: { '!=': [v('amount'), 0] }, rows: except(2) },
  { name: '!= boolean includes nulls', logic: { '!=': [v('active'), true] }, rows: [2, 3, 5, 6, 8] },
  { name: '!= two columns', logic: { '!=': [v('amount'), v('qty')] }, rows: [1, 4, 5, 6, 7, 8] },
  { name: '=== number', logic: { '===': [v('qty'), 2] }, rows: [1, 8] },
  { name: '=== text with a quote', logic: { '===': [v('name'), "O'Brien"] }, rows: [5] },
  { name: '!== number', logic: { '!==': [v('qty'), 2] }, rows: except(1, 8) },
  { name: '!== date', logic: { '!==': [v('closeDate'), '2024-01-15'] }, rows: except(1, 8) },

  // ── ordering comparisons ──
  { name: '> number', logic: { '>': [v('amount'), 0] }, rows: [1, 5, 6, 7, 8] },
  { name: '>= number', logic: { '>=': [v('amount'), 0] }, rows: [1, 2, 5, 6, 7, 8] },
  { name: '< number', logic: { '<': [v('amount'), 0] }, rows: [4] },
  { name: '<= decimal', logic: { '<=': [v('amount'), 0.5] }, rows: [2, 4, 6] },
  { name: '> literal on the left', logic: { '>': [100, v('amount')] }, rows: [2, 4, 5, 6] },
  { name: '< two columns', logic: { '<': [v('qty'), v('amount')] }, rows: [1, 5, 8] },
  { name: '> date', logic: { '>': [v('closeDate'), '2024-01-31'] }, rows: [4, 5, 7] },
  { name: '<= date', logic: { '<=': [v('closeDate'), '2024-01-15'] }, rows: [1, 2, 8] },
  { name: '< datetime', logic: { '<': [v('seenAt'), '2024-01-01T00:00:00.000Z'] }, rows: [2] },
  { name: '>= datetime', logic: { '>=': [v('seenAt'), '2024-03-01T12:30:00.000Z'] }, rows: [4, 6, 7] },
  { name: '< datetime within the same second', logic: { '<': [v('seenAt'), '2024-01-15T10:00:00.500Z'] }, rows: [1, 2, 8] },
  { name: '>= datetime written with an offset', logic: { '>=': [v('seenAt'), '2024-03-01T13:30:00+01:00'] }, rows: [4, 6, 7] },
  { name: '< text (binary order, mixed case)', logic: { '<': [v('name'), 'b'] }, rows: [1, 4, 5, 6, 8] },
  { name: 'between < (exclusive)', logic: { '<': [0, v('amount'), 100] }, rows: [5, 6] },
  { name: 'between <= (inclusive)', logic: { '<=': [0, v('amount'), 100] }, rows: [1, 2, 5, 6, 8] },
  { name: 'between <= on dates', logic: { '<=': ['2024-01-01', v('closeDate'), '2024-03-31'] }, rows: [1, 5, 8] },
  { name: 'between < with a column bound', logic: { '<': [v('qty'), v('amount'), 1000000] }, rows: [1, 5, 8] },

  // ── comparisons with null ──
  { name: '== null', logic: { '==': [v('amount'), null] }, rows: [3] },
  { name: '== null on the left', logic: { '==': [null, v('name')] }, rows: [3] },
  { name: '!= null', logic: { '!=': [v('closeDate'), null] }, rows: [1, 2, 4, 5, 7, 8] },
  { name: '=== null on a list', logic: { '===': [v('tags'), null] }, rows: [3] },
  { name: '!== null on a uuid', logic: { '!==': [v('ref'), null] }, rows: [1, 2, 5, 6, 7, 8] },
  { name: '> null is never true', logic: { '>': [v('amount'), null] }, rows: [] },
  { name: '<= null on the left is never true', logic: { '<=': [null, v('amount')] }, rows: [] },
  { name: 'between with a null bound is never true', logic: { '<': [null, v('amount'), 100] }, rows: [] },

  // ── truthiness, and / or / ! / !! ──
  { name: 'bare text var (empty string is false)', logic: v('note'), rows: [1, 4, 5, 6, 7, 8] },
  { name: 'and of a boolean and a comparison', logic: { and: [v('active'), { '>': [v('amount'), 50] }] }, rows: [1, 7] },
  { name: 'and with one operand', logic: { and: [v('active')] }, rows: [1, 4, 7] },
  { name: 'and of two texts', logic: { and: [v('name'), v('note')] }, rows: [1, 4, 5, 7, 8] },
  { name: 'or of comparisons', logic: { or: [{ '==': [v('name'), 'beta'] }, { '<': [v('amount'), 0] }] }, rows: [2, 4] },
  { name: 'or of a number and a list (0 and [] are false)', logic: { or: [v('amount'), v('tags')] }, rows: [1, 4, 5, 6, 7, 8] },
  { name: '! boolean (null is false)', logic: { '!': v('active') }, rows: [2, 3, 5, 6, 8] },
  { name: '! text in array form', logic: { '!': [v('name')] }, rows: [3, 6] },
  { name: '! list (empty list is false)', logic: { '!': v('tags') }, rows: [2, 3] },
  { name: '!! number', logic: { '!!': [v('qty')] }, rows: [1, 4, 5, 6, 8] },
  { name: '!! date', logic: { '!!': [v('closeDate')] }, rows: [1, 2, 4, 5, 7, 8] },
  { name: '!! datetime', logic: { '!!': v('seenAt') }, rows: [1, 2, 4, 6, 7, 8] },
  { name: '!! uuid', logic: { '!!': [v('ref')] }, rows: [1, 2, 5, 6, 7, 8] },

  // ── in ──
  { name: 'in: text in a literal list', logic: { in: [v('name'), ['Alpha', 'GAMMA', 'nobody']] }, rows: [1, 4] },
  { name: 'in: number in a literal list', logic: { in: [v('amount'), [0, 7]] }, rows: [2, 5] },
  { name: 'in: date in a literal list', logic: { in: [v('closeDate'), ['2024-01-15', '2025-01-01']] }, rows: [1, 7, 8] },
  { name: 'in: uuid in a literal list', logic: { in: [v('ref'), [uuid(1), uuid(6)]] }, rows: [1, 6] },
  { name: 'in: empty literal list', logic: { in: [v('name'), []] }, rows: [] },
  { name: 'in: null in a list holding null', logic: { in: [v('name'), ['Alpha', null]] }, rows: [1, 3] },
  { name: 'not in: a list holding null excludes null', logic: { '!': { in: [v('name'), ['Alpha', null]] } }, rows: [2, 4, 5, 6, 7, 8] },
  { name: 'in: item in a text[] column', logic: { in: ['vip', v('tags')] }, rows: [1, 5] },
  { name: 'in: item in a text[] column is case-sensitive', logic: { in: ['VIP', v('tags')] }, rows: [7] },
  { name: 'in: another item in a text[] column', logic: { in: ['eu', v('tags')] }, rows: [1, 6, 8] },
  { name: 'in: substring of a text column', logic: { in: ['world', v('note')] }, rows: [1] },
  { name: 'in: a percent sign as substring', logic: { in: ['%', v('note')] }, rows: [4, 7] },

  // ── icontains / starts_with, and values that look like SQL or LIKE syntax ──
  { name: 'icontains ignores case (lower needle)', logic: { icontains: [v('name'), 'alp'] }, rows: [1, 8] },
  { name: 'icontains ignores case (upper needle)', logic: { icontains: [v('name'), 'GAM'] }, rows: [4] },
  { name: 'icontains ignores case beyond ASCII', logic: { icontains: [v('name'), 'émile'] }, rows: [7] },
  { name: 'icontains % is a literal percent', logic: { icontains: [v('note'), '%'] }, rows: [4, 7] },
  { name: 'icontains _ is a literal underscore', logic: { icontains: [v('note'), '_'] }, rows: [4, 6] },
  { name: 'icontains backslash is a literal backslash', logic: { icontains: [v('note'), '\\'] }, rows: [5] },
  { name: 'icontains a single quote', logic: { icontains: [v('name'), "'"] }, rows: [5] },
  { name: 'icontains text with a quote', logic: { icontains: [v('note'), "IT'S"] }, rows: [8] },
  { name: 'icontains empty string matches every non-null text', logic: { icontains: [v('note'), ''] }, rows: [1, 2, 4, 5, 6, 7, 8] },
  { name: 'starts_with is case-sensitive', logic: { starts_with: [v('name'), 'Al'] }, rows: [1] },
  { name: 'starts_with lower case', logic: { starts_with: [v('name'), 'al'] }, rows: [8] },
  { name: 'starts_with a literal percent', logic: { starts_with: [v('note'), '50%'] }, rows: [4] },
  { name: 'starts_with _ is not a wildcard', logic: { starts_with: [v('note'), '5_'] }, rows: [] },
  { name: 'starts_with a backslash path', logic: { starts_with: [v('note'), 'C:\\'] }, rows: [5] },
  { name: 'starts_with a quote', logic: { starts_with: [v('name'), "O'"] }, rows: [5] },
  { name: '== a value that looks like SQL', logic: { '==': [v('name'), "x'; DROP TABLE items; --"] }, rows: [] },

  // ── arithmetic inside comparisons ──
  { name: '+ of two columns', logic: { '>': [{ '+': [v('amount'), v('qty')] }, 100] }, rows: [1, 8] },
  { name: '- of two columns', logic: { '==': [{ '-': [v('amount'), v('qty')] }, 98] }, rows: [1, 8] },
  { name: 'unary -', logic: { '<': [{ '-': [v('amount')] }, 0] }, rows: [1, 5, 6, 7, 8] },
  { name: '* of three operands', logic: { '>=': [{ '*': [v('amount'), v('qty'), 2] }, 400] }, rows: [1, 8] },
  { name: '* by a decimal compares exactly (money)', logic: { '==': [{ '*': [v('amount'), 1.1] }, 110] }, rows: [1, 8] },
  { name: '/ of two columns', logic: { '==': [{ '/': [v('amount'), v('qty')] }, 50] }, rows: [1, 8] },
  { name: '/ by zero is null', logic: { '==': [{ '/': [v('amount'), v('qty')] }, null] }, rows: [2, 3, 7] },
  { name: '/ by literal zero compares false', logic: { '>': [{ '/': [v('amount'), 0] }, 0] }, rows: [] },
  { name: '% of a null is null, not 0', logic: { '==': [{ '%': [v('qty'), 2] }, 0] }, rows: [1, 2, 8] },
  { name: '% by zero compares false', logic: { '==': [{ '%': [v('amount'), v('qty')] }, 0] }, rows: [1, 5, 8] },
  { name: '% of a negative keeps the sign', logic: { '<': [{ '%': [v('amount'), 3] }, 0] }, rows: [4] },

  // ── if, cat, min, max ──
  { name: 'if as a condition', logic: { if: [v('active'), { '>': [v('amount'), 50] }, { '<': [v('amount'), 0] }] }, rows: [1, 7] },
  { name: 'if with else-if chain', logic: { '==': [{ if: [{ '<': [v('amount'), 0] }, 'negative', { '==': [v('amount'), 0] }, 'zero', 'positive'] }, 'positive'] }, rows: [1, 3, 5, 6, 7, 8] },
  { name: '?: picks a text by truthiness', logic: { '?:': [v('active'), v('name'), v('note')] }, rows: [1, 4, 5, 6, 7, 8] },
  { name: 'cat of text and number', logic: { '==': [{ cat: [v('name'), '-', v('qty')] }, 'Alpha-2'] }, rows: [1] },
  { name: 'cat of nulls is empty', logic: { '==': [{ cat: [v('name'), v('note')] }, ''] }, rows: [3] },
  { name: 'cat of a date', logic: { starts_with: [{ cat: [v('closeDate'), ' ', v('name')] }, '2024-01-15 '] }, rows: [1, 8] },
  { name: 'cat then icontains', logic: { icontains: [{ cat: [v('name'), ' ', v('note')] }, 'A H'] }, rows: [1] },
  { name: 'cat of a boolean', logic: { '==': [{ cat: ['active:', v('active')] }, 'active:true'] }, rows: [1, 4, 7] },
  { name: 'min ignores nulls like SQL LEAST', logic: { '<': [{ min: [v('amount'), v('qty')] }, 1] }, rows: [2, 4, 5, 6] },
  { name: 'max ignores nulls like SQL GREATEST', logic: { '==': [{ max: [v('qty'), -5] }, -5] }, rows: [3, 7] },
  { name: 'max of two columns', logic: { '>=': [{ max: [v('amount'), v('qty')] }, 3] }, rows: [1, 4, 5, 6, 7, 8] },

  // ── nested combinations ──
  { name: 'and(or(...), !in list column)', logic: { and: [{ or: [{ '==': [v('name'), 'Alpha'] }, { icontains: [v('name'), 'gam'] }] }, { '!': { in: ['us', v('tags')] } }] }, rows: [1] },
  { name: 'or(and(...), !date)', logic: { or: [{ and: [v('active'), { '>': [v('amount'), 0] }] }, { '!': v('closeDate') }] }, rows: [1, 3, 6, 7] },
  { name: '!and(in list column, date <=)', logic: { '!': { and: [{ in: ['eu', v('tags')] }, { '<=': [v('closeDate'), '2024-01-31'] }] } }, rows: [2, 3, 4, 5, 6, 7] },
  { name: 'if(in list column, arithmetic, == false)', logic: { if: [{ in: ['vip', v('tags')] }, { '>=': [{ '*': [v('amount'), v('qty')] }, 200] }, { '==': [v('active'), false] }] }, rows: [1, 2, 8] },
];

interface ValueCase {
  name: string;
  logic: unknown;
}

const VALUE_CASES: ValueCase[] = [
  { name: '+', logic: { '+': [v('amount'), v('qty')] } },
  { name: '-', logic: { '-': [v('amount'), v('qty')] } },
  { name: 'unary -', logic: { '-': [v('amount')] } },
  { name: '* by a literal', logic: { '*': [v('amount'), 2] } },
  { name: '/ (by zero is null)', logic: { '/': [v('amount'), v('qty')] } },
  { name: '% (by zero and of null is null)', logic: { '%': [v('amount'), v('qty')] } },
  { name: 'min of a column and a null column', logic: { min: [v('amount'), v('qty')] } },
  { name: 'if picking a number', logic: { if: [v('active'), v('amount'), 0] } },
  { name: 'cat of text, number and literals', logic: { cat: [v('name'), ' (', v('qty'), ')'] } },
  { name: 'cat of a date', logic: { cat: ['Due ', v('closeDate')] } },
  { name: 'cat of a computed number', logic: { cat: ['Total: ', { '*': [v('qty'), 1.5] }] } },
];

const resolve = (name: string): SqlVariable | undefined => {
  const known = VARIABLES.get(name);
  return known ? { sql: `t.${quoteIdent(toSnake(name))}`, type: known.type } : undefined;
};

/** Every operator used anywhere in an expression. */
function operatorsOf(logic: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(logic)) logic.forEach((l) => operatorsOf(l, into));
  else if (logic !== null && typeof logic === 'object') {
    for (const [op, arg] of Object.entries(logic)) {
      into.add(op);
      operatorsOf(arg, into);
    }
  }
  return into;
}

function refusal(logic: unknown): unknown {
  try {
    compileCondition(logic, { resolve, params: new SqlParams() });
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('json-logic: in-memory and SQL back ends agree', () => {
  let pool: Pool;
  /** The rows as the platform reads them back (what the in-memory back end is given for a record). */
  let loaded: Row[] = [];
  const memoryMatches = (logic: unknown): number[] => loaded.filter((r) => isTruthy(evaluate(logic, r.data))).map((r) => r.id);
  const schema = uniqueSlug('conformance');
  const table = `${quoteIdent(schema)}.${quoteIdent('items')}`;

  beforeAll(async () => {
    pool = await testPool();
    const columns = [...VARIABLES].map(([name, { sqlType }]) => `${quoteIdent(toSnake(name))} ${sqlType}`);
    await pool.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    await pool.query(`CREATE TABLE ${table} (id integer PRIMARY KEY, ${columns.join(', ')})`);
    const names = [...VARIABLES.keys()];
    const placeholders = ['$1', ...names.map((_, i) => `$${i + 2}`)].join(', ');
    const insert = `INSERT INTO ${table} (id, ${names.map((n) => quoteIdent(toSnake(n))).join(', ')}) VALUES (${placeholders})`;
    for (const r of ROWS) await pool.query(insert, [r.id, ...names.map((n) => r.data[n])]);
    const res = await pool.query(
      `SELECT id, ${names.map((n) => `${quoteIdent(toSnake(n))} AS ${quoteIdent(n.toLowerCase())}`).join(', ')} FROM ${table} ORDER BY id`,
    );
    loaded = res.rows.map((r: Record<string, unknown>) => ({ id: r['id'] as number, data: Object.fromEntries(names.map((n) => [n, r[n.toLowerCase()]])) }));
  });

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    await pool.end();
  });

  async function sqlMatches(logic: unknown): Promise<number[]> {
    const params = new SqlParams();
    const where = compileCondition(logic, { resolve, params });
    const res = await pool.query<{ id: number }>(`SELECT id FROM ${table} t WHERE ${where} ORDER BY id`, params.values);
    return res.rows.map((r) => r.id);
  }

  async function sqlValues(logic: unknown): Promise<unknown[]> {
    const params = new SqlParams();
    const expr = compileExpression(logic, { resolve, params });
    const res = await pool.query<{ value: unknown }>(`SELECT ${expr.sql} AS value FROM ${table} t ORDER BY id`, params.values);
    return res.rows.map((r) => r.value);
  }

  it('reads every value back as written (timestamps as the same instant)', () => {
    const instant = (r: Row) => ({ ...r, data: { ...r.data, seenAt: r.data['seenAt'] === null ? null : Date.parse(r.data['seenAt'] as string) } });
    expect(loaded.map(instant)).toEqual(ROWS.map(instant));
    expect(loaded.map((r) => typeof r.data['seenAt'])).toEqual(ROWS.map((r) => typeof r.data['seenAt']));
  });

  it('the table covers every operator the SQL compiler supports', () => {
    const used = new Set<string>();
    for (const c of CASES) operatorsOf(c.logic, used);
    expect(SUPPORTED_OPERATORS.filter((op) => !used.has(op))).toEqual([]);
  });

  describe('conditions select the same rows', () => {
    it.each(CASES)('$name', async ({ logic, rows }) => {
      const memory = memoryMatches(logic);
      const sql = await sqlMatches(logic);
      expect({ memory, sql }).toEqual({ memory: rows, sql: rows });
    });
  });

  describe('value expressions give the same value per row', () => {
    it.each(VALUE_CASES)('$name', async ({ logic }) => {
      // -0 and 0 are the same value; JavaScript keeps the sign of a negated zero, numeric has none.
      const memory = loaded.map((r) => evaluate(logic, r.data)).map((x) => (Object.is(x, -0) ? 0 : x));
      const sql = await sqlValues(logic);
      expect(sql).toEqual(memory);
    });
  });

  describe('values are data, never SQL', () => {
    const tricky = ["O'Brien", "x'; DROP TABLE items; --", '50%', 'off_now', 'C:\\temp', 'say "hi"', "a' OR '1'='1"];

    // LIKE patterns escape their wildcards and the escape character itself with a backslash.
    const likeEscaped = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

    it.each(tricky)('%s is bound as a parameter, not written into the SQL', (value) => {
      const expectations: [unknown, unknown[]][] = [
        [{ '==': [v('name'), value] }, [value]],
        [{ icontains: [v('name'), value] }, [`%${likeEscaped(value)}%`]],
        [{ starts_with: [v('name'), value] }, [`${likeEscaped(value)}%`]],
        [{ in: [v('name'), [value]] }, [[value]]],
        [{ in: [value, v('tags')] }, [value]],
      ];
      for (const [logic, values] of expectations) {
        const params = new SqlParams();
        const sql = compileCondition(logic, { resolve, params });
        expect(sql).not.toContain(value);
        expect(params.values).toEqual(values);
      }
    });

    it('the table is still there after a value that looks like SQL', async () => {
      expect(await sqlMatches({ '==': [v('name'), "x'; DROP TABLE items; --"] })).toEqual([]);
      const res = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      expect(res.rows[0]!.n).toBe(ROWS.length);
    });
  });

  describe('the SQL compiler refuses what it cannot compile', () => {
    const REFUSED: { name: string; logic: unknown; message: RegExp }[] = [
      { name: 'unsupported operator substr', logic: { '==': [{ substr: [v('name'), 0, 2] }, 'Al'] }, message: /Operator "substr" is not supported/ },
      { name: 'unsupported operator merge', logic: { in: ['a', { merge: [['a'], ['b']] }] }, message: /Operator "merge" is not supported/ },
      { name: 'unsupported operator some', logic: { some: [v('tags'), { '==': [{ var: '' }, 'vip'] }] }, message: /Operator "some" is not supported/ },
      { name: 'unsupported operator all', logic: { all: [v('tags'), { '==': [{ var: '' }, 'vip'] }] }, message: /Operator "all" is not supported/ },
      { name: 'unsupported operator none', logic: { none: [v('tags'), { '==': [{ var: '' }, 'vip'] }] }, message: /Operator "none" is not supported/ },
      { name: 'unsupported operator map', logic: { map: [v('tags'), { var: '' }] }, message: /Operator "map" is not supported/ },
      { name: 'unsupported operator reduce', logic: { reduce: [v('tags'), { '+': [1, 1] }, 0] }, message: /Operator "reduce" is not supported/ },
      { name: 'unsupported operator missing', logic: { missing: ['name'] }, message: /Operator "missing" is not supported/ },
      { name: 'unsupported operator missing_some', logic: { missing_some: [1, ['name', 'note']] }, message: /Operator "missing_some" is not supported/ },
      { name: 'unsupported operator log', logic: { log: v('name') }, message: /Operator "log" is not supported/ },
      {
        name: 'unsupported operator nested deep',
        logic: { and: [{ '==': [v('qty'), 1] }, { or: [{ substr: [v('name'), 1] }] }] },
        message: /Operator "substr" is not supported/,
      },
      { name: 'unknown var', logic: { '==': [v('nope'), 1] }, message: /Unknown field "nope"/ },
      { name: 'unknown var from the object prototype', logic: { '!!': v('constructor') }, message: /Unknown field "constructor"/ },
      { name: 'dotted var path', logic: { '==': [v('account.name'), 'x'] }, message: /Unknown field "account.name"/ },
      { name: 'empty var name', logic: { '!!': { var: '' } }, message: /"var" needs a field name/ },
      { name: 'var with a default', logic: { '==': [{ var: ['name', 'fallback'] }, 'x'] }, message: /defaults are not supported/ },
      { name: 'two operators in one object', logic: { '==': [v('qty'), 1], '!=': [v('qty'), 2] }, message: /exactly one operator/ },
      { name: 'array compared with ==', logic: { '==': [v('tags'), ['vip']] }, message: /Arrays are only allowed/ },
      { name: 'non-finite number', logic: { '>': [v('amount'), Number.POSITIVE_INFINITY] }, message: /finite/ },
      { name: 'NaN', logic: { '==': [v('amount'), Number.NaN] }, message: /finite/ },
      { name: '> with three operands (only < and <= have a between form)', logic: { '>': [100, v('amount'), 0] }, message: /takes two operands/ },
      { name: 'in list holding expressions', logic: { in: [v('name'), [v('note')]] }, message: /plain values/ },
      { name: 'icontains with a non-literal needle', logic: { icontains: [v('name'), v('note')] }, message: /takes a field and a string/ },
      { name: 'starts_with with a number needle', logic: { starts_with: [v('name'), 1] }, message: /takes a field and a string/ },
      { name: 'if with an even number of operands', logic: { if: [v('active'), 1, 2, 3] }, message: /"if" takes/ },
      { name: 'and without operands', logic: { and: [] }, message: /needs at least one operand/ },
      { name: '== with three operands', logic: { '==': [v('qty'), 1, 2] }, message: /exactly two operands/ },
      // Operands PostgreSQL cannot compare or compute with would fail the whole query when it runs.
      {
        name: 'a date compared with a number column',
        logic: { '==': [v('closeDate'), v('amount')] },
        message: /cannot compare a date value with a number value/,
      },
      { name: 'a number column compared with a text that is no number', logic: { '<': [v('amount'), 'ten'] }, message: /"ten" is not a number/ },
      { name: 'a number column compared with true', logic: { '==': [v('amount'), true] }, message: /cannot compare a number value with a boolean value/ },
      { name: 'a uuid column compared with a text that is no uuid', logic: { '==': [v('ref'), 'abc'] }, message: /is not an id/ },
      { name: 'a date column compared with an impossible date', logic: { '==': [v('closeDate'), '2024-02-30'] }, message: /is not a date/ },
      { name: 'a date column compared with a number', logic: { '>': [v('closeDate'), 5] }, message: /cannot stand for a date value/ },
      { name: 'a list column compared with a text', logic: { '==': [v('tags'), 'vip'] }, message: /cannot compare a textList value with a text value/ },
      { name: 'arithmetic on a date', logic: { '>': [{ '+': [v('closeDate'), 1] }, 0] }, message: /"\+" needs number operands, got a date value/ },
      { name: 'arithmetic on text', logic: { '>': [{ '*': [v('name'), 2] }, 0] }, message: /"\*" needs number operands, got a text value/ },
      { name: 'max of a number and a text', logic: { '>': [{ max: [v('amount'), v('name')] }, 0] }, message: /"max" needs number operands/ },
      { name: 'icontains on a number', logic: { icontains: [v('amount'), '1'] }, message: /"icontains" needs text operands/ },
      { name: 'in: a number in a list of texts that are no numbers', logic: { in: [v('amount'), ['a']] }, message: /"a" is not a number/ },
      { name: 'a NUL character in a text literal', logic: { '==': [v('name'), 'a\u0000b'] }, message: /NUL character/ },
      { name: 'a NUL character in an icontains needle', logic: { icontains: [v('name'), '\u0000'] }, message: /NUL character/ },
      { name: 'if branches of two types', logic: { '==': [{ if: [v('active'), v('amount'), v('name')] }, 1] }, message: /"if" branches must give one type/ },
    ];

    it.each(REFUSED)('$name', ({ logic, message }) => {
      const error = refusal(logic);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(message) });
      expect((error as DomainError).details[0]).toMatchObject({ path: 'expression' });
    });

    it('none of the refused json-logic operators is listed as supported', () => {
      for (const op of ['substr', 'merge', 'some', 'all', 'none', 'map', 'reduce', 'filter', 'missing', 'missing_some', 'log']) {
        expect(SUPPORTED_OPERATORS).not.toContain(op);
      }
    });
  });
});

/**
 * Values where JavaScript and PostgreSQL used to disagree (issue 8 item 8), in a table of their own: instants
 * finer than a millisecond, dates against instants, text beyond the Basic Multilingual Plane, `cat` of
 * instants, lists and small or large decimals, and Greek final sigma. The semantics each follows are in
 * libs/expressions/README.md.
 */
describe('json-logic: edge values both back ends read alike', () => {
  const EDGE_VARIABLES = new Map<string, { type: ValueType; sqlType: string }>([
    ['name', { type: 'text', sqlType: 'text' }],
    ['seenAt', { type: 'datetime', sqlType: 'timestamptz' }],
    ['closeDate', { type: 'date', sqlType: 'date' }],
    ['tags', { type: 'textList', sqlType: 'text[]' }],
    ['amount', { type: 'number', sqlType: 'numeric' }],
  ]);
  const edge = (id: number, name: unknown, seenAt: unknown, closeDate: unknown, tags: unknown, amount: unknown): Row => ({
    id,
    data: { name, seenAt, closeDate, tags, amount },
  });
  // prettier-ignore
  const EDGE_ROWS: Row[] = [
    //    id  name             seenAt                           closeDate     tags           amount
    edge(1,  'ΟΔΟΣ',          '2024-03-01T12:30:00.250123Z',  '2024-03-01', ['vip', 'eu'], 0.0000001),
    edge(2,  'οδός',          '2024-03-01T00:00:00Z',         '2024-02-29', [],            1e21),
    edge(3,  '😀 smile',      '2024-03-01T12:30:00.250Z',     null,         ['us'],        0.5),
    edge(4,  '\uFF5E tilde', null,                           '2024-03-02', null,          -0.000012),
    edge(5,  'Σίσυφος',       '2024-02-29T23:59:59.999999Z',  '2024-03-01', ['eu'],        null),
  ];
  // prettier-ignore
  const EDGE_CASES: Case[] = [
    // Instants: microseconds, as PostgreSQL stores them; finer digits rounded to the microsecond.
    { name: '== instant at microsecond precision', logic: { '==': [v('seenAt'), '2024-03-01T12:30:00.250123Z'] }, rows: [1] },
    { name: '== instant at millisecond precision is not the microsecond one', logic: { '==': [v('seenAt'), '2024-03-01T12:30:00.250Z'] }, rows: [3] },
    { name: '< instant within the same millisecond', logic: { '<': [v('seenAt'), '2024-03-01T12:30:00.250100Z'] }, rows: [2, 3, 5] },
    { name: '== instant written with seven fraction digits rounds to the microsecond', logic: { '==': [v('seenAt'), '2024-03-01T12:30:00.2501234Z'] }, rows: [1] },
    { name: '> the last microsecond of a day', logic: { '>': [v('seenAt'), '2024-02-29T23:59:59.999998Z'] }, rows: [1, 2, 3, 5] },
    // A date against an instant: the date is midnight UTC, whichever side the date is on.
    { name: '== instant column and a date-only text', logic: { '==': [v('seenAt'), '2024-03-01'] }, rows: [2] },
    { name: '< instant column and a date-only text', logic: { '<': [v('seenAt'), '2024-03-01'] }, rows: [5] },
    { name: '== date column and an instant at midnight', logic: { '==': [v('closeDate'), '2024-03-01T00:00:00Z'] }, rows: [1, 5] },
    { name: '== date column and an instant later that day', logic: { '==': [v('closeDate'), '2024-03-01T10:00:00Z'] }, rows: [] },
    { name: '< date column and an instant column', logic: { '<': [v('closeDate'), v('seenAt')] }, rows: [1, 2] },
    // Text orders by code point (PostgreSQL's C collation), not by UTF-16 code unit.
    { name: '> text beyond the BMP orders after U+FF5E', logic: { '>': [v('name'), '\uFF5E'] }, rows: [3, 4] },
    { name: '< text before an emoji', logic: { '<': [v('name'), '😀'] }, rows: [1, 2, 4, 5] },
    { name: 'between two texts across the BMP edge', logic: { '<': ['\uFF00', v('name'), '\u{1F601}'] }, rows: [3, 4] },
    // Case-insensitive matching folds final sigma (ς) with σ and Σ.
    { name: 'icontains a needle with final sigma in upper-case text', logic: { icontains: [v('name'), 'οδος'] }, rows: [1] },
    { name: 'icontains an upper-case needle in text ending in final sigma', logic: { icontains: [v('name'), 'ΣΊΣΥΦΟΣ'] }, rows: [5] },
    { name: 'icontains sigma in any of its forms', logic: { icontains: [v('name'), 'σ'] }, rows: [1, 2, 5] },
    { name: 'icontains final sigma finds the other forms', logic: { icontains: [v('name'), 'ς'] }, rows: [1, 2, 5] },
    // cat writes values as the API does.
    { name: 'cat of an instant is ISO 8601 with microseconds', logic: { '==': [{ cat: [v('seenAt')] }, '2024-03-01T12:30:00.250123Z'] }, rows: [1] },
    { name: 'cat of a list joins its items with commas', logic: { '==': [{ cat: ['[', v('tags'), ']'] }, '[vip,eu]'] }, rows: [1] },
    { name: 'cat of a small decimal is plain notation', logic: { '==': [{ cat: [v('amount')] }, '0.0000001'] }, rows: [1] },
    { name: 'cat of a large number is plain notation', logic: { '==': [{ cat: [v('amount')] }, '1000000000000000000000'] }, rows: [2] },
  ];
  const EDGE_VALUE_CASES: ValueCase[] = [
    { name: 'cat of an instant', logic: { cat: ['seen ', v('seenAt')] } },
    { name: 'cat of a list', logic: { cat: [v('tags')] } },
    { name: 'cat of small, large and negative decimals', logic: { cat: [v('amount')] } },
    { name: 'cat of a date, an instant and a list', logic: { cat: [v('closeDate'), '/', v('seenAt'), '/', v('tags')] } },
  ];

  const edgeResolve = (name: string): SqlVariable | undefined => {
    const known = EDGE_VARIABLES.get(name);
    return known ? { sql: `t.${quoteIdent(toSnake(name))}`, type: known.type } : undefined;
  };
  let pool: Pool;
  let loaded: Row[] = [];
  const schema = uniqueSlug('conformance_edge');
  const table = `${quoteIdent(schema)}.${quoteIdent('edges')}`;

  beforeAll(async () => {
    pool = await testPool();
    const names = [...EDGE_VARIABLES.keys()];
    await pool.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    await pool.query(
      `CREATE TABLE ${table} (id integer PRIMARY KEY, ${[...EDGE_VARIABLES].map(([n, { sqlType }]) => `${quoteIdent(toSnake(n))} ${sqlType}`).join(', ')})`,
    );
    const insert = `INSERT INTO ${table} (id, ${names.map((n) => quoteIdent(toSnake(n))).join(', ')}) VALUES ($1, ${names.map((_, i) => `$${i + 2}`).join(', ')})`;
    for (const r of EDGE_ROWS) await pool.query(insert, [r.id, ...names.map((n) => r.data[n])]);
    const res = await pool.query(
      `SELECT id, ${names.map((n) => `${quoteIdent(toSnake(n))} AS ${quoteIdent(n.toLowerCase())}`).join(', ')} FROM ${table} ORDER BY id`,
    );
    loaded = res.rows.map((r: Record<string, unknown>) => ({ id: r['id'] as number, data: Object.fromEntries(names.map((n) => [n, r[n.toLowerCase()]])) }));
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    await pool.end();
  });

  it('reads instants back with their microseconds, as the API serves them', () => {
    expect(loaded.map((r) => r.data['seenAt'])).toEqual([
      '2024-03-01T12:30:00.250123Z',
      '2024-03-01T00:00:00.000000Z',
      '2024-03-01T12:30:00.250000Z',
      null,
      '2024-02-29T23:59:59.999999Z',
    ]);
  });

  describe('conditions select the same rows', () => {
    it.each(EDGE_CASES)('$name', async ({ logic, rows }) => {
      const memory = loaded.filter((r) => isTruthy(evaluate(logic, r.data))).map((r) => r.id);
      const params = new SqlParams();
      const where = compileCondition(logic, { resolve: edgeResolve, params });
      const sql = (await pool.query<{ id: number }>(`SELECT id FROM ${table} t WHERE ${where} ORDER BY id`, params.values)).rows.map((r) => r.id);
      expect({ memory, sql }).toEqual({ memory: rows, sql: rows });
    });
  });

  describe('value expressions give the same value per row', () => {
    it.each(EDGE_VALUE_CASES)('$name', async ({ logic }) => {
      const memory = loaded.map((r) => evaluate(logic, r.data));
      const params = new SqlParams();
      const expr = compileExpression(logic, { resolve: edgeResolve, params });
      const sql = (await pool.query<{ value: unknown }>(`SELECT ${expr.sql} AS value FROM ${table} t ORDER BY id`, params.values)).rows.map((r) => r.value);
      expect(sql).toEqual(memory);
    });
  });
});
