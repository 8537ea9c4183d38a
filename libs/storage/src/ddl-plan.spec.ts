import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffModels, validateDefinitions, type TenantModel } from '@funnelcraft/definitions';
import { DomainError, quoteIdent } from '@funnelcraft/kernel';
import { planSteps, type PlanStep } from './ddl-plan.js';
import { objectName, quoteLiteral } from './sql-text.js';

const SCHEMA = 'tenant_acme';
const S = `"${SCHEMA}"`;
type Doc = Record<string, unknown>;
const obj = (name: string, properties: Record<string, Doc>, extra: Doc = {}): Doc => ({ type: 'object', 'x-object': name, properties, ...extra });
const deal = (properties: Record<string, Doc>) => obj('deal', { title: { 'x-kind': 'text' }, ...properties });

const SALES = ['account', 'activity', 'contact', 'lead', 'opportunity'].map(
  (n) => JSON.parse(readFileSync(new URL(`../../../schemas/examples/sales/${n}.json`, import.meta.url), 'utf8')) as Doc,
);

function plan(before: Doc[], after: Doc[]): PlanStep[] {
  const a: TenantModel = validateDefinitions(after);
  return planSteps(SCHEMA, diffModels(validateDefinitions(before), a), a.byName);
}
const only = (steps: PlanStep[]): PlanStep => {
  expect(steps).toHaveLength(1);
  return steps[0]!;
};
const allSql = (steps: PlanStep[]) => steps.flatMap((s) => [...s.sql, ...s.after, ...s.checks.map((c) => c.sql), ...(s.countSql ? [s.countSql] : [])]);
/** SQL with every string literal removed: what is left must hold no quote and none of the values. */
const withoutLiterals = (sql: string) => sql.replace(/'(?:[^']|'')*'/g, '<literal>');

describe('planSteps: creating the sales objects', () => {
  const steps = plan([], SALES);
  const stepOf = (o: string) => steps.find((s) => s.object === o)!;

  it('creates one table per object, every one non-destructive', () => {
    expect(steps.map((s) => [s.action, s.object, s.destructive, s.countSql])).toEqual(
      ['account', 'activity', 'contact', 'lead', 'opportunity'].map((o) => ['create_object', o, false, undefined]),
    );
  });

  it('writes typed, quoted columns', () => {
    const create = stepOf('opportunity').sql.find((s) => s.startsWith('CREATE TABLE'))!;
    expect(create).toContain(`CREATE TABLE ${S}."opportunity" (`);
    for (const column of [
      '"name" text',
      '"account" uuid',
      '"amount" numeric',
      '"amount_currency" text',
      '"close_date" date',
      `"number" text DEFAULT ('OPP-' || lpad(nextval`,
    ]) {
      expect(create).toContain(column);
    }
    expect(create).toContain('CONSTRAINT "opportunity_pkey" PRIMARY KEY (id)');
    expect(stepOf('activity').sql.find((s) => s.startsWith('CREATE TABLE'))).toContain('"due_at" timestamptz');
    expect(stepOf('activity').sql.find((s) => s.startsWith('CREATE TABLE'))).toContain('"done" boolean DEFAULT FALSE::boolean');
  });

  it('quotes every identifier that comes from metadata', () => {
    const model = validateDefinitions(SALES);
    const idents = new Set([SCHEMA, ...model.objects.flatMap((o) => [o.table, ...o.fields.map((f) => f.column)])]);
    const sql = allSql(steps).map(withoutLiterals).join('\n');
    for (const ident of idents) {
      const bare = sql.match(new RegExp(`(?<![\\w"])${ident}(?![\\w"])`, 'g')) ?? [];
      expect(bare, `unquoted ${ident}`).toEqual([]);
      expect(sql).toContain(`"${ident}"`);
    }
  });

  it('numbers auto-number fields from a sequence of their own', () => {
    const sql = stepOf('opportunity').sql;
    expect(sql[0]).toBe(`CREATE SEQUENCE ${S}."opportunity_number_seq"`);
    expect(sql.join('\n')).toContain(`"number" text DEFAULT ('OPP-' || lpad(nextval('${S}."opportunity_number_seq"')::text, 5, '0'))`);
    expect(sql).toContain(`ALTER SEQUENCE ${S}."opportunity_number_seq" OWNED BY ${S}."opportunity"."number"`);
  });

  it('indexes lookups and declared indexes, and nothing else', () => {
    expect(stepOf('contact').sql.filter((s) => s.startsWith('CREATE INDEX'))).toEqual([
      `CREATE INDEX "contact_owner_id_idx" ON ${S}."contact" (owner_id)`,
      `CREATE INDEX "contact_last_name_idx" ON ${S}."contact" ("last_name")`,
      `CREATE INDEX "contact_email_idx" ON ${S}."contact" ("email")`,
      `CREATE INDEX "contact_account_idx" ON ${S}."contact" ("account")`,
    ]);
  });

  it('creates foreign keys in `after`, so objects created together may reference each other in any order', () => {
    expect(steps.flatMap((s) => s.sql).some((s) => s.includes('FOREIGN KEY'))).toBe(false);
    expect(stepOf('contact').after).toContain(
      `ALTER TABLE ${S}."contact" ADD CONSTRAINT "contact_account_fkey" FOREIGN KEY ("account") REFERENCES ${S}."account" (id) ON DELETE SET NULL`,
    );
    expect(stepOf('activity').after).toEqual(
      expect.arrayContaining([
        `ALTER TABLE ${S}."activity" ADD CONSTRAINT "activity_account_fkey" FOREIGN KEY ("account") REFERENCES ${S}."account" (id) ON DELETE CASCADE`,
        `ALTER TABLE ${S}."activity" ADD CONSTRAINT "activity_contact_fkey" FOREIGN KEY ("contact") REFERENCES ${S}."contact" (id) ON DELETE SET NULL`,
        `ALTER TABLE ${S}."activity" ADD CONSTRAINT "activity_opportunity_fkey" FOREIGN KEY ("opportunity") REFERENCES ${S}."opportunity" (id) ON DELETE CASCADE`,
      ]),
    );
    expect(stepOf('account').after).toEqual([
      `ALTER TABLE ${S}."account" ADD CONSTRAINT "account_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES platform.users (id) ON DELETE SET NULL`,
    ]);
  });

  it('adds a lookup to an existing object with its foreign key in `after`', () => {
    const step = only(
      plan(
        [obj('account', { name: { 'x-kind': 'text' } })],
        [obj('account', { name: { 'x-kind': 'text' }, parent: { 'x-kind': 'lookup', 'x-target': 'account', 'x-on-delete': 'restrict' } })],
      ),
    );
    expect(step.sql).toEqual([`ALTER TABLE ${S}."account" ADD COLUMN "parent" uuid`, `CREATE INDEX "account_parent_idx" ON ${S}."account" ("parent")`]);
    expect(step.after).toEqual([
      `ALTER TABLE ${S}."account" ADD CONSTRAINT "account_parent_fkey" FOREIGN KEY ("parent") REFERENCES ${S}."account" (id) ON DELETE RESTRICT`,
    ]);
  });
});

