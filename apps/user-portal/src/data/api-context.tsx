'use client';

import { type ApiClient, createApiClient, createMutations, createQueries } from '@cloudpc/api-client';
import { useAuth } from '@cloudpc/portal-auth/auth-context.tsx';
import { createAuthorizedFetch } from '@cloudpc/portal-auth/authorized-fetch.ts';
import { useQueryClient } from '@tanstack/react-query';
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

/**
 * One API client per page load, same-origin (`/api/v1.0/...` is served by this portal), with
 * tokens from the sign-in session and one retry with a fresh token on a 401.
 */
export function ApiProvider({ children }: { children: ReactNode }) {
  const { getToken, reauthenticate } = useAuth();
  const queryClient = useQueryClient();
  const value = useMemo(() => {
    const api = createApiClient({
      baseUrl: '',
      getToken: () => getToken(),
      fetch: createAuthorizedFetch({
        refreshToken: () => getToken({ forceRefresh: true }),
        onRejected: reauthenticate,
      }),
    });
    return { api, queries: createQueries(api), mutations: createMutations(api, queryClient) };
  }, [getToken, reauthenticate, queryClient]);
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi must be used inside <ApiProvider>');
  return value;
}
