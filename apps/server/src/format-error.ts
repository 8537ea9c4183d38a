/**
 * The one place errors leave the server: domain errors keep their code, message and details; input errors
 * from PostgreSQL become BAD_USER_INPUT; anything unexpected is logged and reported without internals.
 */
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isDomainError } from '@funnelcraft/kernel';

const PG_INPUT_ERRORS = new Set(['22P02', '22007', '22008', '22003', '22023']);

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isDomainError(original)) {
    return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code: original.code, details: original.details } };
  }
  const pg = original as { code?: string; message?: string };
  if (typeof pg?.code === 'string' && PG_INPUT_ERRORS.has(pg.code)) {
    return { message: `Invalid value: ${pg.message}`, path: formatted.path, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', details: [] } };
  }
  const code = formatted.extensions?.['code'];
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
    console.error('[funnelcraft] unexpected error', original);
    return { message: 'Internal error; it has been logged', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return formatted;
}
