/** `/graphql`: authenticates, picks the tenant's compiled schema, and hands the request to its Apollo server. */
import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import { HeaderMap } from '@apollo/server';
import { authenticate, type Session } from '@funnelcraft/auth';
import { LoaderRegistry } from '@funnelcraft/graphql-api';
import { isDomainError } from '@funnelcraft/kernel';
import type { Request, Response } from 'express';
import { Platform } from './platform.js';

@Controller()
export class GraphqlController {
  constructor(@Inject(Platform) private readonly platform: Platform) {}

  @All('graphql')
  async handle(@Req() req: Request, @Res() res: Response): Promise<void> {
    let session: Session | null;
    try {
      session = authenticate(req.headers.authorization, this.platform.secret);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      res.status(401).json({ errors: [{ message: e.message, extensions: { code: e.code } }] });
      return;
    }
    const { schemas, pool } = this.platform;
    const model = session ? await schemas.modelFor(session.tenant) : schemas.empty;
    const server = await schemas.serverFor(model);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: new URL(req.url, 'http://local').search, body: req.body },
      context: async () => ({ db: pool, session, model, loaders: new LoaderRegistry(), platform: this.platform }),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.status(result.status ?? 200);
    if (result.body.kind === 'complete') {
      res.send(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }
}
