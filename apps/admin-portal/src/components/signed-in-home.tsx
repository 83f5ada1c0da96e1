'use client';

import type { SignedInUser } from '@cloudpc/portal-auth/auth-types.ts';
import { ApiProvider } from '../data/api-context.tsx';
import { OverviewPage } from './overview/overview-page.tsx';

/**
 * Everything `/` shows once an admin or support person is signed in. Loaded on demand by
 * home.tsx: the API client, its zod contracts and the query factories stay out of the
 * signed-out landing's first-load JavaScript.
 */
export function SignedInHome({ user }: { user: SignedInUser }) {
  return (
    <ApiProvider>
      <OverviewPage user={user} />
    </ApiProvider>
  );
}
