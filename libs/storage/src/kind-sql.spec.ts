/**
 * One case per field kind on the SQL side: the columns a field gets (with their types and defaults), what DDL
 * hangs on them, how an API value is written to them and how a row read back becomes the value again.
 * Typed `{ [K in FieldKindId]: … }`, so a new kind without its case does not compile.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_KIND_IDS, validateDefinitions, type FieldKindId } from '@funnelcraft/definitions';
import { fieldColumns } from './column-types.js';
import { planSteps } from './ddl-plan.js';
import { kindSql } from './kind-sql.js';
import { objectSql } from './object-sql.js';

interface Case {
  field: Record<string, unknown>;
  /** `column type [DEFAULT …]` per column, the field's column written as x. */
  columns: string[];
  /** An API value, its column values, and the row read back (by output column) that gives the value again. */
  value: unknown;
  written: unknown[];
  read: Record<string, unknown>;
  /** Statements of adding the field besides ADD COLUMN and indexes (`after`: once every table exists). */
  extra?: string[];
  after?: string[];
}

const S = '"t"."deal"';
const id = '0190a4f8-6c1e-7a3b-9d2e-1f2a3b4c5d6e';
const CASES: { [K in FieldKindId]: Case } = {
  text: { field: { default: "it's" }, columns: [`"x" text DEFAULT 'it''s'::text`], value: 'Acme', written: ['Acme'], read: { x: 'Acme' } },
  long_text: { field: {}, columns: ['"x" text'], value: 'a\nb', written: ['a\nb'], read: { x: 'a\nb' } },
  email: { field: {}, columns: ['"x" text'], value: 'a@b.example', written: ['a@b.example'], read: { x: 'a@b.example' } },
  phone: { field: {}, columns: ['"x" text'], value: '+1 555', written: ['+1 555'], read: { x: '+1 555' } },
  url: { field: {}, columns: ['"x" text'], value: 'https://a.example', written: ['https://a.example'], read: { x: 'https://a.example' } },
  number: { field: { default: 2 }, columns: ['"x" numeric DEFAULT 2::numeric'], value: 2.5, written: [2.5], read: { x: 2.5 } },
  percent: { field: {}, columns: ['"x" numeric'], value: 40, written: [40], read: { x: 40 } },
  currency: {
    field: { 'x-currency': 'EUR' },
    columns: ['"x" numeric', `"x_currency" text DEFAULT 'EUR'`],
    value: { amount: 10, currency: 'CNY' },
    written: [10, 'CNY'],
    read: { x: 10, x__currency: 'CNY' },
  },
  date: { field: {}, columns: ['"x" date'], value: '2024-02-29', written: ['2024-02-29'], read: { x: '2024-02-29' } },
  datetime: { field: {}, columns: ['"x" timestamptz'], value: '2024-02-29T10:00:00Z', written: ['2024-02-29T10:00:00Z'], read: { x: '2024-02-29T10:00:00Z' } },
  boolean: { field: { default: false }, columns: ['"x" boolean DEFAULT FALSE::boolean'], value: true, written: [true], read: { x: true } },
  single_select: { field: { 'x-options': [{ value: 'a' }] }, columns: ['"x" text'], value: 'a', written: ['a'], read: { x: 'a' } },
  multi_select: { field: { 'x-options': [{ value: 'a' }] }, columns: ['"x" text[]'], value: ['a'], written: [['a']], read: { x: ['a'] } },
  lookup: {
    field: { 'x-target': 'deal', 'x-on-delete': 'cascade' },
    columns: ['"x" uuid'],
    value: id,
    written: [id],
    read: { x: id },
    after: [`ALTER TABLE ${S} ADD CONSTRAINT "deal_x_fkey" FOREIGN KEY ("x") REFERENCES ${S} (id) ON DELETE CASCADE`],
  },
  user: {
    field: {},
    columns: ['"x" uuid'],
    value: id,
    written: [id],
    read: { x: id },
    after: [`ALTER TABLE ${S} ADD CONSTRAINT "deal_x_fkey" FOREIGN KEY ("x") REFERENCES platform.users (id) ON DELETE SET NULL`],
  },
  auto_number: {
    field: { 'x-format': 'D-{000}' },
    columns: [`"x" text DEFAULT ('D-' || lpad(nextval('"t"."deal_x_seq"')::text, 3, '0'))`],
    value: 'D-001',
    written: ['D-001'],
    read: { x: 'D-001' },
    extra: ['CREATE SEQUENCE "t"."deal_x_seq"', `ALTER SEQUENCE "t"."deal_x_seq" OWNED BY ${S}."x"`],
  },
  formula: { field: { 'x-formula': { '*': [{ var: 'n' }, 2] }, 'x-result': 'number' }, columns: [], value: 4, written: [], read: { x: 4 } },
};

const deal = (x?: Record<string, unknown>) => ({
  type: 'object',
  'x-object': 'deal',
  properties: { title: { 'x-kind': 'text' }, n: { 'x-kind': 'number' }, ...(x ? { x } : {}) },
});

describe.each(FIELD_KIND_IDS)('field kind %s in SQL', (kind) => {
  const c = CASES[kind];
  const model = validateDefinitions([deal({ 'x-kind': kind, ...c.field })]);
  const o = model.byName.get('deal')!;
  const f = o.fieldsByName.get('x')!;

  it('gets its typed columns with their defaults, and what hangs on them', () => {
    const [step] = planSteps('t', [{ action: 'add_field', object: o, field: f }], model.byName);
    const added = step!.sql.filter((s) => s.includes('ADD COLUMN')).map((s) => s.replace(`ALTER TABLE ${S} ADD COLUMN `, ''));
    expect(added).toEqual(c.columns);
    expect(step!.sql.filter((s) => !s.includes('ADD COLUMN') && !s.includes('INDEX'))).toEqual(c.extra ?? []);
    expect(step!.after).toEqual(c.after ?? []);
    expect(fieldColumns(f)).toHaveLength(c.columns.length);
  });

  it('writes an API value as its column values', () => {
    expect(kindSql(f).write(f, c.value, 'USD')).toEqual(c.written);
  });

  it('reads its columns back as the API value', () => {
    const rows = [{ ...c.read }];
    objectSql(o).shape(rows);
    expect(rows[0]!['x']).toEqual(c.value);
  });
});

describe('currency values', () => {
  const model = validateDefinitions([deal({ 'x-kind': 'currency', 'x-currency': 'EUR' })]);
  const f = model.byName.get('deal')!.fieldsByName.get('x')!;

  it('take the field currency, then the tenant currency, when the input names none', () => {
    expect(kindSql(f).write(f, { amount: 5 }, 'USD')).toEqual([5, 'EUR']);
    const plain = validateDefinitions([deal({ 'x-kind': 'currency' })])
      .byName.get('deal')!
      .fieldsByName.get('x')!;
    expect(kindSql(plain).write(plain, { amount: 5 }, 'USD')).toEqual([5, 'USD']);
  });

  it('clear both columns when set to null, and read back as null', () => {
    expect(kindSql(f).write(f, null, 'USD')).toEqual([null, null]);
    const rows: Record<string, unknown>[] = [{ x: null, x__currency: null }];
    objectSql(model.byName.get('deal')!).shape(rows);
    expect(rows[0]!['x']).toBeNull();
  });
});
