import { readdirSync, readFileSync } from 'node:fs';
import { getIntrospectionQuery, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { validateDefinitions } from '@funnelcraft/definitions';
import { buildTenantSchema } from '@funnelcraft/graphql-api';
import { checkShape, DEFAULT_QUERY_LIMITS, evaluateCost, measureDocument, operationCost } from './query-limits.js';

const dir = new URL('../../../schemas/examples/sales/', import.meta.url);
const schema = buildTenantSchema(validateDefinitions(readdirSync(dir).map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as unknown)));
const costOf = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return evaluateCost(operationCost(schema, document, document.definitions[0] as OperationDefinitionNode), variables);
};

describe('query limits', () => {
  it('let the introspection query and a board through the defaults', () => {
    expect(checkShape(measureDocument(parse(getIntrospectionQuery())), DEFAULT_QUERY_LIMITS)).toBeUndefined();
    expect(costOf(getIntrospectionQuery())).toBeLessThan(DEFAULT_QUERY_LIMITS.maxCost);
  });

  it('multiply pages of connections, not of other lists, and count each record once', () => {
    expect(costOf('{ accounts(first: 10) { totalCount pageInfo { hasNextPage } nodes { id owner { email } } } }')).toBe(1 + 1 + 10 + 10);
    expect(costOf('{ accounts(first: 10) { edges { cursor node { id } } } }')).toBe(1 + 10 + 10);
    // Board: `first` is per column; the cards of each column count it.
    expect(costOf('{ opportunitiesBoard(first: 5) { columns { count cards { nodes { id } } } } }')).toBe(1 + 1 + 1 + 5);
  });

  it('take page sizes from variables, their defaults, or the argument default', () => {
    const query = 'query($n: Int = 7) { accounts(first: $n) { nodes { id } } }';
    expect(costOf(query, { n: 3 })).toBe(1 + 3);
    expect(costOf(query)).toBe(1 + 7);
    expect(costOf('query($n: Int) { accounts(first: $n) { nodes { id } } }')).toBe(1 + 50);
  });
});
