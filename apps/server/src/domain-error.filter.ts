/**
 * Where a DomainError leaves Nest. In GraphQL it is handed back unchanged (formatPlatformError gives it its
 * `extensions`), without Nest logging it as a crash: it is an answer, not a failure. On plain HTTP (`/files`) it
 * becomes its status and the same body shape as a GraphQL error, so clients parse one shape.
 */
import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, ErrorCode } from '@funnelcraft/kernel';
import type { Response } from 'express';

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.LimitExceeded]: 413,
};

export const errorBody = (error: DomainError) => ({ errors: [{ message: error.message, extensions: { code: error.code, details: error.details } }] });

@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): DomainError | void {
    if (host.getType<string>() !== 'http') return error;
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(STATUS[error.code] ?? 400)
      .json(errorBody(error));
  }
}
