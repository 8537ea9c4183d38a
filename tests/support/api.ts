/** Starts the real server in-process on a free port against the test database, and talks GraphQL over HTTP. */
import { configFromEnv, type ServerConfig } from '../../apps/server/src/config.js';
import { startServer, type RunningServer } from '../../apps/server/src/server.js';
import { databaseUrl, PASSWORD } from './db.js';

export interface GqlResponse<T = Record<string, any>> {
  status: number;

  data: T;
  errors?: { message: string; path?: string[]; extensions: { code: string; details?: { path: string; message: string; [k: string]: unknown }[] } }[];
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<RunningServer> {
  const config: ServerConfig = {
    ...configFromEnv({}),
    port: 0,
    host: '127.0.0.1',
    databaseUrl: databaseUrl(),
    seedDemo: false,
    // Test receivers (SMTP, webhooks) listen on loopback.
    webhookAllowPrivate: true,
    // Every test server drains the one shared queue, so they agree on retries: quick backoff, three attempts.
    automation: {
      concurrency: 4,
      maxAttempts: 3,
      backoffBaseMs: 5,
      webhookTimeoutMs: 1000,
      retentionDays: 0,
      sweepMs: 30_000,
      abandonedAfterMs: 30_000,
      mail: { from: 'Funnelcraft <no-reply@test.local>' },
    },
    // Every test file talks from 127.0.0.1 to one database: per-address limits would count all of them.
    // Tests of the limits set their own (tests/e2e/api/api-tokens.test.ts, rate-limits.test.ts).
    rateLimits: { perPrincipal: 0, perIp: 0 },
    loginThrottle: { ...configFromEnv({}).loginThrottle, maxFailuresPerIp: 0 },
    log: () => undefined,
    ...overrides,
  };
  return startServer(config);
}

/** A request to the data API, `/graphql` (or to another GraphQL endpoint with `path`). */
export async function gql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  path = '/graphql',
): Promise<GqlResponse<T>> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: GqlResponse['errors'] };
  return { status: res.status, data: body.data, errors: body.errors };
}

/** A request to the platform API, `/graphql/platform`. */
export const platformGql = <T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) =>
  gql<T>(url, query, variables, token, '/graphql/platform');

export async function login(url: string, tenant: string, email: string, password = PASSWORD): Promise<string> {
  const res = await gql<{ login: { token: string } }>(
    url,
    'mutation($t: String!, $e: String!, $p: String!) { login(tenant: $t, email: $e, password: $p) { token } }',
    { t: tenant, e: email, p: password },
  );
  if (res.errors) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
  return res.data.login.token;
}

/** Throws with the server's errors when a response has any; returns its data otherwise. */
export function ok<T>(res: GqlResponse<T>): T {
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
  return res.data;
}

/** 24 accounts ("Account 01" …) across three industries with 10, 20 … 240 employees, for lists that need filtering. */
export async function createSampleAccounts(url: string, token: string): Promise<void> {
  const industries = ['technology', 'retail', 'medical'];
  const accounts = Array.from({ length: 24 }, (_, i) => ({
    name: `Account ${String(i + 1).padStart(2, '0')}`,
    industry: industries[i % 3],
    employees: 10 * (i + 1),
  }));
  ok(await gql(url, 'mutation($i: [AccountInput!]!) { createAccounts(inputs: $i) { id } }', { i: accounts }, token));
}

/** `POST /files` as a browser sends it: multipart/form-data with object and recordId before the file. */
export async function uploadFile(
  url: string,
  token: string | undefined,
  part: { object: string; recordId: string; fileName: string; content: Buffer | string; contentType?: string },
) {
  const form = new FormData();
  form.append('object', part.object);
  form.append('recordId', part.recordId);
  form.append(
    'file',
    new Blob([typeof part.content === 'string' ? part.content : new Uint8Array(part.content)], { type: part.contentType ?? 'application/octet-stream' }),
    part.fileName,
  );
  const res = await fetch(`${url}/files`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });

  return { status: res.status, body: (await res.json()) as any };
}
