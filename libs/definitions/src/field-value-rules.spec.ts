import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorDetail } from '@funnelcraft/kernel';
import { validateDefinitions } from './validate-definitions.js';

type Doc = Record<string, unknown>;
const obj = (properties: Record<string, Doc>, extra: Doc = {}): Doc => ({ type: 'object', 'x-object': 'thing', properties, ...extra });

function details(documents: unknown[]): ErrorDetail[] {
  try {
    validateDefinitions(documents);
  } catch (e) {
    expect((e as DomainError).code).toBe('INVALID_DEFINITION');
    return (e as DomainError).details;
  }
  throw new Error('expected the definitions to be rejected');
}

describe('field value rules at plan time', () => {
  it('refuses bounds that cross, for numbers, lengths and item counts', () => {
    const found = details([
      obj({
        n: { 'x-kind': 'number', minimum: 10, maximum: 1 },
        t: { 'x-kind': 'text', minLength: 5, maxLength: 2 },
        c: { 'x-kind': 'currency', minimum: 0.5, maximum: 0.1 },
        m: { 'x-kind': 'multi_select', 'x-options': [{ value: 'a' }], minItems: 3, maxItems: 1 },
      }),
    ]);
    expect(found.map((d) => d.path).sort()).toEqual([
      'documents[0].properties.c.minimum',
      'documents[0].properties.m.minItems',
      'documents[0].properties.n.minimum',
      'documents[0].properties.t.minLength',
    ]);
    expect(validateDefinitions([obj({ n: { 'x-kind': 'number', minimum: 1, maximum: 1 } })]).objects).toHaveLength(1);
  });

  it('refuses patterns the linear-time engine cannot run (look-around, back-references), naming the field', () => {
    for (const pattern of ['^(?=a)b', '(a)\\1', '(?<!x)y', '(?!a)']) {
      expect(details([obj({ code: { 'x-kind': 'text', pattern, default: 'b' } })]).map((d) => d.path)).toEqual(['documents[0].properties.code.pattern']);
    }
    expect(validateDefinitions([obj({ code: { 'x-kind': 'text', pattern: '^(a+)+$', default: 'aa' } })]).objects).toHaveLength(1);
  });

  it('checks defaults with the linear-time engine: a backtracking trap answers at once', () => {
    const found = details([obj({ code: { 'x-kind': 'text', pattern: '^(a+)+$', default: `${'a'.repeat(40)}!` } })]);
    expect(found.map((d) => d.path)).toEqual(['documents[0].properties.code.default']);
  });

  it('refuses default currencies that are three letters but not ISO 4217', () => {
    expect(details([obj({ amount: { 'x-kind': 'currency', 'x-currency': 'ABC' } })]).map((d) => d.path)).toEqual(['documents[0].properties.amount.x-currency']);
    expect(validateDefinitions([obj({ amount: { 'x-kind': 'currency', 'x-currency': 'CHF' } })]).objects).toHaveLength(1);
  });

  it('refuses a NUL character anywhere in a document, at its place', () => {
    const found = details([obj({ name: { 'x-kind': 'text', title: 'Na\u0000me' } }, { 'x-label': { en: 'Th\u0000ing' } })]);
    expect(found.map((d) => d.path).sort()).toEqual(['documents[0].properties.name.title', 'documents[0].x-label.en']);
  });
});
