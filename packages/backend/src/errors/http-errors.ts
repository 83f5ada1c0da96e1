import { AppError, ERROR_CODES, type ErrorCode, isAppError } from './app-error.ts';

export interface GraphErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: { target: string; message: string }[];
    innerError: { 'request-id': string; date: string };
  };
}

/**
 * Turns any thrown value into a Graph error envelope and status. Unknown errors
 * become a bare 500 carrying only the request id: the stack goes to the log, never
 * to the caller.
 */
export function toGraphError(
  error: unknown,
  requestId: string,
  now: Date = new Date(),
): { status: number; body: GraphErrorBody; headers: Record<string, string> } {
  const appError = isAppError(error)
    ? error
    : new AppError('InternalServerError', `An unexpected error occurred. Request id: ${requestId}.`);
  const { status } = ERROR_CODES[appError.code];
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (appError.code === 'Unauthorized') headers['www-authenticate'] = 'Bearer';
  if (appError.retryAfter !== undefined) headers['retry-after'] = String(appError.retryAfter);
  return {
    status,
    headers,
    body: {
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details?.length ? { details: appError.details } : {}),
        innerError: { 'request-id': requestId, date: now.toISOString() },
      },
    },
  };
}
