/** Where the request came from (address and user agent), as the auth guard found it: for sign-in and its history. */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ClientInfo } from '@funnelcraft/kernel';
import { requestOf } from './request-session.js';

export const Client = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ClientInfo => requestOf(context).funnelcraftClient ?? { ip: null, userAgent: null },
);
