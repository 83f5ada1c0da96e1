'use client';

import { AuthProvider } from '@cloudpc/portal-auth/auth-provider.tsx';
import type { PortalAuthSetup } from '@cloudpc/portal-auth/auth-types.ts';
import { FluentAppRouterProvider } from '@cloudpc/ui/next';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';

export interface ProvidersProps {
  /** MSAL's configuration from the server (runtime, per region and port), or why there is none. */
  authSetup: PortalAuthSetup;
  /** The server saw the session hint cookie: render "Signing you in…" while MSAL starts. */
  expectsSession: boolean;
  children: ReactNode;
}

/**
 * Every client-side provider of the portal, once, in the root layout. The API client's
 * provider (data/api-context.tsx) wraps signed-in views only, so its zod contracts are not
 * part of the signed-out landing's first load.
 */
/** A 4xx (other than 408 and 429) will answer the same again: show it instead of retrying. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  const status = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
  const isFinal =
    typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
  return !isFinal && failureCount < 2;
}

export function Providers({ authSetup, expectsSession, children }: ProvidersProps) {
  // One QueryClient per browser session (and per request on the server), never shared
  // between requests.
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: shouldRetry } } }),
  );
  return (
    <FluentAppRouterProvider>
      <QueryClientProvider client={queryClient}>
        <AuthProvider setup={authSetup} expectsSession={expectsSession}>
          {children}
        </AuthProvider>
      </QueryClientProvider>
    </FluentAppRouterProvider>
  );
}
