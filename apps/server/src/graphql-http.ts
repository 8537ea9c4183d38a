/**
 * `/graphql` over plain Node HTTP: authenticates, picks the tenant's compiled schema, runs the request.
 * It is mounted in front of Express and Nest's router (see server.ts): their per-request cost was larger than
 * executing a typical query, so GraphQL, the hot path, goes straight from the socket to the executor.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { LoaderRegistry } from '@funnelcraft/graphql-api';
import type { ErrorDetail } from '@funnelcraft/kernel';
import type { Platform } from './platform.js';

export const GRAPHQL_PATH = '/graphql';

/**
 * `/graphql`, `/graphql?…`, `/graphql/` and `/graphql/?…`; not `/graphql/platform`, which Nest serves. The common
 * case (`/graphql` exactly) is decided by the first comparison, as before.
 */
export const isGraphqlRequest = (url: string | undefined): boolean => {
  if (!url || !url.startsWith(GRAPHQL_PATH)) return false;
  const n = GRAPHQL_PATH.length;
  if (url.length === n || url[n] === '?') return true;
  return url[n] === '/' && (url.length === n + 1 || url[n + 1] === '?');
};

function send(res: ServerResponse, status: number, body: string, started: number, close = false, headers?: Record<string, string>): void {
  res.writeHead(status, {
    ...(close ? { connection: 'close' } : {}),
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    // Time spent in the server, for clients and benchmarks to tell it from the network.
    'server-timing': `app;dur=${(performance.now() - started).toFixed(3)}`,
  });
  res.end(body);
}

const errorBody = (message: string, code: string, details?: ErrorDetail[]) =>
  JSON.stringify({ errors: [{ message, extensions: { code, ...(details ? { details } : {}) } }] });

/**
 * The body as text, or null when it is larger than `max`. The rest of an oversized body is read and dropped
 * (up to a bound) before the answer: a client still sending would otherwise see the connection reset instead
 * of the 413. The 413 then closes the connection.
 */
function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
      else if (chunks.length) chunks.length = 0;
      // A client that keeps sending far beyond the limit gets its answer now, whether or not it can read it.
      if (size > max * 4 + 1024 * 1024) {
        req.pause();
        resolve(null);
      }
    });
    req.on('end', () => resolve(size > max ? null : chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function graphqlHandler(platform: Platform): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    // Rate limits, then who it is (a JWT's user with current roles and reach, or an API token); over a limit
    // the gate has answered 429 itself.
    const gate = await platform.gate.admit(req, res);
    if (!gate) return;
    if (gate.error) return send(res, 401, errorBody(gate.error.message, gate.error.code), started);
    const { session } = gate;
    const method = req.method ?? 'GET';
    const contentType = req.headers['content-type'];
    let body: unknown;
    if (method === 'POST') {
      const max = platform.config.maxBodyBytes;
      const text = await readBody(req, max);
      if (text === null)
        return send(
          res,
          413,
          errorBody(`The request is larger than ${max} bytes (GRAPHQL_MAX_BODY_BYTES)`, 'PAYLOAD_TOO_LARGE', [
            { path: 'body', message: `at most ${max} bytes`, limit: 'maxBodyBytes', max },
          ]),
          started,
          true,
        );
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        return send(res, 400, errorBody('The body is not valid JSON', 'BAD_REQUEST'), started);
      }
    }
    const { schemas, dataPool, orm } = platform;
    const model = session ? await schemas.modelFor(session.tenant) : schemas.empty;
    const result = await schemas.executorFor(model).run(
      {
        method,
        contentType,
        preflighted: Boolean(req.headers['apollo-require-preflight'] || req.headers['x-requested-with'] || contentType?.startsWith('application/json')),
        body,
        query: method === 'GET' ? Object.fromEntries(new URL(req.url ?? '/', 'http://local').searchParams) : {},
      },
      { db: dataPool, orm, session, model, loaders: new LoaderRegistry(), platform, client: gate.client },
    );
    send(res, result.status, result.body, started, false, result.headers);
  };
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[funnelcraft] GraphQL request failed', error);
      if (!res.headersSent) send(res, 500, errorBody('Internal error; it has been logged', 'INTERNAL_SERVER_ERROR'), performance.now());
      else res.destroy();
    });
  };
}
