/** Builds and starts the HTTP server: Nest app, GraphQL, health, and the studio's static files. */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module.js';
import type { ServerConfig } from './config.js';
import { seedDemoTenant } from './first-run.js';
import { graphqlHandler, isGraphqlRequest } from './graphql-http.js';
import { Platform } from './platform.js';
import type { RequestGate } from './request-gate/request-gate.js';

export interface RunningServer {
  url: string;
  platform: Platform;
  close(): Promise<void>;
}

function serveStudio(app: NestExpressApplication, dir: string): void {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(dir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/graphql') || req.path.startsWith('/files/') || req.path === '/health' || req.path.includes('.'))
      return next();
    res.sendFile(index);
  });
}

/** The API paths Nest serves behind the request gate (rate limits, credentials): the platform API and files. */
const isGatedNestRequest = (url: string | undefined): boolean => !!url && (url.startsWith('/graphql/') || url.startsWith('/files'));

/**
 * Puts the GraphQL handler in front of Nest's request listener (Express): `/graphql` never enters Express. The
 * platform API and files pass the request gate first (graphqlHandler runs it for `/graphql`).
 */
function mountGraphql(http: Server, graphql: RequestListener, gate: RequestGate): void {
  const nest = http.listeners('request') as RequestListener[];
  http.removeAllListeners('request');
  const toNest = (req: IncomingMessage, res: ServerResponse) => {
    for (const listener of nest) listener(req, res);
  };
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (isGraphqlRequest(req.url)) graphql(req, res);
    else if (isGatedNestRequest(req.url))
      gate.admit(req, res).then(
        (admitted) => admitted && toNest(req, res),
        (error: unknown) => {
          console.error('[funnelcraft] request gate failed', error);
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end(GATE_FAILED);
          else res.destroy();
        },
      );
    else toNest(req, res);
  });
}

const GATE_FAILED = JSON.stringify({ errors: [{ message: 'Internal error; it has been logged', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const platform = await Platform.start(config);
  if (config.seedDemo) await seedDemoTenant(platform);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(platform), { logger: ['error', 'warn'], bodyParser: false });
  app.useBodyParser('json', { limit: '20mb' });
  serveStudio(app, config.studioDir);
  app.enableShutdownHooks();
  mountGraphql(app.getHttpServer() as Server, graphqlHandler(platform), platform.gate);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    platform,
    close: async () => {
      await app.close();
      await platform.close();
    },
  };
}
