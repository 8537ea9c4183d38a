import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorDetail } from '@funnelcraft/kernel';
import { validateDefinitions } from './validate-definitions.js';

const obj = (name: string, properties: Record<string, unknown> = { label: { 'x-kind': 'text' } }) => ({ type: 'object', 'x-object': name, properties });

function details(documents: unknown[]): ErrorDetail[] {
  try {
    validateDefinitions(documents);
  } catch (e) {
    expect((e as DomainError).code).toBe('INVALID_DEFINITION');
    return (e as DomainError).details;
  }
  throw new Error('expected the definitions to be rejected');
}

describe('generated GraphQL type names', () => {
  it('may not be a GraphQL built-in', () => {
    for (const name of ['string', 'boolean', 'int', 'float', 'iD']) expect(details([obj(name)]).map((d) => d.path)).toContain('documents[0].x-object');
  });

  it('may not be a static type, directly or through a suffix', () => {
    // number → NumberFilter (static) through its filter type; conversionChoice → ConversionChoiceInput; timelineEntry → TimelineEntry.
    for (const name of ['number', 'conversionChoice', 'timelineEntry', 'pageInfo'])
      expect(details([obj(name)]).map((d) => d.path)).toContain('documents[0].x-object');
  });

  it('may not meet another object’s generated names', () => {
    const found = details([obj('deal'), obj('dealConversion')]);
    expect(found.some((d) => d.path === 'documents[1].x-object' && d.message.includes('DealConversion'))).toBe(true);
  });

  it('refuses field names GraphQL forbids as enum values', () => {
    expect(
      details([obj('gadget', { true: { 'x-kind': 'text' }, null: { 'x-kind': 'number' } })])
        .map((d) => d.path)
        .sort(),
    ).toEqual(['documents[0].properties.null', 'documents[0].properties.true']);
  });

  it('are not held against stored documents, so that a tenant they break can still load and be repaired', () => {
    expect(validateDefinitions([obj('string')], { stored: true }).objects.map((o) => o.name)).toEqual(['string']);
  });
});
