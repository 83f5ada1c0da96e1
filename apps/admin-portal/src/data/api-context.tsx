'use client';

import { type ApiClient, createApiClient, createMutations, createQueries } from '@cloudpc/api-client';
import { useAuth } from '@cloudpc/portal-auth/auth-context.tsx';
import { createAuthorizedFetch } from '@cloudpc/portal-auth/authorized-fetch.ts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useMemo } from 'react';

export interface ApiContextValue {
  /** The typed client; every call carries a bearer token acquired silently. */
  api: ApiClient;
  /** TanStack Query option factories (nouns), for `useQuery(queries.cloudPcs())`. */
  queries: ReturnType<typeof createQueries>;
  /** Mutation options (verbs) that invalidate what they change, for `useMutation(mutations.x)`. */
  mutations: ReturnType<typeof createMutations>;
}

const ApiContext = createContext<ApiContextValue | undefined>(undefined);

/** A 4xx (other than 408 and 429) will answer the same again: show it instead of retrying. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  const status = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
  const isFinal =
    typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
  return !isFinal && failureCount < 2;
}

let browserQueryClient: QueryClient | undefined;

/**
 * One QueryClient per browser tab, kept in the module (not in a provider's state) so the
 * cache survives page navigations even though each page mounts its own ApiProvider. It lives
 * here, loaded after sign-in, so TanStack Query is not part of any route's first load. Signed-in
 * views never render on the server (it has no token); if one did, it would get its own client.
 */
function queryClient(): QueryClient {
  const create = () =>
    new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: shouldRetry } } });
  if (typeof window === 'undefined') return create();
  browserQueryClient ??= create();
  return browserQueryClient;
}

/**
 * TanStack Query and one API client per page load, same-origin (`/api/v1.0/...` is served by this portal), with
 * tokens from the sign-in session and one retry with a fresh token on a 401.
 */
export function ApiProvider({ children }: { children: ReactNode }) {
  const { getToken, reauthenticate } = useAuth();
  const client = useMemo(queryClient, []);
  const value = useMemo(() => {
    const api = createApiClient({
      baseUrl: '',
      getToken: () => getToken(),
      fetch: createAuthorizedFetch({
        refreshToken: () => getToken({ forceRefresh: true }),
        onRejected: reauthenticate,
      }),
    });
    return { api, queries: createQueries(api), mutations: createMutations(api, client) };
  }, [getToken, reauthenticate, client]);
  return (
    <QueryClientProvider client={client}>
      <ApiContext.Provider value={value}>{children}</ApiContext.Provider>
    </QueryClientProvider>
  );
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi must be used inside <ApiProvider>');
  return value;
}
