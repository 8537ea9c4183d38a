/** The global search on the data API: `search(text, first)` over the searchable fields of every object. */
import { GraphQLID, GraphQLInt, GraphQLObjectType, GraphQLString, type GraphQLFieldConfigMap } from 'graphql';
import { searchAll } from '@funnelcraft/records';
import { recordContext, type ApiContext } from './context.js';
import { list, nn } from './static-types.js';

const SearchHitType = new GraphQLObjectType({
  name: 'SearchHit',
  description: 'A record whose searchable text holds the search text',
  fields: {
    object: { type: nn(GraphQLString), description: 'the object’s API name' },
    id: { type: nn(GraphQLID) },
    title: { type: GraphQLString, description: 'the display field’s value' },
    field: { type: nn(GraphQLString), description: 'the first searchable field holding the text' },
    value: { type: nn(GraphQLString), description: 'that field’s value' },
  },
});

export const searchQueries: GraphQLFieldConfigMap<unknown, ApiContext> = {
  search: {
    type: nn(list(SearchHitType)),
    description:
      'Records of any object whose names, emails, phones… (fields of searchable kinds) contain the text, ignoring case; best first: the display field before other fields, a start before a middle',
    args: { text: { type: nn(GraphQLString) }, first: { type: GraphQLInt, defaultValue: 10 } },
    resolve: (_r, args: { text: string; first: number }, ctx) => searchAll(recordContext(ctx), args.text, args.first ?? 10),
  },
};
