/**
 * Root fields every tenant schema has besides the generated ones: sign-in and the session (so a simple client
 * needs one endpoint), a record's timeline, reports, dashboards, sales analytics and the global search (record data). Everything else of the platform (users,
 * definitions, metadata, views, rates, attachments) is served by the platform API at /graphql/platform.
 */
import { GraphQLID, GraphQLInt, GraphQLString, type GraphQLFieldConfigMap } from 'graphql';
import { recordTimeline } from '@funnelcraft/records';
import { badInput } from '@funnelcraft/kernel';
import { recordContext, type ApiContext } from './context.js';
import { analyticsQueries } from './analytics-types.js';
import { dashboardQueries } from './dashboard-types.js';
import { reportQueries } from './report-types.js';
import { list, LoginResultType, nn, TenantType, TimelineEntryType, UserType } from './static-types.js';
import { searchQueries } from './search-types.js';

export const staticQueries: GraphQLFieldConfigMap<unknown, ApiContext> = {
  ...reportQueries,
  ...analyticsQueries,
  ...dashboardQueries,
  ...searchQueries,
  me: {
    type: UserType,
    description: 'The signed-in user (null when not signed in)',
    resolve: async (_r, _a, ctx) => {
      if (!ctx.session) return null;
      const [user] = await ctx.platform.usersByIds(ctx.session, [ctx.session.actor.userId]);
      return user ?? null;
    },
  },
  tenant: { type: TenantType, description: 'The tenant of the token (null when not signed in)', resolve: (_r, _a, ctx) => ctx.session?.tenant ?? null },
  timeline: {
    type: nn(list(TimelineEntryType)),
    description: 'creation, field changes, stage moves, deletes, restores and activities of a record, newest first',
    args: { object: { type: nn(GraphQLString) }, recordId: { type: nn(GraphQLID) }, first: { type: GraphQLInt, defaultValue: 50 } },
    resolve: (_r, args: { object: string; recordId: string; first: number }, ctx) => {
      if (args.first < 1 || args.first > 500) throw badInput('first must be between 1 and 500', [{ path: 'first', message: 'between 1 and 500' }]);
      return recordTimeline(recordContext(ctx), args.object, args.recordId, args.first);
    },
  },
};

export const staticMutations: GraphQLFieldConfigMap<unknown, ApiContext> = {
  login: {
    type: nn(LoginResultType),
    description: 'Signs in (also on /graphql/platform); the token names the tenant for every later request',
    args: { tenant: { type: nn(GraphQLString) }, email: { type: nn(GraphQLString) }, password: { type: nn(GraphQLString) } },
    resolve: (_r, args: { tenant: string; email: string; password: string }, ctx) => ctx.platform.login(args, ctx.client),
  },
};
