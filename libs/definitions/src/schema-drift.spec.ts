/**
 * `schemas/` is the source of truth for definitions; the field-kind registry must say the same thing.
 * This fails when one of them changes without the other.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_KIND_IDS, FIELD_KINDS } from './field-kinds.js';
import { loadSchemaFile } from './meta-schema.js';

type Json = Record<string, any>;
const meta = loadSchemaFile('object-definition.schema.json') as Json;
const field = meta['definitions']['field'] as Json;

describe('object-definition meta-schema and the field-kind registry', () => {
  it('list the same field kinds', () => {
    expect([...field['properties']['x-kind']['enum']].sort()).toEqual([...FIELD_KIND_IDS].sort());
  });

  it('give every kind its allowed keywords, and only keywords the field schema defines', () => {
    const keywordSets = meta['definitions']['keywords'] as Record<string, { enum: string[] }>;
    const covered = new Set<string>();
    for (const rule of field['allOf'] as Json[]) {
      const condition = rule['if']['properties']['x-kind'];
      const kinds: string[] = condition['enum'] ?? [condition['const']];
      kinds.forEach((k) => covered.add(k));
      const ref = (rule['then']['propertyNames']['$ref'] as string).split('/').at(-1)!;
      for (const keyword of keywordSets[ref]!.enum) expect(Object.keys(field['properties'])).toContain(keyword);
    }
    expect([...covered].sort()).toEqual([...FIELD_KIND_IDS].sort());
  });

  it('allow unique and indexed only on kinds that can have a btree index', () => {
    const keywordSets = meta['definitions']['keywords'] as Record<string, { enum: string[] }>;
    for (const rule of field['allOf'] as Json[]) {
      const condition = rule['if']['properties']['x-kind'];
      const kinds: string[] = condition['enum'] ?? [condition['const']];
      const ref = (rule['then']['propertyNames']['$ref'] as string).split('/').at(-1)!;
      const allowsIndex = keywordSets[ref]!.enum.includes('x-unique') || keywordSets[ref]!.enum.includes('x-indexed');
      for (const k of kinds) expect(FIELD_KINDS[k as keyof typeof FIELD_KINDS].indexable, k).toBe(allowsIndex);
    }
  });
});
