/**
 * The one place errors leave the server: domain errors keep their code, message and details; input errors
 * from PostgreSQL become BAD_USER_INPUT; anything unexpected is logged and reported without internals.
 */
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { isDomainError } from '@funnelcraft/kernel';

/** query_canceled: the statement timeout of the data pool (or an operator's cancel) stopped it. */
const STATEMENT_TIMEOUT = '57014';
const PG_INPUT_ERRORS = new Set(['22P02', '22007', '22008', '22003', '22023']);
/** character_not_in_repertoire (a NUL in a text parameter) and untranslatable_character (a \u0000 in jsonb). */
const PG_NUL_ERRORS = new Set(['22021', '22P05']);

/** @param code the code for errors that carry none of their own (parse, validation, variable errors) */
export function formatError(error: GraphQLError, code?: string): GraphQLFormattedError {
  const original = error.originalError;
  const where = { ...(error.path ? { path: error.path } : {}), ...(error.locations ? { locations: error.locations } : {}) };
  if (isDomainError(original)) {
    return { message: original.message, ...where, extensions: { code: original.code, details: original.details } };
  }
  const pg = original as { code?: unknown; message?: string } | undefined;
  if (typeof pg?.code === 'string' && PG_INPUT_ERRORS.has(pg.code)) {
    return { message: `Invalid value: ${pg.message}`, ...where, extensions: { code: 'BAD_USER_INPUT', details: [] } };
  }
  if (typeof pg?.code === 'string' && PG_NUL_ERRORS.has(pg.code)) {
    // Record values are checked by name before they get here (records validation); this catches every other text.
    const message = 'A text contains a NUL character (U+0000), which cannot be stored';
    return { message, ...where, extensions: { code: 'VALIDATION_FAILED', details: [{ path: error.path?.join('.') ?? '', message, keyword: 'nul' }] } };
  }
  if (pg?.code === STATEMENT_TIMEOUT) {
    return {
      message: 'The query ran longer than the statement timeout (DATABASE_STATEMENT_TIMEOUT_MS) and was cancelled; nothing it did was kept',
      ...where,
      extensions: { code: 'LIMIT_EXCEEDED', details: [{ path: error.path?.join('.') ?? 'query', message: 'statement timeout', limit: 'statementTimeout' }] },
    };
  }
  if (original && !(original as { extensions?: unknown }).extensions && !code) {
    console.error('[funnelcraft] unexpected error', original);
    return { message: 'Internal error; it has been logged', ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  // graphql-jit's own errors may carry no extensions object at all.
  const extensions = (error.extensions as Record<string, unknown> | undefined) ?? {};
  return { message: error.message, ...where, extensions: { ...extensions, code: (extensions['code'] as string | undefined) ?? code ?? 'BAD_USER_INPUT' } };
}
