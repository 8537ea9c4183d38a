/** `/graphql`: authenticates, picks the tenant's compiled schema, and runs the request against it. */
import { All, Controller, Inject, Req, Res } from '@nestjs/common';
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
    const contentType = req.headers['content-type'];
    const result = await schemas.executorFor(model).run(
      {
        method: req.method,
        contentType,
        preflighted: Boolean(req.headers['apollo-require-preflight'] || req.headers['x-requested-with'] || contentType?.startsWith('application/json')),
        body: req.body,
        query: req.query as Record<string, unknown>,
      },
      { db: pool, session, model, loaders: new LoaderRegistry(), platform: this.platform },
    );
    // Written straight to the socket: no ETag hashing or content negotiation on every response.
    res.writeHead(result.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(result.body) });
    res.end(result.body);
  }
}
