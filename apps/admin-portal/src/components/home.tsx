'use client';

import { useAuth } from '@cloudpc/portal-auth/auth-context.tsx';
import { ErrorState, LoadingState, useDocumentTitle } from '@cloudpc/ui';
import { lazy, Suspense, useEffect } from 'react';
import { adminAccessFor } from '../auth/admin-access.ts';
import { Landing } from './landing.tsx';

// Only people without an admin role see it, after signing in: not part of any first load.
const NoAdminRoleView = lazy(() =>
  import('./no-admin-role-view.tsx').then((module) => ({ default: module.NoAdminRoleView })),
);

const loadSignedInHome = () => import('./signed-in-home.tsx');
// React.lazy rather than next/dynamic: it is only ever rendered in the browser (the server
// never knows the session), and next/dynamic's loader would add to every page's first load.
const SignedInHome = lazy(() => loadSignedInHome().then((module) => ({ default: module.SignedInHome })));

const SIGNED_OUT_TITLE = 'Sign in · Cloud PC admin center';

/**
 * `/`: the landing for visitors, the overview for admins and support staff, and an
 * explanation for people without an admin role.
 */
export function Home() {
  const auth = useAuth();
  const access = adminAccessFor(auth.user?.roles ?? []);
  const title =
    auth.status !== 'signedIn'
      ? SIGNED_OUT_TITLE
      : access.canRead
        ? 'Overview · Cloud PC admin center'
        : 'Admin role needed · Cloud PC admin center';
  useDocumentTitle(title);
  // Fetch the signed-in page's code while MSAL confirms the session, not after.
  const isExpectingHome = auth.expectsSession || auth.status === 'signedIn';
  useEffect(() => {
    if (isExpectingHome) void loadSignedInHome();
  }, [isExpectingHome]);

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
    <Suspense fallback={<LoadingState label="Loading the overview…" />}>
      <SignedInHome user={auth.user} />
    </Suspense>
  );
}
