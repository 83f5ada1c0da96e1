'use client';

import { useAuth } from '@cloudpc/portal-auth/auth-context.tsx';
import { ErrorState, LoadingState, useDocumentTitle } from '@cloudpc/ui';
import { lazy, Suspense, useEffect } from 'react';
import { Landing } from './landing.tsx';

const loadSignedInHome = () => import('./signed-in-home.tsx');
// React.lazy rather than next/dynamic: it is only ever rendered in the browser (the server
// never knows the session), and next/dynamic's loader would add to every page's first load.
const SignedInHome = lazy(() => loadSignedInHome().then((module) => ({ default: module.SignedInHome })));

/** `/`: the landing for visitors, "My Cloud PCs" for anyone signed in (no role needed). */
export function Home() {
  const auth = useAuth();
  const title = auth.status === 'signedIn' ? 'My Cloud PCs · Cloud PC' : 'Sign in · Cloud PC';
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
  if (auth.status !== 'signedIn') return <Landing />;
  return (
    <Suspense fallback={<LoadingState label="Loading your Cloud PCs…" />}>
      <SignedInHome />
    </Suspense>
  );
}
