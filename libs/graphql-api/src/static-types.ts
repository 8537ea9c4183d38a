/** Types every tenant schema shares: money, paging, users, the session, pipeline metadata (boards) and the typed filters. */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLInputType,
  type GraphQLNullableType,
} from 'graphql';
import type { PipelineModel, StageModel } from '@funnelcraft/definitions';
import type { UserRow } from '@funnelcraft/storage';
import { DateScalar, DateTimeScalar, JSONScalar } from './scalars.js';

type Nullable = GraphQLNullableType;
const nn = <T extends Nullable>(t: T) => new GraphQLNonNull(t);
const list = <T extends Nullable>(t: T) => new GraphQLList(new GraphQLNonNull(t));

export const SortDirection = new GraphQLEnumType({ name: 'SortDirection', values: { ASC: {}, DESC: {} } });
export const NullsOrder = new GraphQLEnumType({ name: 'NullsOrder', values: { FIRST: {}, LAST: {} } });

export const MoneyType = new GraphQLObjectType({
  name: 'Money',
  fields: { amount: { type: nn(GraphQLFloat) }, currency: { type: nn(GraphQLString) } },
});
export const MoneyInput = new GraphQLInputObjectType({
  name: 'MoneyInput',
  fields: { amount: { type: nn(GraphQLFloat) }, currency: { type: GraphQLString, description: 'ISO 4217; defaults to the field or tenant currency' } },
});

export const PageInfoType = new GraphQLObjectType({
  name: 'PageInfo',
  fields: { hasNextPage: { type: nn(GraphQLBoolean) }, endCursor: { type: GraphQLString } },
});

export const UserType = new GraphQLObjectType<UserRow>({
  name: 'User',
  fields: {
    id: { type: nn(GraphQLID) },
    email: { type: nn(GraphQLString) },
    name: { type: nn(GraphQLString) },
    roles: { type: nn(list(GraphQLString)) },
  },
});

export const TenantType = new GraphQLObjectType({
  name: 'Tenant',
  fields: { id: { type: nn(GraphQLID) }, slug: { type: nn(GraphQLString) }, currency: { type: nn(GraphQLString) } },
});

export const LoginResultType = new GraphQLObjectType({
  name: 'LoginResult',
  fields: { token: { type: nn(GraphQLString) }, user: { type: nn(UserType) }, tenant: { type: nn(TenantType) } },
});

export const TimelineEntryType = new GraphQLObjectType({
  name: 'TimelineEntry',
  fields: {
    at: { type: nn(DateTimeScalar) },
    kind: { type: nn(GraphQLString), description: 'created, updated, stage, deleted, restored, activity or approval' },
    actorId: { type: GraphQLID },
    title: { type: nn(GraphQLString) },
    details: { type: nn(JSONScalar) },
  },
});

export const StageMetaType = new GraphQLObjectType<StageModel>({
  name: 'StageMeta',
  fields: {
    key: { type: nn(GraphQLString) },
    label: { type: nn(JSONScalar) },
    probability: { type: nn(GraphQLFloat) },
    category: { type: nn(GraphQLString), description: 'open, won or lost' },
    idleDays: { type: GraphQLInt },
    index: { type: nn(GraphQLInt) },
    gate: { type: JSONScalar, description: 'required fields, json-logic condition and message to enter the stage' },
  },
});

export const PipelineMetaType = new GraphQLObjectType<PipelineModel>({
  name: 'PipelineMeta',
  fields: {
    key: { type: nn(GraphQLString) },
    object: { type: nn(GraphQLString) },
    label: { type: nn(JSONScalar) },
    isDefault: { type: nn(GraphQLBoolean) },
    amountField: { type: GraphQLString },
    allowSkip: { type: nn(GraphQLBoolean) },
    allowReopen: { type: nn(GraphQLBoolean) },
    lostReasonRequired: { type: nn(GraphQLBoolean) },
    stages: { type: nn(list(StageMetaType)) },
  },
});

function filterType(name: string, value: GraphQLInputType, ops: ('eq' | 'neq' | 'in' | 'notIn' | 'range' | 'text')[]): GraphQLInputObjectType {
  const fields: Record<string, { type: GraphQLInputType; description?: string }> = { isNull: { type: GraphQLBoolean } };
  if (ops.includes('eq')) fields['eq'] = { type: value };
  if (ops.includes('neq')) fields['neq'] = { type: value };
  if (ops.includes('in')) fields['in'] = { type: list(value as GraphQLInputType & Nullable) };
  if (ops.includes('notIn')) fields['notIn'] = { type: list(value as GraphQLInputType & Nullable) };
  if (ops.includes('range')) for (const op of ['gt', 'gte', 'lt', 'lte']) fields[op] = { type: value };
  if (ops.includes('text')) {
    fields['contains'] = { type: GraphQLString, description: 'case-insensitive substring' };
    fields['startsWith'] = { type: GraphQLString };
  }
  return new GraphQLInputObjectType({ name, fields });
}

export const FILTER_TYPES = {
  text: filterType('StringFilter', GraphQLString, ['eq', 'neq', 'in', 'notIn', 'range', 'text']),
  number: filterType('NumberFilter', GraphQLFloat, ['eq', 'neq', 'in', 'notIn', 'range']),
  date: filterType('DateFilter', DateScalar, ['eq', 'neq', 'in', 'range']),
  datetime: filterType('DateTimeFilter', DateTimeScalar, ['eq', 'neq', 'range']),
  boolean: filterType('BooleanFilter', GraphQLBoolean, ['eq', 'neq']),
  id: filterType('IdFilter', GraphQLID, ['eq', 'neq', 'in', 'notIn']),
  textList: new GraphQLInputObjectType({
    name: 'StringListFilter',
    fields: {
      contains: { type: GraphQLString, description: 'holds this value' },
      containsAny: { type: list(GraphQLString), description: 'holds at least one of these values' },
      containsAll: { type: list(GraphQLString), description: 'holds every one of these values' },
      isNull: { type: GraphQLBoolean },
    },
  }),
} as const;

export { nn, list };