describe('planSteps: values in DDL are escaped literals, never raw text', () => {
  it.each<[string, Doc, string]>([
    ['a text default with a quote', { 'x-kind': 'text', default: "it's" }, `"x" text DEFAULT 'it''s'::text`],
    [
      'a text default that tries to end the statement',
      { 'x-kind': 'text', default: "x'); DROP TABLE account; --" },
      `"x" text DEFAULT 'x''); DROP TABLE account; --'::text`,
    ],
    ['a text default with a backslash', { 'x-kind': 'text', default: 'C:\\temp\\' }, `"x" text DEFAULT 'C:\\temp\\'::text`],
    ['an empty text default', { 'x-kind': 'text', default: '' }, `"x" text DEFAULT ''::text`],
    ['a number default', { 'x-kind': 'number', default: -2.5 }, `"x" numeric DEFAULT -2.5::numeric`],
    ['a boolean default', { 'x-kind': 'boolean', default: true }, `"x" boolean DEFAULT TRUE::boolean`],
    ['a date default', { 'x-kind': 'date', default: '2024-02-29' }, `"x" date DEFAULT '2024-02-29'::date`],
    [
      'a multi-select default',
      { 'x-kind': 'multi_select', 'x-options': [{ value: "o'k" }, { value: 'b' }], default: ["o'k", 'b'] },
      `"x" text[] DEFAULT ARRAY['o''k', 'b']::text[]::text[]`,
    ],
    ['a currency code', { 'x-kind': 'currency', 'x-currency': 'EUR' }, `"x_currency" text DEFAULT 'EUR'`],
  ])('%s', (_name, field, expected) => {
    const step = only(plan([deal({})], [deal({ x: field })]));
    const sql = step.sql.join('\n');
    expect(sql).toContain(expected);
    expect(withoutLiterals(sql)).not.toMatch(/'/);
    expect(withoutLiterals(sql)).not.toMatch(/DROP TABLE/);
  });

  it('escapes a changed default too', () => {
    const step = only(plan([deal({ x: { 'x-kind': 'text', default: 'a' } })], [deal({ x: { 'x-kind': 'text', default: "b'; DROP SCHEMA tenant_acme; --" } })]));
    expect(step.sql).toEqual([`ALTER TABLE ${S}."deal" ALTER COLUMN "x" SET DEFAULT 'b''; DROP SCHEMA tenant_acme; --'::text`]);
  });

  it('drops a removed default', () => {
    const step = only(plan([deal({ x: { 'x-kind': 'number', default: 1 } })], [deal({ x: { 'x-kind': 'number' } })]));
    expect(step.sql).toEqual([`ALTER TABLE ${S}."deal" ALTER COLUMN "x" DROP DEFAULT`]);
  });
});

describe('planSteps: unique and indexed fields', () => {
  it('makes a unique field a partial unique index over live rows', () => {
    const step = only(plan([deal({})], [deal({ code: { 'x-kind': 'text', 'x-unique': true, 'x-indexed': true } })]));
    expect(step.sql).toEqual([
      `ALTER TABLE ${S}."deal" ADD COLUMN "code" text`,
      `CREATE UNIQUE INDEX "deal_code_key" ON ${S}."deal" ("code") WHERE deleted_at IS NULL`,
    ]);
  });

  it('creates the unique index of a field of a new object', () => {
    const create = only(plan([], [deal({ code: { 'x-kind': 'text', 'x-unique': true } })]));
    expect(create.sql).toContain(`CREATE UNIQUE INDEX "deal_code_key" ON ${S}."deal" ("code") WHERE deleted_at IS NULL`);
  });

  it.each<[string, Doc, Doc, string[]]>([
    [
      'unique added',
      { 'x-kind': 'text' },
      { 'x-kind': 'text', 'x-unique': true },
      [`CREATE UNIQUE INDEX "deal_code_key" ON ${S}."deal" ("code") WHERE deleted_at IS NULL`],
    ],
    ['unique removed', { 'x-kind': 'text', 'x-unique': true }, { 'x-kind': 'text' }, [`DROP INDEX IF EXISTS ${S}."deal_code_key"`]],
    ['index added', { 'x-kind': 'text' }, { 'x-kind': 'text', 'x-indexed': true }, [`CREATE INDEX "deal_code_idx" ON ${S}."deal" ("code")`]],
    [
      'index made unique',
      { 'x-kind': 'text', 'x-indexed': true },
      { 'x-kind': 'text', 'x-unique': true },
      [`DROP INDEX IF EXISTS ${S}."deal_code_idx"`, `CREATE UNIQUE INDEX "deal_code_key" ON ${S}."deal" ("code") WHERE deleted_at IS NULL`],
    ],
  ])('%s', (_name, from, to, sql) => {
    const step = only(plan([deal({ code: from })], [deal({ code: to })]));
    expect(step).toMatchObject({ action: 'change_storage', destructive: false, sql });
  });
});

describe('planSteps: destructive steps', () => {
  it('marks a dropped field destructive and counts the values it would lose', () => {
    const step = only(plan([deal({ size: { 'x-kind': 'number' } })], [deal({})]));
    expect(step).toMatchObject({
      action: 'drop_field',
      object: 'deal',
      field: 'size',
      destructive: true,
      sql: [`ALTER TABLE ${S}."deal" DROP COLUMN "size"`],
      countSql: `SELECT count(*)::int AS n FROM ${S}."deal" WHERE "size" IS NOT NULL`,
    });
  });

  it('drops both columns of a currency field', () => {
    const step = only(plan([deal({ amount: { 'x-kind': 'currency' } })], [deal({})]));
    expect(step.sql).toEqual([`ALTER TABLE ${S}."deal" DROP COLUMN "amount"`, `ALTER TABLE ${S}."deal" DROP COLUMN "amount_currency"`]);
    expect(step.destructive).toBe(true);
  });

  it('drops a formula without touching the table', () => {
    const step = only(
      plan(
        [deal({ size: { 'x-kind': 'number' }, twice: { 'x-kind': 'formula', 'x-formula': { '*': [{ var: 'size' }, 2] }, 'x-result': 'number' } })],
        [deal({ size: { 'x-kind': 'number' } })],
      ),
    );
    expect(step).toMatchObject({ action: 'drop_field', destructive: false, sql: [] });
    expect(step.countSql).toBeUndefined();
  });

  it('marks a dropped object destructive and counts its records', () => {
    const step = only(plan([obj('account', { name: { 'x-kind': 'text' } }), deal({})], [obj('account', { name: { 'x-kind': 'text' } })]));
    expect(step).toMatchObject({
      action: 'drop_object',
      object: 'deal',
      destructive: true,
      sql: [`DROP TABLE ${S}."deal" CASCADE`],
      countSql: `SELECT count(*)::int AS n FROM ${S}."deal"`,
    });
  });

  it('keeps data on renames: no step is destructive', () => {
    const steps = plan(
      [deal({ size: { 'x-kind': 'number', 'x-indexed': true } })],
      [deal({ amount: { 'x-kind': 'number', 'x-indexed': true, 'x-renamed-from': 'size' } })],
    );
    expect(only(steps)).toMatchObject({
      action: 'rename_field',
      destructive: false,
      sql: [`ALTER TABLE ${S}."deal" RENAME COLUMN "size" TO "amount"`, `ALTER INDEX IF EXISTS ${S}."deal_size_idx" RENAME TO "deal_amount_idx"`],
    });
    expect(steps[0]!.countSql).toBeUndefined();
  });
});

describe('planSteps: kind changes', () => {
  it('converts text to numbers with a check that names the rows that would not convert', () => {
    const step = only(plan([deal({ size: { 'x-kind': 'text' } })], [deal({ size: { 'x-kind': 'number' } })]));
    expect(step.sql).toContain(`ALTER TABLE ${S}."deal" ALTER COLUMN "size" TYPE numeric USING NULLIF(btrim("size"), '')::numeric`);
    expect(step.checks).toHaveLength(1);
    expect(step.checks[0]!.sql).toMatch(new RegExp(`^SELECT id, "size"::text AS value FROM ${S}\\."deal" WHERE`));
  });

  it('changes only metadata for text to email', () => {
    expect(only(plan([deal({ x: { 'x-kind': 'text' } })], [deal({ x: { 'x-kind': 'email' } })]))).toMatchObject({ action: 'change_kind', sql: [], checks: [] });
  });
});

describe('planSteps: long names', () => {
  it('keeps index, constraint and sequence names within 63 characters', () => {
    const objectName40 = `o${'b'.repeat(39)}`;
    const field40 = `f${'g'.repeat(39)}`;
    const target = obj('account', { name: { 'x-kind': 'text' } });
    const docs = [
      target,
      obj(objectName40, {
        [field40]: { 'x-kind': 'text', 'x-unique': true },
        account: { 'x-kind': 'lookup', 'x-target': 'account' },
        n: { 'x-kind': 'auto_number' },
      }),
    ];
    const steps = plan([], docs);
    const names = allSql(steps)
      .join('\n')
      .match(/"[a-z0-9_]+"/g)!
      .map((n) => n.slice(1, -1));
    expect(Math.max(...names.map((n) => n.length))).toBeLessThanOrEqual(63);
    expect(names.some((n) => /_[0-9a-f]{8}$/.test(n))).toBe(true);
  });
});

describe('quoteLiteral', () => {
  it.each<[string, unknown, string]>([
    ['null', null, 'NULL'],
    ['undefined', undefined, 'NULL'],
    ['true', true, 'TRUE'],
    ['false', false, 'FALSE'],
    ['an integer', 42, '42'],
    ['a negative decimal', -0.25, '-0.25'],
    ['zero', 0, '0'],
    ['plain text', 'abc', "'abc'"],
    ['a single quote', "O'Brien", "'O''Brien'"],
    ['only quotes', "''", "''''''"],
    ['a backslash (standard strings: no escape)', 'a\\b', "'a\\b'"],
    ['a statement in text', "'; DROP TABLE x; --", "'''; DROP TABLE x; --'"],
    ['unicode', '客户 Émile', "'客户 Émile'"],
    ['an array', ['a', "b'c"], "ARRAY['a', 'b''c']::text[]"],
    ['an empty array', [], 'ARRAY[]::text[]'],
  ])('%s', (_name, value, expected) => {
    expect(quoteLiteral(value)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['NUL in text', 'a\0b'],
    ['NUL inside an array', ['ok', 'a\0']],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['an object', { a: 1 }],
  ])('refuses %s', (_name, value) => {
    expect(() => quoteLiteral(value)).toThrow(DomainError);
    try {
      quoteLiteral(value);
    } catch (e) {
      expect((e as DomainError).code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('objectName', () => {
  it('joins parts with underscores when the result fits', () => {
    expect(objectName('deal', 'close_date', 'idx')).toBe('deal_close_date_idx');
  });

  it('keeps a name of exactly 63 characters', () => {
    const name = 'a'.repeat(59);
    expect(objectName(name, 'idx')).toBe(`${name}_idx`);
    expect(objectName(name, 'idx')).toHaveLength(63);
  });

  it('shortens longer names to 63 characters with a hash', () => {
    const long = objectName('a'.repeat(40), 'b'.repeat(40), 'idx');
    expect(long).toHaveLength(63);
    expect(long).toMatch(/^a{40}_b{13}_[0-9a-f]{8}$/);
    expect(() => quoteIdent(long)).not.toThrow();
  });

  it('is stable, and distinct for names that differ only past the cut', () => {
    const a = objectName('a'.repeat(40), 'b'.repeat(40), 'idx');
    const b = objectName('a'.repeat(40), 'b'.repeat(40), 'key');
    expect(objectName('a'.repeat(40), 'b'.repeat(40), 'idx')).toBe(a);
    expect(a).not.toBe(b);
    expect(a.slice(0, 54)).toBe(b.slice(0, 54));
  });
});
