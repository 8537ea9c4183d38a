/**
 * One case per field kind: what its values look like (the value JSON Schema accepts and refuses), and the
 * flags other layers and the studio read. The `{ [K in FieldKindId]: … }` type makes a new kind without its
 * case a compile error here too.
 */
import { describe, expect, it } from 'vitest';
import { columnsOf, effectiveKind, FIELD_KIND_IDS, FIELD_KINDS, FILTER_OPERATORS, type FieldKindId } from './field-kinds.js';
import { allowedConversions, conversionMethod } from './conversions.js';
import { createAjv } from './meta-schema.js';
import { validateDefinitions } from './validate-definitions.js';

interface Case {
  field: Record<string, unknown>;
  accepts: unknown[];
  refuses: unknown[];
  columns: string[];
}

const options = [{ value: 'a' }, { value: 'b' }];
const CASES: { [K in FieldKindId]: Case } = {
  text: { field: { maxLength: 3 }, accepts: ['abc', ''], refuses: ['abcd', 1], columns: ['x'] },
  long_text: { field: {}, accepts: ['many\nlines'], refuses: [true], columns: ['x'] },
  email: { field: {}, accepts: ['ann@example.com'], refuses: ['ann at example'], columns: ['x'] },
  phone: { field: {}, accepts: ['+86 (10) 1234-5678'], refuses: ['call me', '12'], columns: ['x'] },
  url: { field: {}, accepts: ['https://acme.example/about'], refuses: ['acme dot example'], columns: ['x'] },
  number: { field: { minimum: 0 }, accepts: [0, 2.5], refuses: [-1, '2'], columns: ['x'] },
  percent: { field: { maximum: 100 }, accepts: [12.5], refuses: [101, '5%'], columns: ['x'] },
  currency: {
    field: { minimum: 0 },
    accepts: [{ amount: 10 }, { amount: 10, currency: 'EUR' }],
    refuses: [10, { amount: -1 }, { amount: 1, currency: 'euro' }, { amount: 1, rate: 2 }],
    columns: ['x', 'x_currency'],
  },
  date: { field: {}, accepts: ['2024-02-29'], refuses: ['2023-02-29', '2024-02-29T10:00:00Z'], columns: ['x'] },
  datetime: { field: {}, accepts: ['2024-02-29T10:00:00Z'], refuses: ['2024-02-29'], columns: ['x'] },
  boolean: { field: {}, accepts: [true, false], refuses: ['true', 0], columns: ['x'] },
  single_select: { field: { 'x-options': options }, accepts: ['a'], refuses: ['c', ['a']], columns: ['x'] },
  multi_select: { field: { 'x-options': options, maxItems: 1 }, accepts: [[], ['b']], refuses: [['a', 'b'], ['a', 'a'], 'a', ['c']], columns: ['x'] },
  lookup: { field: { 'x-target': 'deal' }, accepts: ['0190a4f8-6c1e-7a3b-9d2e-1f2a3b4c5d6e'], refuses: ['deal-1'], columns: ['x'] },
  user: { field: {}, accepts: ['0190a4f8-6c1e-7a3b-9d2e-1f2a3b4c5d6e'], refuses: ['ann'], columns: ['x'] },
  // Computed kinds take no values from clients (record validation refuses them as read-only).
  auto_number: { field: { 'x-format': 'D-{000}' }, accepts: [], refuses: [], columns: ['x'] },
  formula: { field: { 'x-formula': { '+': [1, 2] }, 'x-result': 'number' }, accepts: [], refuses: [], columns: [] },
};

const model = validateDefinitions([
  {
    type: 'object',
    'x-object': 'deal',
    properties: { title: { 'x-kind': 'text' } },
  },
  {
    type: 'object',
    'x-object': 'sample',
    properties: Object.fromEntries(
      FIELD_KIND_IDS.map((k) => [
        k === 'text' ? 'x' : `x${k.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^./, (c) => c.toUpperCase())}`,
        { 'x-kind': k, ...CASES[k].field },
      ]),
    ),
  },
]);
const fieldOf = (kind: FieldKindId) => model.byName.get('sample')!.fields.find((f) => f.kind.id === kind)!;

