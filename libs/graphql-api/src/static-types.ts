/** Types every tenant schema shares: money, paging, users, metadata, definition plans and the typed filters. */
import {
  GraphQLBoolean, GraphQLEnumType, GraphQLFloat, GraphQLID, GraphQLInputObjectType, GraphQLInt, GraphQLList, GraphQLNonNull,
  GraphQLObjectType, GraphQLString, type GraphQLInputType, type GraphQLNullableType,
} from 'graphql';
import { FILTER_OPERATORS, type FieldKind, type FieldModel, type ObjectModel, type PipelineModel, type StageModel } from '@funnelcraft/definitions';
import type { UserRow } from '@funnelcraft/storage';
import { recordJsonSchema } from '@funnelcraft/records';
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

export const CurrencyRateType = new GraphQLObjectType({
  name: 'CurrencyRate',
  fields: { currency: { type: nn(GraphQLString) }, rate: { type: nn(GraphQLFloat) }, updatedAt: { type: DateTimeScalar } },
});
export const DocumentRefInput = new GraphQLInputObjectType({
  name: 'DocumentRefInput',
  description: 'one definition document: its kind (object, pipeline, conversion) and its name within the kind',
  fields: { kind: { type: nn(GraphQLString) }, name: { type: nn(GraphQLString) } },
});

export const CurrencyRateInput = new GraphQLInputObjectType({
  name: 'CurrencyRateInput',
  fields: { currency: { type: nn(GraphQLString) }, rate: { type: nn(GraphQLFloat) } },
});

export const SavedViewType = new GraphQLObjectType({
  name: 'SavedView',
  fields: {
    id: { type: nn(GraphQLID) },
    object: { type: nn(GraphQLString) },
    name: { type: nn(GraphQLString) },
    shared: { type: nn(GraphQLBoolean) },
    ownerId: { type: GraphQLID },
    definition: { type: nn(JSONScalar), description: '{ columns, filter, orderBy, pageSize }' },
    updatedAt: { type: nn(DateTimeScalar) },
  },
});

export const AttachmentType = new GraphQLObjectType({
  name: 'Attachment',
  fields: {
    id: { type: nn(GraphQLID) },
    object: { type: nn(GraphQLString) },
    recordId: { type: nn(GraphQLID) },
    fileName: { type: nn(GraphQLString) },
    contentType: { type: nn(GraphQLString) },
    size: { type: nn(GraphQLInt) },
    uploadedAt: { type: nn(DateTimeScalar) },
    uploadedBy: { type: GraphQLID },
    url: { type: nn(GraphQLString), description: 'GET with the bearer token', resolve: (a: { id: string }) => `/files/${a.id}` },
  },
});

export const TimelineEntryType = new GraphQLObjectType({
  name: 'TimelineEntry',
  fields: {
    at: { type: nn(DateTimeScalar) },
    kind: { type: nn(GraphQLString), description: 'created, updated, stage, deleted, restored or activity' },
    actorId: { type: GraphQLID },
    title: { type: nn(GraphQLString) },
    details: { type: nn(JSONScalar) },
  },
});

/** A field kind's flags, as the registry has them: the studio reads these instead of keeping its own tables. */
export const FieldKindMetaType = new GraphQLObjectType<FieldKind>({
  name: 'FieldKindMeta',
  fields: {
    id: { type: nn(GraphQLString) },
    stored: { type: nn(GraphQLBoolean), description: 'false for values computed in SQL when read (formulas): a condition tested on one record in memory cannot name them', resolve: (k) => k.storage !== null },
    writable: { type: nn(GraphQLBoolean), description: 'false for values the platform computes (auto numbers, formulas): they cannot be required' },
    indexable: { type: nn(GraphQLBoolean), description: 'whether unique / indexed make sense' },
    canBeAmount: { type: nn(GraphQLBoolean), description: "whether it can be a pipeline's amount field" },
    searchable: { type: nn(GraphQLBoolean), description: 'free text a quick search looks into (contains)' },
    sortable: { type: nn(GraphQLBoolean), description: 'whether lists sort and group by it' },
    canBeTitle: { type: nn(GraphQLBoolean), description: "whether it can be an object's display field" },
    link: { type: GraphQLString, description: 'record (lookup) or user: read as <name>Id and the linked value' },
    filterOperators: { type: nn(list(GraphQLString)), description: 'operators of its typed filter input', resolve: (k) => FILTER_OPERATORS[k.filter] },
  },
});

export const FieldMetaType = new GraphQLObjectType<FieldModel>({
  name: 'FieldMeta',
  fields: {
    name: { type: nn(GraphQLString) },
    kind: { type: nn(GraphQLString), resolve: (f) => f.kind.id },
    label: { type: nn(JSONScalar) },
    required: { type: nn(GraphQLBoolean) },
    unique: { type: nn(GraphQLBoolean) },
    indexed: { type: nn(GraphQLBoolean) },
    readOnly: { type: nn(GraphQLBoolean), resolve: (f) => f.readOnly || !f.kind.writable },
    options: { type: nn(JSONScalar) },
    target: { type: GraphQLString },
    document: { type: nn(JSONScalar), description: 'The field as written in its definition' },
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

export const ObjectMetaType = new GraphQLObjectType<ObjectModel>({
  name: 'ObjectMeta',
  fields: {
    name: { type: nn(GraphQLString) },
    plural: { type: nn(GraphQLString) },
    label: { type: nn(JSONScalar) },
    pluralLabel: { type: nn(JSONScalar) },
    displayField: { type: nn(GraphQLString) },
    fields: { type: nn(list(FieldMetaType)) },
    document: { type: nn(JSONScalar), description: 'The object definition document' },
    recordSchema: {
      type: nn(JSONScalar),
      description: 'JSON Schema of a record input, as the server validates it (mode create: with required fields)',
      args: { mode: { type: GraphQLString, defaultValue: 'create', description: 'create or update' } },
      resolve: (o, args: { mode: string }) => recordJsonSchema(o, args.mode === 'update' ? 'update' : 'create'),
    },
    pipelines: { type: nn(list(PipelineMetaType)), description: 'stage pipelines of this object' },
    hasConversion: { type: nn(GraphQLBoolean), resolve: (o, _a, ctx: { model: { conversions: ReadonlyMap<string, unknown> } }) => ctx.model.conversions.has(o.name) },
  },
});

export const PlanStepType = new GraphQLObjectType({
  name: 'PlanStep',
  fields: {
    action: { type: nn(GraphQLString) },
    object: { type: nn(GraphQLString) },
    field: { type: GraphQLString },
    description: { type: nn(GraphQLString) },
    sql: { type: nn(list(GraphQLString)) },
    destructive: { type: nn(GraphQLBoolean) },
    valuesLost: { type: GraphQLInt, description: 'How many stored values (or records) this step would delete' },
  },
});

export const ApplyResultType = new GraphQLObjectType({
  name: 'ApplyResult',
  fields: {
    applied: { type: nn(GraphQLBoolean) },
    version: { type: nn(GraphQLInt) },
    hash: { type: nn(GraphQLString) },
    steps: { type: nn(list(PlanStepType)) },
  },
});

export const DefinitionVersionType = new GraphQLObjectType({
  name: 'DefinitionVersion',
  fields: {
    version: { type: nn(GraphQLInt) },
    hash: { type: nn(GraphQLString) },
    appliedAt: { type: nn(DateTimeScalar) },
    appliedBy: { type: GraphQLID },
    appliedByEmail: { type: GraphQLString },
    plan: { type: nn(JSONScalar) },
    documents: { type: nn(JSONScalar) },
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
