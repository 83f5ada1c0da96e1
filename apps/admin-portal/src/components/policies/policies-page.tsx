'use client';

import { useQuery } from '@tanstack/react-query';
import type { AdminAccess } from '../../auth/admin-access.ts';
import { useApi } from '../../data/api-context.tsx';
import { loadableFrom } from '../loadable.ts';
import { PoliciesView } from './policies-view.tsx';

export function PoliciesPage({ access }: { access: AdminAccess }) {
  const { queries } = useApi();
  const policies = useQuery({
    ...queries.policies({ $top: 999, $expand: 'assignments' }),
    select: (page) => page.value,
  });
  return (
    <PoliciesView
      policies={loadableFrom(policies)}
      canManage={access.canManage}
      onRefresh={() => void policies.refetch()}
    />
  );
}
