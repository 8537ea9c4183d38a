/** Root fields every schema has: sign-in, the session, metadata, and the definition pipeline. */
import { GraphQLBoolean, GraphQLID, GraphQLInt, GraphQLString, type GraphQLFieldConfigMap } from 'graphql';
import { getRecord, recordTimeline, removeView, savedViews, saveView } from '@funnelcraft/records';
import { FIELD_KINDS, type DocumentRef } from '@funnelcraft/definitions';
import { badInput } from '@funnelcraft/kernel';
import { recordContext, requireSession, type ApiContext } from './context.js';
import { PipelineMetaType } from './pipeline-types.js';
import { reportQueries } from './report-types.js';
import { analyticsQueries } from './analytics-types.js';
import { JSONScalar } from './scalars.js';
import {
  ApplyResultType, AttachmentType, FieldKindMetaType, DocumentRefInput, CurrencyRateInput, CurrencyRateType, SavedViewType, TimelineEntryType, DefinitionVersionType, list, LoginResultType, nn, ObjectMetaType, TenantType, UserType,
} from './static-types.js';

export const staticQueries: GraphQLFieldConfigMap<unknown, ApiContext> = {
  ...reportQueries,
  ...analyticsQueries,
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
  fieldKinds: {
    type: nn(list(FieldKindMetaType)),
    description: 'every field kind and its flags (the same for every tenant)',
    resolve: () => Object.values(FIELD_KINDS),
  },
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
  pipelines: {
    type: nn(list(PipelineMetaType)),
    args: { object: { type: GraphQLString, description: 'only the pipelines of this object' } },
    resolve: (_r, args: { object?: string | null }, ctx) => {
      requireSession(ctx);
      return [...ctx.model.pipelines.values()].filter((p) => !args.object || p.object === args.object);
    },
  },
  currencyRates: {
    type: nn(list(CurrencyRateType)),
    description: 'rates into the tenant reporting currency (tenant.currency)',
    resolve: (_r, _a, ctx) => ctx.platform.currencyRates(requireSession(ctx)),
  },
  savedViews: {
    type: nn(list(SavedViewType)),
    description: 'your own views of an object and the shared ones',
    args: { object: { type: nn(GraphQLString) } },
    resolve: (_r, args: { object: string }, ctx) => savedViews(recordContext(ctx), args.object),
  },
  attachments: {
    type: nn(list(AttachmentType)),
    args: { object: { type: nn(GraphQLString) }, recordId: { type: nn(GraphQLID) } },
    resolve: async (_r, args: { object: string; recordId: string }, ctx) => {
      if (!(await getRecord(recordContext(ctx), args.object, args.recordId))) return [];
      return ctx.platform.attachments(requireSession(ctx), args.object, args.recordId);
    },
  },
  timeline: {
    type: nn(list(TimelineEntryType)),
    description: 'creation, field changes, stage moves and activities of a record, newest first',
    args: { object: { type: nn(GraphQLString) }, recordId: { type: nn(GraphQLID) }, first: { type: GraphQLInt, defaultValue: 50 } },
    resolve: (_r, args: { object: string; recordId: string; first: number }, ctx) => {
      if (args.first < 1 || args.first > 500) throw badInput('first must be between 1 and 500', [{ path: 'first', message: 'between 1 and 500' }]);
      return recordTimeline(recordContext(ctx), args.object, args.recordId, args.first);
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
    description: 'Validates, plans and applies definition documents in one transaction. Documents are upserts; documents are deleted only through deleteDocuments (deleteObjects and deletePipelines are shorthands for it).',
    args: {
      documents: { type: nn(list(JSONScalar)) },
      deleteDocuments: { type: list(DocumentRefInput), description: 'documents of any kind to delete; an object takes its pipelines and conversion along' },
      deleteObjects: { type: list(GraphQLString) },
      deletePipelines: { type: list(GraphQLString) },
      dryRun: { type: GraphQLBoolean, defaultValue: false },
      confirmDataLoss: { type: GraphQLBoolean, defaultValue: false },
    },
    resolve: (_r, args: { documents: unknown[]; deleteDocuments?: DocumentRef[] | null; deleteObjects?: string[] | null; deletePipelines?: string[] | null; dryRun: boolean; confirmDataLoss: boolean }, ctx) =>
      ctx.platform.applyDefinitions(requireSession(ctx), {
        documents: args.documents, deleteDocuments: args.deleteDocuments ?? [], deleteObjects: args.deleteObjects ?? [], deletePipelines: args.deletePipelines ?? [], dryRun: args.dryRun, confirmDataLoss: args.confirmDataLoss,
      }),
  },
  createUser: {
    type: nn(UserType),
    description: 'Adds a user to this workspace (admins only)',
    args: { email: { type: nn(GraphQLString) }, name: { type: nn(GraphQLString) }, password: { type: nn(GraphQLString) }, roles: { type: list(GraphQLString) } },
    resolve: (_r, args: { email: string; name: string; password: string; roles?: string[] | null }, ctx) =>
      ctx.platform.createUser(requireSession(ctx), { email: args.email, name: args.name, password: args.password, roles: args.roles ?? [] }),
  },
  saveView: {
    type: nn(SavedViewType),
    description: 'creates (no id) or updates a saved view',
    args: { id: { type: GraphQLID }, object: { type: nn(GraphQLString) }, name: { type: nn(GraphQLString) }, shared: { type: GraphQLBoolean }, definition: { type: nn(JSONScalar) } },
    resolve: (_r, args: { id?: string | null; object: string; name: string; shared?: boolean | null; definition: unknown }, ctx) =>
      saveView(recordContext(ctx), { id: args.id ?? undefined, object: args.object, name: args.name, shared: args.shared ?? undefined, definition: args.definition }),
  },
  deleteView: {
    type: nn(GraphQLBoolean),
    args: { id: { type: nn(GraphQLID) } },
    resolve: (_r, args: { id: string }, ctx) => removeView(recordContext(ctx), args.id),
  },
  deleteAttachment: {
    type: nn(GraphQLBoolean),
    args: { id: { type: nn(GraphQLID) } },
    resolve: (_r, args: { id: string }, ctx) => ctx.platform.deleteAttachment(requireSession(ctx), args.id),
  },
  setCurrencyRates: {
    type: nn(list(CurrencyRateType)),
    description: 'Sets exchange rates into the reporting currency (1 unit = rate reporting units); admins only',
    args: { rates: { type: nn(list(CurrencyRateInput)) } },
    resolve: (_r, args: { rates: { currency: string; rate: number }[] }, ctx) => ctx.platform.setCurrencyRates(requireSession(ctx), args.rates),
  },
};


