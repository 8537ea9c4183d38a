import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fieldKinds, KEYWORD_GROUPS } from './field-kinds';

interface MetaSchema {
  definitions: {
    field: {
      properties: { 'x-kind': { enum: string[] } };
      allOf: { if: { properties: { 'x-kind': { const?: string; enum?: string[] } } }; then: { propertyNames: { $ref: string } } }[];
    };
    keywords: Record<string, { enum: string[] }>;
  };
}

const meta = JSON.parse(readFileSync(new URL('../../../../../schemas/object-definition.schema.json', import.meta.url), 'utf8')) as MetaSchema;

/** kind → allowed keywords, read from the meta-schema's if/then rules. */
function allowedByKind(): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const rule of meta.definitions.field.allOf) {
    const condition = rule.if.properties['x-kind'];
    const kinds = condition.const ? [condition.const] : (condition.enum ?? []);
    const group = rule.then.propertyNames.$ref.split('/').pop() ?? '';
    for (const kind of kinds) result.set(kind, meta.definitions.keywords[group]?.enum ?? []);
  }
  return result;
}

describe('field kind registry', () => {
  it('has every kind of the meta-schema, and only those', () => {
    expect(
      fieldKinds()
        .map((k) => k.kind)
        .sort(),
    ).toEqual([...meta.definitions.field.properties['x-kind'].enum].sort());
  });

  it('allows exactly the keywords the meta-schema allows for each kind', () => {
    const allowed = allowedByKind();
    for (const spec of fieldKinds()) expect([...spec.allowed].sort(), spec.kind).toEqual([...(allowed.get(spec.kind) ?? [])].sort());
    for (const [group, keywords] of Object.entries(KEYWORD_GROUPS))
      expect([...keywords].sort(), group).toEqual([...(meta.definitions.keywords[group]?.enum ?? [])].sort());
  });

  it('edits only keywords a kind allows', () => {
    for (const spec of fieldKinds()) {
      for (const option of spec.options) expect(spec.allowed, `${spec.kind}.${option.keyword}`).toContain(option.keyword);
      for (const keyword of spec.needs ?? [])
        expect(
          spec.options.map((o) => o.keyword),
          `${spec.kind} needs ${keyword}`,
        ).toContain(keyword);
    }
  });
});
