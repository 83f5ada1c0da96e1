import { ApiError } from '@cloudpc/api-client';
import type { UseQueryResult } from '@tanstack/react-query';

/** What a view needs to know about data that arrives later: pure props, no query objects. */
export type Loadable<T> =
  | { status: 'pending' }
  | { status: 'error'; message: string; requestId?: string; retry: () => void }
  | { status: 'success'; data: T; isRefreshing: boolean };

/**
 * Why a call failed, in words for the reader (the view's title says what failed), with
 * the request id to quote to support when the API gave one.
 */
export function describeError(error: unknown): { message: string; requestId?: string } {
  if (error instanceof ApiError) {
    const message =
      error.status === 401
        ? 'The service did not accept your sign-in. Sign out, sign in again and try once more.'
        : error.status === 403
          ? `Your account may not do this. ${error.message}`
          : error.message;
    return error.requestId ? { message, requestId: error.requestId } : { message };
  }
  return { message: 'The service could not be reached. Check your connection and try again.' };
}

export function loadableFrom<T>(query: UseQueryResult<T>): Loadable<T> {
  // A failed refresh keeps what was shown (TanStack reports status 'error' with the old data);
  // the page's stale banner says the refresh failed. Only a first load that fails is an error.
  if (query.data !== undefined) {
    return { status: 'success', data: query.data, isRefreshing: query.isFetching };
  }
  if (query.status === 'error') {
    return { status: 'error', ...describeError(query.error), retry: () => void query.refetch() };
  }
  return { status: 'pending' };
}
