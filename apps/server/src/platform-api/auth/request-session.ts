/** Where a request's session lives once the auth guard has read its token: on the request, for HTTP and GraphQL alike. */
import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Session } from '@funnelcraft/auth';
import type { ClientInfo } from '@funnelcraft/kernel';
import type { Request } from 'express';

export interface SessionRequest extends Request {
  funnelcraftSession?: Session | null;
  /** Where the request came from (address, user agent), as the request gate found it. */
  funnelcraftClient?: ClientInfo;
}

/** The platform GraphQL context: the Express request (its headers carry the token). */
export interface PlatformGqlContext {
  req: SessionRequest;
}

export function requestOf(context: ExecutionContext): SessionRequest {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext<PlatformGqlContext>().req;
  return context.switchToHttp().getRequest<SessionRequest>();
}
