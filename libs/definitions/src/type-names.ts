/**
 * Plan-time check that the GraphQL schema a set of definitions generates can be built: every generated type
 * name is distinct from GraphQL's built-in scalars, from the static API's types and from every other generated
 * name, and no field is named like an enum value GraphQL forbids. A definition breaking this used to be
 * accepted and then fail every request of its tenant, including the one that would repair it.
 * `type-names.spec.ts` in graphql-api ties these names to the schema the builder really produces.
 */
import { toPascal, type ErrorDetail } from '@funnelcraft/kernel';
import type { ObjectModel } from './model.js';
import { STATIC_TYPE_NAMES } from './naming.js';

/** GraphQL's own scalar names: a type of the same name cannot be added to a schema. */
export const BUILT_IN_TYPE_NAMES = new Set(['String', 'Boolean', 'Int', 'Float', 'ID']);

/**
 * Every type the builder may generate for an object, pipeline and conversion ones included whether or not
 * the object has one yet (adding a pipeline later must not be what breaks the schema).
 */
const GENERATED_SUFFIXES = [
  '',
  'Edge',
  'Connection',
  'Filter',
  'SortField',
  'OrderField',
  'OrderBy',
  'Input',
  'Numbers',
  'Group',
  'Board',
  'BoardColumn',
  'Conversion',
];

export const generatedTypeNames = (objectName: string): string[] => GENERATED_SUFFIXES.map((s) => `${toPascal(objectName)}${s}`);

/** Field names become values of the object's sort-field enum; GraphQL forbids these there. */
const FORBIDDEN_ENUM_VALUES = new Set(['true', 'false', 'null']);

export function checkTypeNames(objects: readonly ObjectModel[], paths: ReadonlyMap<ObjectModel, string>, problems: ErrorDetail[]): void {
  const owners = new Map<string, string>();
  for (const o of objects) {
    const at = `${paths.get(o)}.x-object`;
    for (const name of generatedTypeNames(o.name)) {
      if (BUILT_IN_TYPE_NAMES.has(name))
        problems.push({ path: at, message: `"${o.name}" would generate the type ${name}, which is a GraphQL built-in`, keyword: 'typeName' });
      else if (STATIC_TYPE_NAMES.has(name))
        problems.push({ path: at, message: `"${o.name}" would generate the type ${name}, which the platform API already has`, keyword: 'typeName' });
      const owner = owners.get(name);
      if (owner !== undefined && owner !== o.name)
        problems.push({ path: at, message: `"${o.name}" would generate the type ${name}, which "${owner}" generates too`, keyword: 'typeName' });
      owners.set(name, o.name);
    }
    for (const f of o.fields) {
      if (FORBIDDEN_ENUM_VALUES.has(f.name))
        problems.push({
          path: `${paths.get(o)}.properties.${f.name}`,
          message: `"${f.name}" cannot be a field name: GraphQL reserves it`,
          keyword: 'typeName',
        });
    }
  }
}
