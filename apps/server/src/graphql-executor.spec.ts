import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateDefinitions } from '@funnelcraft/definitions';
import { buildTenantSchema } from '@funnelcraft/graphql-api';
import { GraphqlExecutor } from './graphql-executor.js';

const dir = new URL('../../../schemas/examples/sales/', import.meta.url);
const docs = readdirSync(dir).map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as unknown);
const executor = new GraphqlExecutor(buildTenantSchema(validateDefinitions(docs)));

describe('GraphqlExecutor', () => {
  it('compiles list queries with custom scalars, money and lookups (no silent fallback to the interpreter)', () => {
    const list = `query($stage: String!, $min: Float!) {
      opportunities(first: 50, filter: { stage: { eq: $stage }, amount: { gte: $min } }, orderBy: [{ field: closeDate, direction: DESC }]) {
        totalCount edges { cursor node { id name closeDate createdAt amount { amount currency } account { id name } owner { email } } }
      } }`;
    expect(executor.runsCompiled(list)).toBe(true);
    expect(executor.runsCompiled('mutation($in: OpportunityInput!) { createOpportunity(input: $in) { id version closeDate } }')).toBe(true);
    expect(executor.runsCompiled('{ me { id email } tenant { slug } }')).toBe(true);
  });

  it('interprets operations whose variables use recursive input types, which graphql-jit cannot compile', () => {
    expect(executor.runsCompiled('query($f: OpportunityFilter) { opportunities(filter: $f) { totalCount } }')).toBe(false);
  });
});
