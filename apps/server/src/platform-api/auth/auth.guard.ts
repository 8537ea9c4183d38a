/**
 * Reads the bearer token (the same one `/graphql` takes) into the request's session. The tenant comes only from
 * the token; its roles are the user's current ones (access directory). Operations need a session unless marked
 * `@Public()`; a public one ignores a bad token.
 */
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { authenticate } from '@funnelcraft/auth';
import { unauthenticated } from '@funnelcraft/kernel';
import { Platform } from '../../platform.js';
import { PUBLIC_KEY } from './public.decorator.js';
import { requestOf } from './request-session.js';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(Platform) private readonly platform: Platform,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = requestOf(context);
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, [context.getHandler(), context.getClass()]) ?? false;
    if (isPublic) {
      try {
        const session = authenticate(req.headers.authorization, this.platform.secret);
        req.funnelcraftSession = session && (await this.platform.access.sessionFor(session));
      } catch {
        req.funnelcraftSession = null;
      }
      return true;
    }
    const session = authenticate(req.headers.authorization, this.platform.secret);
    if (!session) throw unauthenticated();
    // The user's current roles and team reach (a deactivated user is refused here).
    req.funnelcraftSession = await this.platform.access.sessionFor(session);
    return true;
  }
}
