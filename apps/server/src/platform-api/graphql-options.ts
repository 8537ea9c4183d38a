/**
 * How Apollo serves the platform API: code-first schema in memory (the checked-in copy is apps/server/schema.gql),
 * production settings (no landing page, no usage reporting, no inline trace, no cache-control wrapping, no stack
 * traces), and our error shape: a DomainError's code and details in `extensions`, never "Internal server error".
 */
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { retryAfterOf } from '@funnelcraft/kernel';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { formatError } from '../format-error.js';
import type { PlatformGqlContext, SessionRequest } from './auth/request-session.js';

export const PLATFORM_GRAPHQL_PATH = '/graphql/platform';

/** Every error leaves with a code and a details list (empty when the problem has no single place). */
export function formatPlatformError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const out = error instanceof GraphQLError ? formatError(error) : formatted;
  // `http` is Apollo's own instruction for the status code, not part of the answer.
  const { http: _http, ...extensions } = out.extensions ?? {};
  return {
    ...out,
    extensions: {
      ...extensions,
      code: extensions['code'] ?? 'INTERNAL_SERVER_ERROR',
      details: Array.isArray(extensions['details']) ? extensions['details'] : [],
    },
  };
}

/** A RATE_LIMITED error (a throttled login) answers HTTP 429 with Retry-After, as the request gate's do. */
export const rateLimitedStatus: ApolloServerPlugin = {
  requestDidStart: async () => ({
    willSendResponse: async ({ errors, response }) => {
      let wait: number | undefined;
      for (const e of errors ?? []) {
        const s = retryAfterOf(e.originalError);
        if (s !== undefined) wait = Math.max(wait ?? 0, s);
      }
      if (wait === undefined) return;
      response.http.status = 429;
      response.http.headers.set('retry-after', String(wait));
    },
  }),
};

export function platformGraphqlOptions(): ApolloDriverConfig {
  return {
    driver: ApolloDriver,
    path: PLATFORM_GRAPHQL_PATH,
    autoSchemaFile: true,
    sortSchema: true,
    graphiql: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      rateLimitedStatus,
    ],
    formatError: formatPlatformError,
    // Nest's own plugin would set every answer with data back to 200 after ours set 429 (rateLimitedStatus).
    preserveHttpStatusForExecutionErrors: false,
    context: ({ req }: { req: SessionRequest }): PlatformGqlContext => ({ req }),
  };
}
