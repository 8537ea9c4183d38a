/** Refuses, with FORBIDDEN, a caller who has none of the roles an operation's `@Roles(...)` names. Runs after AuthGuard. */
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError, ErrorCode, unauthenticated } from '@funnelcraft/kernel';
import { requestOf } from './request-session.js';
import { ROLES_KEY } from './roles.decorator.js';

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!roles?.length) return true;
    const session = requestOf(context).funnelcraftSession;
    if (!session) throw unauthenticated();
    if (session.actor.roles.some((r) => roles.includes(r))) return true;
    const operation =
      context.getType<string>() === 'graphql' ? GqlExecutionContext.create(context).getInfo<{ fieldName: string }>().fieldName : context.getHandler().name;
    throw new DomainError(ErrorCode.Forbidden, `Only ${roles.join(' or ')} users may call ${operation}`, [
      { path: operation, message: `needs the role ${roles.join(' or ')}` },
    ]);
  }
}
