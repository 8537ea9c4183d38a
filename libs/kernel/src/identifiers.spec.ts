import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { isApiName, pluralize, qualified, quoteIdent, tenantSchemaName, toPascal, toSnake } from './identifiers.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
  return undefined;
}

describe('quoteIdent', () => {
  it.each(['a', 'deal', 'close_date', '_private', 'tenant_acme', 'x1', 'a'.repeat(63)])('quotes %s', (ident) => {
    expect(quoteIdent(ident)).toBe(`"${ident}"`);
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['64 characters', 'a'.repeat(64)],
    ['upper case', 'Deal'],
    ['camelCase', 'closeDate'],
    ['a leading digit', '1deal'],
    ['a space', 'close date'],
    ['a double quote', 'a"b'],
    ['an escaped double quote', 'a""b'],
    ['a single quote', "a'b"],
    ['a statement', 'x"; drop table y; --'],
    ['a dot', 'schema.table'],
    ['a hyphen', 'a-b'],
    ['a semicolon', 'a;b'],
    ['a NUL', 'a\0b'],
    ['a newline', 'a\nb'],
    ['a trailing newline', 'deal\n'],
    ['non-ASCII letters', 'café'],
    ['a dollar sign', 'a$b'],
  ])('refuses %s', (_name, ident) => {
    expect(codeOf(() => quoteIdent(ident))).toBe('INVALID_DEFINITION');
  });

  it('qualifies schema and table, both checked', () => {
    expect(qualified('tenant_acme', 'deal')).toBe('"tenant_acme"."deal"');
    expect(codeOf(() => qualified('tenant_acme', 'Deal'))).toBe('INVALID_DEFINITION');
    expect(codeOf(() => qualified('public"; --', 'deal'))).toBe('INVALID_DEFINITION');
  });
});

describe('toSnake', () => {
  it.each([
    ['name', 'name'],
    ['closeDate', 'close_date'],
    ['annualRevenue', 'annual_revenue'],
    ['dueAt', 'due_at'],
    ['aBC', 'a_b_c'],
    ['field2Name', 'field2_name'],
    ['already_snake', 'already_snake'],
  ])('%s → %s', (camel, snake) => {
    expect(toSnake(camel)).toBe(snake);
  });
});

describe('toPascal and isApiName', () => {
  it('capitalizes the first letter only', () => {
    expect(toPascal('salesOrder')).toBe('SalesOrder');
  });

  it.each([
    ['deal', true],
    ['closeDate', true],
    ['a'.repeat(40), true],
    ['a'.repeat(41), false],
    ['Deal', false],
    ['close_date', false],
    ['1deal', false],
    ['', false],
    [42, false],
  ])('isApiName(%j) is %s', (name, ok) => {
    expect(isApiName(name)).toBe(ok);
  });
});

describe('pluralize', () => {
  it.each([
    ['deal', 'deals'],
    ['account', 'accounts'],
    ['opportunity', 'opportunities'],
    ['activity', 'activities'],
    ['company', 'companies'],
    ['day', 'days'],
    ['survey', 'surveys'],
    ['address', 'addresses'],
    ['box', 'boxes'],
    ['church', 'churches'],
    ['wish', 'wishes'],
    ['salesOrder', 'salesOrders'],
    ['businessCategory', 'businessCategories'],
  ])('%s → %s', (one, many) => {
    expect(pluralize(one)).toBe(many);
  });
});

describe('tenantSchemaName', () => {
  it.each([
    ['acme', 'tenant_acme'],
    ['acme_2', 'tenant_acme_2'],
    ['a1', 'tenant_a1'],
    [`a${'b'.repeat(29)}`, `tenant_a${'b'.repeat(29)}`],
  ])('%s → %s', (slug, schema) => {
    expect(tenantSchemaName(slug)).toBe(schema);
    expect(() => quoteIdent(schema)).not.toThrow();
  });

  it.each<[string, string]>([
    ['one character', 'a'],
    ['31 characters', `a${'b'.repeat(30)}`],
    ['upper case', 'Acme'],
    ['a leading digit', '1acme'],
    ['a leading underscore', '_acme'],
    ['a hyphen', 'acme-corp'],
    ['a quote', 'acme"'],
    ['a statement', 'acme; drop schema public'],
    ['empty', ''],
  ])('refuses %s', (_name, slug) => {
    expect(codeOf(() => tenantSchemaName(slug))).toBe('BAD_USER_INPUT');
  });
});
