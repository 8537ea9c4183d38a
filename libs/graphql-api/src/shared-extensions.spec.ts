import { readdirSync, readFileSync } from 'node:fs';
import { GraphQLObjectType, GraphQLSchema, GraphQLString, isEnumType, isInputObjectType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { validateDefinitions } from '@funnelcraft/definitions';
import { buildTenantSchema } from './build-schema.js';
import { shareEmptyExtensions } from './shared-extensions.js';

const SALES = new URL('../../../schemas/examples/sales/', import.meta.url);
const salesDocuments = () =>
  readdirSync(SALES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, SALES), 'utf8')) as unknown);

/** Every `extensions` object a schema holds: types, fields, arguments, input fields, enum values. */
function allExtensions(schema: GraphQLSchema): object[] {
  const out: object[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    out.push(type.extensions);
    if (isObjectType(type)) for (const f of Object.values(type.getFields())) out.push(f.extensions, ...f.args.map((a) => a.extensions));
    if (isInputObjectType(type)) out.push(...Object.values(type.getFields()).map((f) => f.extensions));
    if (isEnumType(type)) out.push(...type.getValues().map((v) => v.extensions));
  }
  return out;
}

describe('a built tenant schema', () => {
  it('holds one shared empty extensions object, not one per type, field, argument and enum value', () => {
    const extensions = allExtensions(buildTenantSchema(validateDefinitions(salesDocuments())));
    expect(extensions.length).toBeGreaterThan(1000);
    expect(new Set(extensions).size).toBe(1);
    expect(Object.isFrozen(extensions[0])).toBe(true);
  });

  it('keeps extensions that were configured', () => {
    const query = new GraphQLObjectType({
      name: 'Query',
      fields: { tagged: { type: GraphQLString, extensions: { cost: 3 } }, plain: { type: GraphQLString } },
    });
    const fields = shareEmptyExtensions(new GraphQLSchema({ query })).getQueryType()!.getFields();
    expect(fields['tagged']!.extensions).toEqual({ cost: 3 });
    expect(fields['plain']!.extensions).toBe(query.extensions);
  });
});
