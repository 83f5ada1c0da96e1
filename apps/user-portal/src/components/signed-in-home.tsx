'use client';

import { ApiProvider } from '../data/api-context.tsx';
import { MyCloudPcsPage } from './my-cloud-pcs/my-cloud-pcs-page.tsx';

/**
 * Everything `/` shows once someone is signed in. Loaded on demand by home.tsx: the API
 * client, its zod contracts and the query factories stay out of the signed-out landing's
 * first-load JavaScript.
 */
export function SignedInHome() {
  return (
    <ApiProvider>
      <MyCloudPcsPage />
    </ApiProvider>
  );
}
