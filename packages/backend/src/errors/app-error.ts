/**
 * The one error type of the backend. Every failure a caller can see is an AppError
 * with a code from ERROR_CODES; the HTTP layer maps codes to statuses in one table
 * (`errors/http-errors.ts`). Match errors by `code`, never by message text.
 */
export const ERROR_CODES = {
  BadRequest: { status: 400, description: 'The request is malformed or a field is invalid; see details[].' },
  Unauthorized: { status: 401, description: 'No valid bearer token.' },
  Forbidden: { status: 403, description: 'The token is valid but lacks the role or scope this route needs.' },
  NotFound: { status: 404, description: 'No such object in the caller’s tenant (or not the caller’s own).' },
  MethodNotAllowed: { status: 405, description: 'The route exists but not with this method.' },
  Conflict: {
    status: 409,
    description: 'The object’s state forbids this change (e.g. a policy still assigned).',
  },
  PreconditionFailed: { status: 412, description: 'If-Match did not match the current ETag.' },
  PayloadTooLarge: { status: 413, description: 'The body is over 1 MB.' },
  UnsupportedMediaType: { status: 415, description: 'The body is not application/json.' },
  TooManyRequests: { status: 429, description: 'Rate limited; retry after Retry-After seconds.' },
  ServiceUnavailable: { status: 503, description: 'A dependency is down; retry later.' },
  InternalServerError: {
    status: 500,
    description: 'Unexpected failure; the body carries only a request id.',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetail {
  target: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  /** Seconds, for TooManyRequests / ServiceUnavailable. */
  readonly retryAfter: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: ErrorDetail[]; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
