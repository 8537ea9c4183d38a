/** GraphQL for objects with a conversion: `convert<Type>` and `<type>ConversionCandidates`. */
import { GraphQLBoolean, GraphQLID, GraphQLInputObjectType, GraphQLInt, GraphQLObjectType, GraphQLString, type GraphQLFieldConfigMap } from 'graphql';
import { objectApiNames, type ObjectModel, type TenantModel } from '@funnelcraft/definitions';
import { conversionCandidates, convertRecord, type ConversionCandidate, type ConversionChoice, type ConvertedRecord } from '@funnelcraft/records';
import { recordContext, type ApiContext } from './context.js';
import { JSONScalar } from './scalars.js';
import { list, nn } from './static-types.js';

export const ConvertedRecordType = new GraphQLObjectType<ConvertedRecord>({
  name: 'ConvertedRecord',
  fields: {
    target: { type: nn(GraphQLString) },
    object: { type: nn(GraphQLString) },
    id: { type: nn(GraphQLID) },
    created: { type: nn(GraphQLBoolean), description: 'false when an existing record was linked' },
  },
});

export const ConversionChoiceInput = new GraphQLInputObjectType({
  name: 'ConversionChoiceInput',
  fields: {
    target: { type: nn(GraphQLString) },
    id: { type: GraphQLID, description: 'link this existing record instead of creating one' },
    skip: { type: GraphQLBoolean, description: 'leave an optional target out' },
    createNew: { type: GraphQLBoolean, description: 'create even though possible duplicates exist' },
    values: { type: JSONScalar, description: 'values for the new record, over the mapped ones' },
  },
});

export const ConversionCandidateType = new GraphQLObjectType<ConversionCandidate & { model: TenantModel }>({
  name: 'ConversionCandidate',
  fields: {
    target: { type: nn(GraphQLString) },
    object: { type: nn(GraphQLString) },
    id: { type: nn(GraphQLID), resolve: (c) => c.record['id'] },
    label: {
      type: GraphQLString,
      description: 'the display field of the existing record',
      resolve: (c) => c.record[c.model.byName.get(c.object)?.displayField ?? 'id'] ?? null,
    },
    matchedOn: { type: nn(list(GraphQLString)) },
    record: { type: nn(JSONScalar) },
  },
});

export function conversionRootFields(
  model: TenantModel,
  o: ObjectModel,
  output: GraphQLObjectType,
): { queries: GraphQLFieldConfigMap<unknown, ApiContext>; mutations: GraphQLFieldConfigMap<unknown, ApiContext> } {
  if (!model.conversions.has(o.name)) return { queries: {}, mutations: {} };
  const names = objectApiNames(o.name, o.plural);
  const result = new GraphQLObjectType<{ source: unknown; records: ConvertedRecord[] }>({
    name: `${names.type}Conversion`,
    fields: { source: { type: nn(output) }, records: { type: nn(list(ConvertedRecordType)) } },
  });
  return {
    queries: {
      [names.conversionCandidates]: {
        type: nn(list(ConversionCandidateType)),
        description: 'existing records that converting would duplicate',
        args: { id: { type: nn(GraphQLID) } },
        resolve: async (_r, args: { id: string }, ctx) =>
          (await conversionCandidates(recordContext(ctx), o.name, args.id)).map((c) => ({ ...c, model: ctx.model })),
      },
    },
    mutations: {
      [names.convert]: {
        type: nn(result),
        description: 'Converts the record as its conversion definition says, in one transaction',
        args: { id: { type: nn(GraphQLID) }, version: { type: nn(GraphQLInt) }, choices: { type: list(ConversionChoiceInput) } },
        resolve: (_r, args: { id: string; version: number; choices?: ConversionChoice[] | null }, ctx) =>
          convertRecord(
            recordContext(ctx),
            o.name,
            args.id,
            args.version,
            (args.choices ?? []).map((c) => ({ ...c, values: (c.values ?? undefined) as Record<string, unknown> | undefined })),
          ),
      },
    },
  };
}
