/** Assembles a tenant's executable schema: the static part plus the types generated from its definitions. */
import { GraphQLObjectType, GraphQLSchema } from 'graphql';
import type { TenantModel } from '@funnelcraft/definitions';
import type { ApiContext } from './context.js';
import { ObjectTypeRegistry } from './object-types.js';
import { shareEmptyExtensions } from './shared-extensions.js';
import { staticMutations, staticQueries } from './static-fields.js';

export function buildTenantSchema(model: TenantModel): GraphQLSchema {
  const registry = new ObjectTypeRegistry(model);
  const objects = registry.all();
  const query = new GraphQLObjectType<unknown, ApiContext>({
    name: 'Query',
    fields: () => Object.assign({}, staticQueries, ...objects.map((t) => t.queries)),
  });
  const mutation = new GraphQLObjectType<unknown, ApiContext>({
    name: 'Mutation',
    fields: () => Object.assign({}, staticMutations, ...objects.map((t) => t.mutations)),
  });
  return shareEmptyExtensions(new GraphQLSchema({ query, mutation }));
}
