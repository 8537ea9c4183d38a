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

/** Puts the GraphQL handler in front of Nest's request listener (Express): `/graphql` never enters Express. */
function mountGraphql(http: Server, graphql: RequestListener): void {
  const nest = http.listeners('request') as RequestListener[];
  http.removeAllListeners('request');
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (isGraphqlRequest(req.url)) graphql(req, res);
    else for (const listener of nest) listener(req, res);
  });
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const platform = await Platform.start(config);
  if (config.seedDemo) await seedDemoTenant(platform);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(platform), { logger: ['error', 'warn'], bodyParser: false });
  app.useBodyParser('json', { limit: '20mb' });
  serveStudio(app, config.studioDir);
  app.enableShutdownHooks();
  mountGraphql(app.getHttpServer() as Server, graphqlHandler(platform));
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
