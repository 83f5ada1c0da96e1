import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, type ErrorCode } from './app-error.ts';
import { toGraphError } from './http-errors.ts';

const now = new Date('2026-11-24T10:00:00.000Z');

describe('toGraphError', () => {
  it.each(Object.entries(ERROR_CODES) as [ErrorCode, { status: number }][])(
    'maps %s to its status in the Graph envelope',
    (code, { status }) => {
      const result = toGraphError(new AppError(code, 'message'), 'req-1', now);
      expect(result.status).toBe(status);
      expect(result.body.error.code).toBe(code);
      expect(result.body.error.innerError).toEqual({ 'request-id': 'req-1', date: now.toISOString() });
    },
  );

  it('adds WWW-Authenticate to 401 only', () => {
    expect(toGraphError(new AppError('Unauthorized', 'x'), 'r').headers['www-authenticate']).toBe('Bearer');
    expect(toGraphError(new AppError('Forbidden', 'x'), 'r').headers['www-authenticate']).toBeUndefined();
  });

  it('carries field details and Retry-After', () => {
    const result = toGraphError(
      new AppError('BadRequest', 'Invalid body', {
        details: [{ target: 'displayName', message: 'Required' }],
      }),
      'r',
    );
    expect(result.body.error.details).toEqual([{ target: 'displayName', message: 'Required' }]);
    const limited = toGraphError(new AppError('TooManyRequests', 'slow down', { retryAfter: 7 }), 'r');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
  });

  it('hides everything about an unexpected error but the request id', () => {
    const secret = new Error('connection string AccountKey=abc at /srv/app.ts:12');
    const result = toGraphError(secret, 'req-42', now);
    expect(result.status).toBe(500);
    const text = JSON.stringify(result.body);
    expect(text).not.toContain('AccountKey');
    expect(text).not.toContain('app.ts');
    expect(text).toContain('req-42');
  });
});
