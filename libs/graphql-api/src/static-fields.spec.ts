import { readdirSync, readFileSync } from 'node:fs';
import { getNamedType, isSpecifiedScalarType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { emptyModel, STATIC_ROOT_FIELDS, STATIC_TYPE_NAMES, validateDefinitions } from '@funnelcraft/definitions';
import { buildTenantSchema } from './build-schema.js';

const SALES = new URL('../../../schemas/examples/sales/', import.meta.url);
/** The sales model plus a multi-select field: between them every static type is used. */
const fullModel = () =>
  validateDefinitions([
    ...readdirSync(SALES)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(new URL(f, SALES), 'utf8')) as unknown),
    { type: 'object', 'x-object': 'tagged', properties: { tags: { 'x-kind': 'multi_select', 'x-options': [{ value: 'a' }] } } },
  ]);

const rootFields = (schema: GraphQLSchema) =>
  [...Object.keys(schema.getQueryType()?.getFields() ?? {}), ...Object.keys(schema.getMutationType()?.getFields() ?? {})].sort();
const typeNames = (schema: GraphQLSchema) =>
  Object.values(schema.getTypeMap())
    .filter((t) => !t.name.startsWith('__') && !isSpecifiedScalarType(getNamedType(t)))
    .map((t) => t.name);

describe('the names the static API owns', () => {
  it('STATIC_ROOT_FIELDS are exactly the root fields of a schema without objects', () => {
    expect(rootFields(buildTenantSchema(emptyModel()))).toEqual([...STATIC_ROOT_FIELDS].sort());
  });

  it('STATIC_TYPE_NAMES hold every static type, and only types some schema has (Subscription reserved)', () => {
    const empty = typeNames(buildTenantSchema(emptyModel()));
    expect(empty.filter((n) => !STATIC_TYPE_NAMES.has(n))).toEqual([]);
    const full = new Set(typeNames(buildTenantSchema(fullModel())));
    expect([...STATIC_TYPE_NAMES].filter((n) => !full.has(n))).toEqual(['Subscription']);
  });
});
