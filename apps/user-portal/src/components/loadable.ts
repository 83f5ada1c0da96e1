import { ApiError } from '@cloudpc/api-client';
import type { UseQueryResult } from '@tanstack/react-query';

/** What a view needs to know about data that arrives later: pure props, no query objects. */
export type Loadable<T> =
  | { status: 'pending' }
  | { status: 'error'; message: string; requestId?: string; retry: () => void }
  | { status: 'success'; data: T; isRefreshing: boolean };

/** A failure in words for the reader, with the request id to quote when the API gave one. */
export function describeError(error: unknown, fallback: string): { message: string; requestId?: string } {
  if (error instanceof ApiError) {
    const requestId = error.requestId;
    const message =
      error.status === 401 || error.status === 403
        ? `${fallback} The service did not accept your sign-in for this (${error.status}): ${error.message}`
        : `${fallback} ${error.message}`;
    return requestId ? { message, requestId } : { message };
  }
  return { message: `${fallback} Check your connection and try again.` };
}

export function loadableFrom<T>(query: UseQueryResult<T>, fallback: string): Loadable<T> {
  if (query.status === 'success') {
    return { status: 'success', data: query.data, isRefreshing: query.isFetching };
  }
  if (query.status === 'error') {
    return { status: 'error', ...describeError(query.error, fallback), retry: () => void query.refetch() };
  }
  return { status: 'pending' };
}
