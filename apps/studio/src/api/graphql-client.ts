/**
 * The studio's only way to the server: POST `{ query, variables }` with the bearer token, to the data API
 * (`/graphql`, generated per tenant) or to the platform API (`/graphql/platform`: sign-in, users, definitions,
 * views, rates, attachments), as the document says; and multipart uploads to `/files`.
 * Every failure (GraphQL `errors`, HTTP errors, an unreachable server) becomes one typed `GraphqlError`.
 */

/** Which API a document is for. */
export type Endpoint = 'data' | 'platform';

/** A GraphQL document that carries the types of its result and variables. */
export interface Document<TData, TVariables> {
  readonly query: string;
  /** Absent: the data API. */
  readonly endpoint?: Endpoint;
  /**
   * Never set: only here so TypeScript keeps the type parameters, the result covariant and the variables
   * contravariant (a document may be read as a wider result, and sent narrower variables).
   */
  readonly __types?: [TData, (variables: TVariables) => void];
}

/** A data API document (record queries built from metadata). Platform documents are generated: platform-operations.generated.ts. */
export const gql = <TData, TVariables = Record<string, never>>(query: string): Document<TData, TVariables> => ({ query });

export interface GraphqlErrorDetail {
  path: string;
  message: string;
  [key: string]: unknown;
}

/** Codes the server sends in `extensions.code`, plus two of our own for failures before GraphQL runs. */
export type GraphqlErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'NETWORK_ERROR' | 'BAD_RESPONSE' | (string & {});

export class GraphqlError extends Error {
  override readonly name = 'GraphqlError';

  constructor(
    readonly code: GraphqlErrorCode,
    message: string,
    readonly details: GraphqlErrorDetail[] = [],
    /** HTTP status of the response; 0 when the server could not be reached. */
    readonly status = 0,
  ) {
    super(message);
  }
}

interface WireError {
  message?: unknown;
  extensions?: { code?: unknown; details?: unknown };
}

interface WireResponse<TData> {
  data?: TData | null;
  errors?: WireError[];
}

/** The first error of a response: the one the user sees. */
function toError(error: WireError | undefined, status: number): GraphqlError {
  const code = typeof error?.extensions?.code === 'string' ? error.extensions.code : 'BAD_RESPONSE';
  const message = typeof error?.message === 'string' ? error.message : `Unexpected response (HTTP ${status})`;
  const details = Array.isArray(error?.extensions?.details) ? (error.extensions.details as GraphqlErrorDetail[]) : [];
  return new GraphqlError(code, message, details, status);
}

export interface GraphqlClientOptions {
  /** The data API, e.g. `/graphql`. */
  endpoint: string;
  /** The platform API; `<endpoint>/platform` unless given. */
  platformEndpoint?: string;
  /** Read on every request, so signing in or out needs no new client. */
  token: () => string | null;
  fetch?: typeof fetch;
}

export interface GraphqlClient {
  request<TData, TVariables>(document: Document<TData, TVariables>, variables: TVariables): Promise<TData>;
  /** POSTs multipart form data (an upload) to a plain HTTP path; errors come in the GraphQL error shape. */
  postForm<TData>(path: string, form: FormData): Promise<TData>;
}

export function createGraphqlClient(options: GraphqlClientOptions): GraphqlClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const endpoints: Record<Endpoint, string> = { data: options.endpoint, platform: options.platformEndpoint ?? `${options.endpoint}/platform` };

  async function send(
    url: string,
    init: RequestInit & { headers: Record<string, string> },
  ): Promise<{ response: Response; body: WireResponse<unknown> & Record<string, unknown> }> {
    const token = options.token();
    let response: Response;
    try {
      response = await doFetch(url, {
        ...init,
        headers: { accept: 'application/json', ...init.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
    } catch (cause) {
      throw new GraphqlError('NETWORK_ERROR', cause instanceof Error ? cause.message : 'Network error');
    }
    let body: WireResponse<unknown> & Record<string, unknown>;
    try {
      body = (await response.json()) as WireResponse<unknown> & Record<string, unknown>;
    } catch {
      // A proxy's HTML error page, or a server that is not ours.
      throw new GraphqlError(response.ok ? 'BAD_RESPONSE' : 'NETWORK_ERROR', `Unexpected response (HTTP ${response.status})`, [], response.status);
    }
    if (body.errors?.length) throw toError(body.errors[0], response.status);
    return { response, body };
  }

  async function request<TData, TVariables>(document: Document<TData, TVariables>, variables: TVariables): Promise<TData> {
    const { response, body } = await send(endpoints[document.endpoint ?? 'data'], {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: document.query, variables }),
    });
    if (!response.ok || (body.data ?? null) === null) throw toError(undefined, response.status);
    return body.data as TData;
  }

  async function postForm<TData>(path: string, form: FormData): Promise<TData> {
    const { response, body } = await send(path, { method: 'POST', headers: {}, body: form });
    if (!response.ok) throw toError(undefined, response.status);
    return body as TData;
  }

  return { request, postForm };
}