describe.each(FIELD_KIND_IDS)('field kind %s', (kind) => {
  const c = CASES[kind];
  const f = fieldOf(kind);
  const ajv = createAjv();

  it('accepts the values it should and refuses the others', () => {
    const schema = f.kind.valueSchema(f.document);
    for (const v of c.accepts) expect(ajv.validate(schema, v), JSON.stringify(v)).toBe(true);
    for (const v of c.refuses) expect(ajv.validate(schema, v), JSON.stringify(v)).toBe(false);
  });

  it('names its columns after the field', () => {
    expect(columnsOf(f).map((col) => col.column.replace(f.column, 'x'))).toEqual(c.columns);
  });

  it('filters with operators of its filter kind', () => {
    expect(FILTER_OPERATORS[effectiveKind(f).filter]).toContain('isNull');
  });
});

describe('field kind flags', () => {
  const ids = (flag: (k: (typeof FIELD_KINDS)[FieldKindId]) => boolean) => FIELD_KIND_IDS.filter((k) => flag(FIELD_KINDS[k])).sort();

  it('lets number, percent and currency fields be a pipeline amount', () => {
    expect(ids((k) => k.canBeAmount)).toEqual(['currency', 'number', 'percent']);
  });
  it('searches free text only', () => {
    expect(ids((k) => k.searchable)).toEqual(['auto_number', 'email', 'long_text', 'phone', 'text', 'url']);
  });
  it('sorts by everything but option sets', () => {
    expect(ids((k) => !k.sortable)).toEqual(['multi_select']);
  });
  it('links lookups to records and user fields to users', () => {
    expect(ids((k) => k.link !== null)).toEqual(['lookup', 'user']);
    expect(FIELD_KINDS.lookup.link).toBe('record');
  });
  it('computes auto numbers and formulas', () => {
    expect(ids((k) => !k.writable)).toEqual(['auto_number', 'formula']);
  });
  it('reads the kind-specific parts of a field', () => {
    expect(fieldOf('auto_number').autoNumber).toEqual({ prefix: 'D-', width: 3 });
    expect(fieldOf('formula').formulaResult).toBe('number');
    expect(effectiveKind(fieldOf('formula')).id).toBe('number');
    expect(fieldOf('lookup').indexed).toBe(true);
  });
  it('change kind only where the values survive: free text among itself, numbers, a choice to text or a set, a date to a time', () => {
    const textual = ['text', 'long_text', 'email', 'phone', 'url'];
    const changes = Object.fromEntries(FIELD_KIND_IDS.map((k) => [k, allowedConversions(k).map((to) => `${to}:${conversionMethod(k, to)}`)]));
    const meta = (self: string) => textual.filter((k) => k !== self).map((k) => `${k}:metadata`);
    expect(changes).toEqual({
      text: [...meta('text'), 'number:cast', 'percent:cast'],
      long_text: [...meta('long_text'), 'number:cast', 'percent:cast'],
      email: meta('email'),
      phone: meta('phone'),
      url: meta('url'),
      number: ['percent:metadata', 'text:cast', 'long_text:cast'],
      percent: ['number:metadata', 'text:cast', 'long_text:cast'],
      single_select: [...meta('single_select'), 'multi_select:cast'],
      date: ['datetime:cast'],
      currency: [],
      datetime: [],
      boolean: [],
      multi_select: [],
      lookup: [],
      user: [],
      auto_number: [],
      formula: [],
    });
    expect(conversionMethod('lookup', 'lookup')).toBe('metadata');
    expect(conversionMethod('currency', 'number')).toBeUndefined();
  });
});
