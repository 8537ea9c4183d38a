import { describe, expect, it } from 'vitest';
import { compileCondition, SqlParams } from '@funnelcraft/expressions';
import { DomainError } from '@funnelcraft/kernel';
import { filterToLogic, type RecordFilter } from './filter-input.js';

const LIST_FIELDS = new Set(['tags']);
const toLogic = (filter: RecordFilter | null | undefined) => filterToLogic(filter, LIST_FIELDS);
const name = { var: 'name' };
const amount = { var: 'amount' };
const tags = { var: 'tags' };

describe('filterToLogic', () => {
  it.each<[string, RecordFilter | null | undefined]>([
    ['undefined', undefined],
    ['null', null],
    ['an empty filter', {}],
    ['a field with no operators', { name: {} }],
    ['operators set to undefined', { name: { eq: undefined } }],
    ['a null field filter', { name: null }],
    ['an empty and', { and: [] }],
    ['an empty or', { or: [] }],
    ['a not of nothing', { not: {} }],
    ['isNull: null (not given)', { name: { isNull: null } }],
  ])('gives no condition for %s', (_name, filter) => {
    expect(toLogic(filter)).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, unknown]>([
    ['eq', { eq: 'Acme' }, { '==': [name, 'Acme'] }],
    ['neq', { neq: 'Acme' }, { '!=': [name, 'Acme'] }],
    ['in', { in: ['Acme', 'Initech'] }, { in: [name, ['Acme', 'Initech']] }],
    ['notIn', { notIn: ['Acme'] }, { '!': { in: [name, ['Acme']] } }],
    ['gt', { gt: 'B' }, { '>': [name, 'B'] }],
    ['gte', { gte: 'B' }, { '>=': [name, 'B'] }],
    ['lt', { lt: 'B' }, { '<': [name, 'B'] }],
    ['lte', { lte: 'B' }, { '<=': [name, 'B'] }],
    ['contains (case-insensitive)', { contains: 'cm' }, { icontains: [name, 'cm'] }],
    ['startsWith', { startsWith: 'Ac' }, { starts_with: [name, 'Ac'] }],
    ['isNull: true', { isNull: true }, { '==': [name, null] }],
    ['isNull: false', { isNull: false }, { '!=': [name, null] }],
    ['eq: null means is null', { eq: null }, { '==': [name, null] }],
  ])('%s on a scalar field', (_op, fieldFilter, logic) => {
    expect(toLogic({ name: fieldFilter })).toEqual(logic);
  });

  it('combines several operators on one field with and', () => {
    expect(toLogic({ amount: { gte: 10, lt: 100 } })).toEqual({ and: [{ '>=': [amount, 10] }, { '<': [amount, 100] }] });
  });

  it('combines several fields with and', () => {
    expect(toLogic({ name: { eq: 'Acme' }, amount: { gt: 0 } })).toEqual({ and: [{ '==': [name, 'Acme'] }, { '>': [amount, 0] }] });
  });

  it('refuses an unknown operator on a scalar field', () => {
    expect(() => toLogic({ name: { like: 'A%' } })).toThrow(DomainError);
    expect(() => toLogic({ name: { like: 'A%' } })).toThrow(/Unknown filter operator like on name/);
    try {
      toLogic({ name: { like: 'A%' } });
    } catch (e) {
      expect((e as DomainError).code).toBe('BAD_USER_INPUT');
    }
  });

  describe('list fields (multi select)', () => {
    it.each<[string, Record<string, unknown>, unknown]>([
      ['contains', { contains: 'vip' }, { in: ['vip', tags] }],
      ['containsAny', { containsAny: ['vip', 'eu'] }, { or: [{ in: ['vip', tags] }, { in: ['eu', tags] }] }],
      ['containsAll', { containsAll: ['vip', 'eu'] }, { and: [{ in: ['vip', tags] }, { in: ['eu', tags] }] }],
      ['isNull: true', { isNull: true }, { '==': [tags, null] }],
      ['isNull: false', { isNull: false }, { '!=': [tags, null] }],
    ])('%s', (_op, fieldFilter, logic) => {
      expect(toLogic({ tags: fieldFilter })).toEqual(logic);
    });

    it('treats contains on a list as membership, not substring', () => {
      expect(toLogic({ tags: { contains: 'vip' } })).not.toEqual(toLogic({ name: { contains: 'vip' } }));
    });

    it('combines list and scalar conditions', () => {
      expect(toLogic({ tags: { contains: 'vip', isNull: false }, name: { startsWith: 'A' } })).toEqual({
        and: [{ in: ['vip', tags] }, { '!=': [tags, null] }, { starts_with: [name, 'A'] }],
      });
    });
  });

  describe('and / or / not', () => {
    it('and of filters', () => {
      expect(toLogic({ and: [{ name: { eq: 'A' } }, { amount: { gt: 1 } }] })).toEqual({ and: [{ '==': [name, 'A'] }, { '>': [amount, 1] }] });
    });

    it('and with one filter is that filter', () => {
      expect(toLogic({ and: [{ name: { eq: 'A' } }] })).toEqual({ '==': [name, 'A'] });
    });

    it('and skips empty filters', () => {
      expect(toLogic({ and: [{}, { name: { eq: 'A' } }, {}] })).toEqual({ '==': [name, 'A'] });
    });

    it('or of filters', () => {
      expect(toLogic({ or: [{ name: { eq: 'A' } }, { name: { eq: 'B' } }] })).toEqual({ or: [{ '==': [name, 'A'] }, { '==': [name, 'B'] }] });
    });

    it('or with an empty filter matches everything', () => {
      expect(toLogic({ or: [{ name: { eq: 'A' } }, {}] })).toEqual({ or: [{ '==': [name, 'A'] }, true] });
    });

    it('not of a filter', () => {
      expect(toLogic({ not: { name: { eq: 'A' } } })).toEqual({ '!': [{ '==': [name, 'A'] }] });
    });

    it('not of several conditions negates them together', () => {
      expect(toLogic({ not: { name: { eq: 'A' }, amount: { gt: 1 } } })).toEqual({ '!': [{ and: [{ '==': [name, 'A'] }, { '>': [amount, 1] }] }] });
    });

    it('nests and, or and not with field conditions beside them', () => {
      const filter: RecordFilter = {
        amount: { gte: 100 },
        or: [{ name: { startsWith: 'A' } }, { and: [{ tags: { contains: 'vip' } }, { not: { name: { isNull: true } } }] }],
        not: { or: [{ amount: { eq: 500 } }, { tags: { containsAny: ['lost'] } }] },
      };
      expect(toLogic(filter)).toEqual({
        and: [
          { '>=': [amount, 100] },
          { or: [{ starts_with: [name, 'A'] }, { and: [{ in: ['vip', tags] }, { '!': [{ '==': [name, null] }] }] }] },
          { '!': [{ or: [{ '==': [amount, 500] }, { or: [{ in: ['lost', tags] }] }] }] },
        ],
      });
    });

    it('refuses an unknown operator deep inside', () => {
      expect(() => toLogic({ or: [{ not: { name: { between: [1, 2] } } }] })).toThrow(/Unknown filter operator between/);
    });
  });

  describe('the json-logic it produces compiles to SQL', () => {
    const VARS: Record<string, { sql: string; type: 'text' | 'number' | 'textList' }> = {
      name: { sql: 't."name"', type: 'text' },
      amount: { sql: 't."amount"', type: 'number' },
      tags: { sql: 't."tags"', type: 'textList' },
    };
    const compile = (filter: RecordFilter) => {
      const params = new SqlParams();
      const sql = compileCondition(toLogic(filter), { resolve: (n) => VARS[n], params });
      return { sql, values: params.values };
    };

    it.each<[string, RecordFilter, string, unknown[]]>([
      ['eq', { name: { eq: 'Acme' } }, 't."name" = $1::text', ['Acme']],
      ['isNull', { name: { isNull: true } }, '(t."name" IS NULL)', []],
      ['notIn', { amount: { notIn: [1, 2] } }, '(NOT COALESCE(t."amount" = ANY($1::numeric[]), FALSE))', [[1, 2]]],
      ['contains', { name: { contains: '50%' } }, 't."name" ILIKE $1::text', ['%50\\%%']],
      ['list contains', { tags: { contains: 'vip' } }, '$1::text = ANY(t."tags")', ['vip']],
      ['or with an empty filter', { or: [{ name: { eq: 'A' } }, {}] }, '(t."name" = $1::text OR TRUE)', ['A']],
    ])('%s', (_name, filter, sql, values) => {
      expect(compile(filter)).toEqual({ sql, values });
    });
  });
});
