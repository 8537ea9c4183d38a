/**
 * The GraphQL side of each field kind: the output type of its value and the input type a create or update
 * takes. (Its filter input follows from the kind's filter kind: FILTER_TYPES.) The `{ [K in FieldKindId]: … }`
 * type makes a kind without its entry a compile error. A link (lookup, user) is an ID here; the object type
 * adds the linked record or user beside `<name>Id`.
 */
import { GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLString, type GraphQLInputType, type GraphQLOutputType } from 'graphql';
import { effectiveKind, type FieldKindId, type FieldModel } from '@funnelcraft/definitions';
import { DateScalar, DateTimeScalar } from './scalars.js';
import { list, MoneyInput, MoneyType } from './static-types.js';

export interface KindTypes {
  output: GraphQLOutputType;
  input: GraphQLInputType;
}

const same = (t: GraphQLOutputType & GraphQLInputType): KindTypes => ({ output: t, input: t });
const text = same(GraphQLString);
const number = same(GraphQLFloat);

export const KIND_TYPES: Readonly<{ [K in FieldKindId]: KindTypes }> = {
  text,
  long_text: text,
  email: text,
  phone: text,
  url: text,
  number,
  percent: number,
  currency: { output: MoneyType, input: MoneyInput },
  date: same(DateScalar),
  datetime: same(DateTimeScalar),
  boolean: same(GraphQLBoolean),
  single_select: text,
  multi_select: same(list(GraphQLString)),
  lookup: same(GraphQLID),
  user: same(GraphQLID),
  auto_number: text,
  // Never looked up by itself: a formula has the types of its result kind (effectiveKind).
  formula: text,
};

/** The types a field's value has in the API (a formula: those of its result kind). */
export const kindTypesOf = (f: FieldModel): KindTypes => KIND_TYPES[effectiveKind(f).id];
