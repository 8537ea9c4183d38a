/** Custom scalars: JSON (definition documents, labels), Date (YYYY-MM-DD) and DateTime (ISO 8601). */
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function literalToJson(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map(literalToJson);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    default:
      throw new GraphQLError('Variables are not supported inside JSON literals; pass the whole value as a variable');
  }
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: literalToJson,
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function stringScalar(name: string, description: string, pattern: RegExp, example: string): GraphQLScalarType {
  const check = (v: unknown): string => {
    if (typeof v !== 'string' || !pattern.test(v) || Number.isNaN(Date.parse(v))) {
      throw new GraphQLError(`${name} must be like ${example}, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (v) => v,
    parseValue: check,
    parseLiteral: (node) => check(node.kind === Kind.STRING ? node.value : undefined),
  });
}

export const DateScalar = stringScalar('Date', 'A calendar date, YYYY-MM-DD', DATE, '2026-03-31');
export const DateTimeScalar = stringScalar('DateTime', 'An instant, ISO 8601 with a time zone', DATE_TIME, '2026-03-31T09:30:00Z');
