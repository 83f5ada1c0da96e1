'use client';

import { ErrorState } from '@cloudpc/ui';
import { useEffect } from 'react';

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  // Server errors arrive with a digest that matches the server log; never a message or stack.
  const digest =
    error instanceof Error && 'digest' in error && typeof error.digest === 'string'
      ? error.digest
      : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <>
      <title>Something went wrong · Cloud PC admin center</title>
      <ErrorState
        headingLevel={1}
        title="Something went wrong"
        message="This page could not be shown. Try again; if it keeps failing, tell support the reference below."
        requestId={digest}
        requestIdLabel="Error reference"
        onRetry={retry}
      />
    </>
  );
}
