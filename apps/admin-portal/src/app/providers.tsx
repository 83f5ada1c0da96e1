'use client';

import { AuthProvider } from '@cloudpc/portal-auth/auth-provider.tsx';
import type { PortalAuthSetup } from '@cloudpc/portal-auth/auth-types.ts';
import { FluentAppRouterProvider } from '@cloudpc/ui/next';
import type { ReactNode } from 'react';
import { NotifyProvider } from '../components/notify.tsx';

export interface ProvidersProps {
  /** MSAL's configuration from the server (runtime, per region and port), or why there is none. */
  authSetup: PortalAuthSetup;
  /** The server saw the session hint cookie: render "Signing you in…" while MSAL starts. */
  expectsSession: boolean;
  children: ReactNode;
}

/**
 * Every client-side provider of the portal, once, in the root layout. TanStack Query and
 * the API client (data/api-context.tsx) wrap signed-in views only, so neither they nor the
 * zod contracts are part of the signed-out landing's first load.
 */
export function Providers({ authSetup, expectsSession, children }: ProvidersProps) {
  return (
    <FluentAppRouterProvider>
      <AuthProvider setup={authSetup} expectsSession={expectsSession}>
        {/* Above the pages, so a toast outlives the navigation that follows a save. */}
        <NotifyProvider>{children}</NotifyProvider>
      </AuthProvider>
    </FluentAppRouterProvider>
  );
}
