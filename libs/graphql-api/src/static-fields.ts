/** Root fields every schema has: sign-in, the session, metadata, and the definition pipeline. */
import { GraphQLBoolean, GraphQLInt, GraphQLString, type GraphQLFieldConfigMap } from 'graphql';
import { badInput } from '@funnelcraft/kernel';
import { requireSession, type ApiContext } from './context.js';
import { JSONScalar } from './scalars.js';
import {
  ApplyResultType, DefinitionVersionType, list, LoginResultType, nn, ObjectMetaType, TenantType, UserType,
} from './static-types.js';

export const staticQueries: GraphQLFieldConfigMap<unknown, ApiContext> = {
  me: {
    type: UserType,
    description: 'The signed-in user (null when not signed in)',
    resolve: async (_r, _a, ctx) => {
      if (!ctx.session) return null;
      const [user] = await ctx.platform.usersByIds(ctx.session, [ctx.session.actor.userId]);
      return user ?? null;
    },
  },
  tenant: { type: TenantType, resolve: (_r, _a, ctx) => ctx.session?.tenant ?? null },
  users: { type: nn(list(UserType)), resolve: (_r, _a, ctx) => ctx.platform.listUsers(requireSession(ctx)) },
  objects: {
    type: nn(list(ObjectMetaType)),
    resolve: (_r, _a, ctx) => {
      requireSession(ctx);
      return ctx.model.objects;
    },
  },
  object: {
    type: ObjectMetaType,
    args: { name: { type: nn(GraphQLString) } },
    resolve: (_r, args: { name: string }, ctx) => {
      requireSession(ctx);
      return ctx.model.byName.get(args.name) ?? null;
    },
  },
  definitions: {
    type: nn(JSONScalar),
    description: 'The applied object definition documents',
    resolve: (_r, _a, ctx) => {
      requireSession(ctx);
      return ctx.model.documents;
    },
  },
  definitionHistory: {
    type: nn(list(DefinitionVersionType)),
    args: { first: { type: GraphQLInt, defaultValue: 20 } },
    resolve: (_r, args: { first: number }, ctx) => {
      if (args.first < 1 || args.first > 500) throw badInput('first must be between 1 and 500', [{ path: 'first', message: 'between 1 and 500' }]);
      return ctx.platform.definitionHistory(requireSession(ctx), args.first);
    },
  },
};

export const staticMutations: GraphQLFieldConfigMap<unknown, ApiContext> = {
  login: {
    type: nn(LoginResultType),
    args: { tenant: { type: nn(GraphQLString) }, email: { type: nn(GraphQLString) }, password: { type: nn(GraphQLString) } },
    resolve: (_r, args: { tenant: string; email: string; password: string }, ctx) => ctx.platform.login(args),
  },
  applyDefinitions: {
    type: nn(ApplyResultType),
    description: 'Validates, plans and applies object definitions in one transaction. Documents are upserts; objects are deleted only through deleteObjects.',
    args: {
      documents: { type: nn(list(JSONScalar)) },
      deleteObjects: { type: list(GraphQLString) },
      dryRun: { type: GraphQLBoolean, defaultValue: false },
      confirmDataLoss: { type: GraphQLBoolean, defaultValue: false },
    },
    resolve: (_r, args: { documents: unknown[]; deleteObjects?: string[]; dryRun: boolean; confirmDataLoss: boolean }, ctx) =>
      ctx.platform.applyDefinitions(requireSession(ctx), {
        documents: args.documents, deleteObjects: args.deleteObjects ?? [], dryRun: args.dryRun, confirmDataLoss: args.confirmDataLoss,
      }),
  },
};


