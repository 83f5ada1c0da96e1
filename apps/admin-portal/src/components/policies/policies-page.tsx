'use client';

import { useQuery } from '@tanstack/react-query';
import type { AdminAccess } from '../../auth/admin-access.ts';
import { useApi } from '../../data/api-context.tsx';
import { loadableFrom } from '../loadable.ts';
import { StaleBanner, useStaleness } from '../stale-banner.tsx';
import { PoliciesView } from './policies-view.tsx';

export function PoliciesPage({ access }: { access: AdminAccess }) {
  const { queries } = useApi();
  const policies = useQuery({
    ...queries.policies({ $top: 999, $expand: 'assignments' }),
    select: (page) => page.value,
  });
  const { staleness, now } = useStaleness(policies);
  return (
    <PoliciesView
      policies={loadableFrom(policies)}
      canManage={access.canManage}
      onRefresh={() => void policies.refetch()}
      banner={<StaleBanner staleness={staleness} now={now} onRetry={() => void policies.refetch()} />}
    />
  );
}
