/**
 * Lets an `@Operator()` operation run only for a caller whose bearer token is the OPERATOR_TOKEN setting,
 * compared in constant time. A tenant's token, even an admin's, is refused: operators are not tenant users.
 * Without the setting, operator operations are off (the `npm run tenant` command still works on the host).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode, unauthenticated } from '@funnelcraft/kernel';
import { Platform } from '../../platform.js';
import { OPERATOR_KEY } from './operator.decorator.js';
import { requestOf } from './request-session.js';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

@Injectable()
export class OperatorGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(Platform) platform: Platform,
  ) {
    this.expected = platform.config.operatorToken === undefined ? undefined : digest(platform.config.operatorToken);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.reflector.getAllAndOverride<boolean | undefined>(OPERATOR_KEY, [context.getHandler(), context.getClass()])) return true;
    if (!this.expected) {
      throw new DomainError(ErrorCode.Forbidden, 'Operator operations are off on this server: set OPERATOR_TOKEN to use them', [
        { path: 'authorization', message: 'OPERATOR_TOKEN is not set' },
      ]);
    }
    const header = requestOf(context).headers.authorization;
    const given = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!given) throw unauthenticated();
    // Digests of equal length, so the comparison takes the same time whatever was sent.
    if (timingSafeEqual(digest(given), this.expected)) return true;
    throw new DomainError(ErrorCode.Forbidden, 'Only the server operator may call this (send OPERATOR_TOKEN as the bearer token)', [
      { path: 'authorization', message: 'not the operator token' },
    ]);
  }
}
