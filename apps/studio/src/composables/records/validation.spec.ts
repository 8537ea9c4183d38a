import { describe, expect, it } from 'vitest';
import type { ObjectMeta } from '../../api/operations';
import { fromServerDetails, validateInput } from './validation';

const meta: ObjectMeta = {
  name: 'account',
  plural: 'accounts',
  label: { en: 'Account' },
  pluralLabel: { en: 'Accounts' },
  displayField: 'name',
  fields: [],
  recordSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', maxLength: 5 },
      website: { type: 'string', format: 'uri' },
      revenue: { type: 'object', required: ['amount'], properties: { amount: { type: 'number', minimum: 0 }, currency: { type: 'string' } } },
    },
  },
};

describe('validateInput', () => {
  it('reports each problem on its field, with the limits the message needs', async () => {
    const problems = await validateInput(meta, { website: 'acme', revenue: { amount: -1 } }, 'create', new Set(['name']));
    expect(problems.map((p) => [p.field, p.keyword])).toEqual(
      expect.arrayContaining([
        ['name', 'required'],
        ['website', 'format'],
        ['revenue', 'minimum'],
      ]),
    );
    expect((await validateInput(meta, { name: 'Too long' }, 'create', new Set(['name'])))[0]).toMatchObject({
      field: 'name',
      keyword: 'maxLength',
      params: { limit: 5 },
    });
  });

  it('lets null clear optional fields, but not required ones, and needs nothing else when updating', async () => {
    expect(await validateInput(meta, { website: null }, 'update', new Set(['name']))).toEqual([]);
    expect((await validateInput(meta, { name: null }, 'update', new Set(['name']))).map((p) => p.keyword)).toEqual(['required']);
  });

  it('does not take members of every object for fields named like them', async () => {
    const named: ObjectMeta = {
      ...meta,
      recordSchema: {
        type: 'object',
        properties: { name: { type: 'string' }, toString: { type: 'number' }, constructor: { type: 'string' }, hasOwnProperty: { type: 'boolean' } },
      },
    };
    expect(await validateInput(named, { name: 'a' }, 'create', new Set(['name']))).toEqual([]);
    expect((await validateInput(named, { name: 'a', toString: 'x' }, 'create', new Set(['name']))).map((p) => p.field)).toEqual(['toString']);
  });

  it('reads server details by their top-level field', () => {
    expect(fromServerDetails([{ path: 'revenue.amount', message: 'must be >= 0', keyword: 'minimum' }])).toEqual([
      { field: 'revenue', keyword: 'minimum', params: {}, message: 'must be >= 0' },
    ]);
  });
});

describe('patterns', () => {
  const withPattern = (pattern: string): ObjectMeta => ({ ...meta, recordSchema: { type: 'object', properties: { code: { type: 'string', pattern } } } });

  it('run on the linear-time engine the server uses: a backtracking trap answers at once', async () => {
    const problems = await validateInput(withPattern('^(a+)+$'), { code: `${'a'.repeat(27)}!` }, 'update', new Set());
    expect(problems).toMatchObject([{ field: 'code', keyword: 'pattern' }]);
    expect(await validateInput(withPattern('^(a+)+$'), { code: 'a'.repeat(27) }, 'update', new Set())).toEqual([]);
  });

  it('match the way RE2 reads them (unanchored search, code points)', async () => {
    expect(await validateInput(withPattern('[0-9]{3}'), { code: 'ab123cd' }, 'update', new Set())).toEqual([]);
    expect(await validateInput(withPattern('^.$'), { code: '😀' }, 'update', new Set())).toEqual([]);
  });
});

describe('url fields', () => {
  const urlMeta: ObjectMeta = {
    ...meta,
    recordSchema: {
      type: 'object',
      properties: { website: { type: 'string', format: 'uri', pattern: '^([hH][tT][tT][pP][sS]?|[mM][aA][iI][lL][tT][oO]|[tT][eE][lL]):' } },
    },
  };

  it('say "not a web address" when the value is no URL at all, and refuse other schemes by their pattern', async () => {
    expect(await validateInput(urlMeta, { website: 'acme' }, 'update', new Set())).toMatchObject([{ field: 'website', keyword: 'format' }]);
    expect(await validateInput(urlMeta, { website: 'javascript:alert(1)' }, 'update', new Set())).toMatchObject([{ field: 'website', keyword: 'pattern' }]);
    expect(await validateInput(urlMeta, { website: 'https://example.com' }, 'update', new Set())).toEqual([]);
  });
});
