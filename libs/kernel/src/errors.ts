/**
 * Typed domain errors. Each carries a stable code and machine-readable details; the GraphQL edge turns them
 * into `extensions.code` / `extensions.details`. Nothing here knows about HTTP or GraphQL.
 */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  InvalidDefinition: 'INVALID_DEFINITION',
  UnsafeTypeChange: 'UNSAFE_TYPE_CHANGE',
  ConversionFailed: 'CONVERSION_FAILED',
  ConfirmationRequired: 'CONFIRMATION_REQUIRED',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  Forbidden: 'FORBIDDEN',
  Unauthenticated: 'UNAUTHENTICATED',
  BadInput: 'BAD_USER_INPUT',
  LimitExceeded: 'LIMIT_EXCEEDED',
  QueryTooComplex: 'QUERY_TOO_COMPLEX',
  StageGateBlocked: 'STAGE_GATE_BLOCKED',
  StageMoveRefused: 'STAGE_MOVE_REFUSED',
  /** The update was not written: an approval rule keeps it as a pending request (details name it). */
  ApprovalRequired: 'APPROVAL_REQUIRED',
  RateLimited: 'RATE_LIMITED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem at one place: `path` points at the offending field or document position. */
export interface ErrorDetail {
  path: string;
  message: string;
  [key: string]: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const validationFailed = (message: string, details: ErrorDetail[]) => new DomainError(ErrorCode.ValidationFailed, message, details);
export const invalidDefinition = (message: string, details: ErrorDetail[] = []) => new DomainError(ErrorCode.InvalidDefinition, message, details);
export const notFound = (what: string, path = '') => new DomainError(ErrorCode.NotFound, `${what} not found`, path ? [{ path, message: 'not found' }] : []);
export const conflict = (message: string, details: ErrorDetail[] = []) => new DomainError(ErrorCode.Conflict, message, details);
export const unauthenticated = (message = 'Sign in first: a valid token is required') => new DomainError(ErrorCode.Unauthenticated, message);
export const badInput = (message: string, details: ErrorDetail[] = []) => new DomainError(ErrorCode.BadInput, message, details);

/**
 * Too many requests (or failed sign-ins): the edge answers HTTP 429 with `Retry-After: retryAfter` (whole
 * seconds, at least 1), which the details carry too.
 */
export const rateLimited = (message: string, retryAfter: number, detail: { path: string; message: string; [key: string]: unknown }) =>
  new DomainError(ErrorCode.RateLimited, message, [{ ...detail, retryAfter: Math.max(1, Math.ceil(retryAfter)) }]);

/** The seconds a RATE_LIMITED error asks the client to wait; undefined for any other error. */
export function retryAfterOf(e: unknown): number | undefined {
  if (!(e instanceof DomainError) || e.code !== ErrorCode.RateLimited) return undefined;
  const s = e.details[0]?.['retryAfter'];
  return typeof s === 'number' ? s : 1;
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
