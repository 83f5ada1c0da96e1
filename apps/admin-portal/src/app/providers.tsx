'use client';

import { FluentAppRouterProvider } from '@cloudpc/ui/next';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { AuthProvider } from '../auth/auth-context.tsx';

/**
 * Every client-side provider of the portal, once, in the root layout. MSAL goes in
 * AuthProvider (issue 3).
 */
export function Providers({ children }: { children: ReactNode }) {
  // One QueryClient per browser session (and per request on the server), never shared
  // between requests.
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000 } } }),
  );
  return (
    <FluentAppRouterProvider>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>{children}</AuthProvider>
      </QueryClientProvider>
    </FluentAppRouterProvider>
  );
}
