'use client';

import { useAuth } from '@cloudpc/portal-auth/auth-context.tsx';
import type { SignedInUser } from '@cloudpc/portal-auth/auth-types.ts';
import { ErrorState, LoadingState } from '@cloudpc/ui';
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { type AdminAccess, adminAccessFor } from '../auth/admin-access.ts';
import { Landing } from './landing.tsx';

// Only people without an admin role see it, after signing in: not part of any first load.
const NoAdminRoleView = lazy(() =>
  import('./no-admin-role-view.tsx').then((module) => ({ default: module.NoAdminRoleView })),
);

// The API client and its zod contracts load with the signed-in page, not with the landing.
const loadApiContext = () => import('../data/api-context.tsx');
const ApiProvider = lazy(() => loadApiContext().then((module) => ({ default: module.ApiProvider })));

export interface AdminGateProps {
  /** The page's title in the browser once signed in, e.g. "All Cloud PCs". */
  title: string;
  children: (user: SignedInUser, access: AdminAccess) => ReactNode;
  /**
   * Starts loading the page's code (its lazy module) while the session is still being
   * confirmed, so the download overlaps MSAL's start instead of following it.
   */
  preload?: () => Promise<unknown>;
}

/**
 * What every admin page but `/` shows before its content: progress while the session is
 * confirmed, the landing when signed out, an explanation without an admin role; then the
 * page, inside the API client's provider.
 */
export function AdminGate({ title, children, preload }: AdminGateProps) {
  const auth = useAuth();
  const access = adminAccessFor(auth.user?.roles ?? []);
  const isSignedIn = auth.status === 'signedIn' && auth.user !== undefined;
  const isExpectingPage = auth.expectsSession || isSignedIn;
  useEffect(() => {
    if (!isExpectingPage) return;
    void loadApiContext();
    void preload?.();
  }, [isExpectingPage, preload]);
  useEffect(() => {
    document.title = isSignedIn
      ? `${access.canRead ? title : 'Admin role needed'} · Cloud PC admin center`
      : 'Sign in · Cloud PC admin center';
  }, [isSignedIn, access.canRead, title]);

  if (auth.status === 'starting' && auth.expectsSession) return <LoadingState label="Signing you in…" />;
  if (auth.status === 'failed') {
    return (
      <ErrorState
        headingLevel={1}
        title="Your session could not be confirmed"
        message={auth.notice}
        onRetry={auth.retry}
      />
    );
  }
  if (auth.status !== 'signedIn' || !auth.user) return <Landing />;
  if (!access.canRead) {
    return (
      <Suspense fallback={<LoadingState label="Loading…" />}>
        <NoAdminRoleView
          name={auth.user.name}
          username={auth.user.username}
          onSignOut={auth.signOut}
          isSigningOut={auth.isBusy}
        />
      </Suspense>
    );
  }
  return (
    <Suspense fallback={<LoadingState label="Loading the page…" />}>
      <ApiProvider>{children(auth.user, access)}</ApiProvider>
    </Suspense>
  );
}
