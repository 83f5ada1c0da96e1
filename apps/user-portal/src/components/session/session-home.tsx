'use client';

import { useAuth } from '@cloudpc/portal-auth/auth-context.tsx';
import { ErrorState, LoadingState } from '@cloudpc/ui';
import { Button } from '@fluentui/react-components';
import { lazy, Suspense } from 'react';
import { SessionView } from './session-view.tsx';

const SessionConnect = lazy(() =>
  import('./session-connect.tsx').then((module) => ({ default: module.SessionConnect })),
);

/**
 * `/session?ticket=…`: the launch tab. It needs the same sign-in as the portal that opened it;
 * `gatewayUrl` is where the desktop is streamed from (none: the ticket is only redeemed).
 */
export function SessionHome({ gatewayUrl }: { gatewayUrl: string | null }) {
  const auth = useAuth();
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
  if (auth.status === 'signedIn') {
    return (
      <Suspense fallback={<LoadingState label="Connecting…" />}>
        <SessionConnect gatewayUrl={gatewayUrl} />
      </Suspense>
    );
  }
  if (auth.status === 'starting') return <LoadingState label="Signing you in…" />;
  return (
    <SessionView
      state={{
        kind: 'refused',
        title: 'Sign in to open your Cloud PC',
        message: 'Sign in, then open your Cloud PC again from My Cloud PCs.',
      }}
      action={
        <Button appearance="primary" disabled={auth.isBusy} onClick={auth.signIn}>
          Sign in
        </Button>
      }
    />
  );
}
