/** The signed-in session of the request, as the auth guard found it (never null past that guard). */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Session } from '@funnelcraft/auth';
import { unauthenticated } from '@funnelcraft/kernel';
import { requestOf } from './request-session.js';

export const CurrentSession = createParamDecorator((_data: unknown, context: ExecutionContext): Session => {
  const session = requestOf(context).funnelcraftSession;
  if (!session) throw unauthenticated();
  return session;
});
