/**
 * Puts the request's session on it: the one the request gate found (a JWT's user with current roles and
 * reach, or an API token's creator with the token's roles), the same as on `/graphql`. The tenant comes only
 * from the credential. Operations need a session unless marked `@Public()`; a public one ignores a bad token.
 */
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { unauthenticated } from '@funnelcraft/kernel';
import { Platform } from '../../platform.js';
import { gateOf } from '../../request-gate/request-gate.js';
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
    // Requests come through the gate (server.ts); one that did not (a Nest app mounted elsewhere) is identified here.
    const gate = gateOf(req) ?? (await this.platform.gate.identify(req));
    req.funnelcraftClient = gate.client;
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, [context.getHandler(), context.getClass()]) ?? false;
    if (isPublic) {
      req.funnelcraftSession = gate.session;
      return true;
    }
    if (gate.error) throw gate.error;
    if (!gate.session) throw unauthenticated();
    req.funnelcraftSession = gate.session;
    return true;
  }
}
