import { describe, expect, it } from 'vitest';
import { createGraphqlClient, gql, GraphqlError } from './graphql-client';

const PING = gql<{ ping: string }, { n: number }>('query($n: Int) { ping(n: $n) }');

function fakeFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

async function failure(promise: Promise<unknown>): Promise<GraphqlError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphqlError);
  return error as GraphqlError;
}

describe('graphql client', () => {
  it('posts the query and variables with the current token, and returns data', async () => {
    const { fetch, calls } = fakeFetch(200, { data: { ping: 'pong' } });
    let token: string | null = null;
    const client = createGraphqlClient({ endpoint: '/graphql', token: () => token, fetch });

    expect(await client.request(PING, { n: 1 })).toEqual({ ping: 'pong' });
    token = 'abc';
    await client.request(PING, { n: 2 });

    expect(calls.map((c) => c.url)).toEqual(['/graphql', '/graphql']);
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ query: PING.query, variables: { n: 1 } });
    expect(new Headers(calls[0]?.init.headers).get('authorization')).toBeNull();
    expect(new Headers(calls[1]?.init.headers).get('authorization')).toBe('Bearer abc');
  });

  it('turns the first GraphQL error into a GraphqlError with code, message and details', async () => {
    const details = [{ path: 'name', message: 'is required' }];
    const { fetch } = fakeFetch(200, {
      data: null,
      errors: [{ message: 'Invalid input', extensions: { code: 'BAD_USER_INPUT', details } }, { message: 'second' }],
    });
    const error = await failure(createGraphqlClient({ endpoint: '/graphql', token: () => null, fetch }).request(PING, { n: 1 }));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: 'Invalid input', details, status: 200 });
  });

  it('reads errors from a rejected request (401 for a bad token)', async () => {
    const { fetch } = fakeFetch(401, { errors: [{ message: 'Token expired; sign in again', extensions: { code: 'UNAUTHENTICATED' } }] });
    const error = await failure(createGraphqlClient({ endpoint: '/graphql', token: () => 'old', fetch }).request(PING, { n: 1 }));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Token expired; sign in again', details: [], status: 401 });
  });

  it('reports an unreachable server and a response that is not JSON', async () => {
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    expect(await failure(createGraphqlClient({ endpoint: '/graphql', token: () => null, fetch: offline }).request(PING, { n: 1 }))).toMatchObject({
      code: 'NETWORK_ERROR',
      status: 0,
    });
    const { fetch } = fakeFetch(502, '<html>Bad gateway</html>');
    expect(await failure(createGraphqlClient({ endpoint: '/graphql', token: () => null, fetch }).request(PING, { n: 1 }))).toMatchObject({
      code: 'NETWORK_ERROR',
      status: 502,
    });
  });

  it('sends platform documents to the platform endpoint', async () => {
    const { fetch, calls } = fakeFetch(200, { data: { me: null } });
    const ME = { query: '{ me { id } }', endpoint: 'platform' } as const;
    await createGraphqlClient({ endpoint: '/graphql', token: () => null, fetch }).request<{ me: null }, Record<string, never>>(ME, {});
    expect(calls[0]!.url).toBe('/graphql/platform');
  });

  it('posts forms and reads their errors in the GraphQL error shape', async () => {
    const { fetch, calls } = fakeFetch(413, {
      errors: [{ message: 'Files may be at most 5 MB', extensions: { code: 'LIMIT_EXCEEDED', details: [{ path: 'file', message: 'too large' }] } }],
    });
    const form = new FormData();
    const error = await failure(createGraphqlClient({ endpoint: '/graphql', token: () => 'abc', fetch }).postForm('/files', form));
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', status: 413, details: [{ path: 'file' }] });
    expect(calls[0]!.init.body).toBe(form);
    expect((calls[0]!.init.headers as Record<string, string>)['authorization']).toBe('Bearer abc');
  });
});
