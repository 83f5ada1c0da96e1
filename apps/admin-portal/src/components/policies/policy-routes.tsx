'use client';

import { ErrorState } from '@cloudpc/ui';
import { useQuery } from '@tanstack/react-query';
import type { AdminAccess } from '../../auth/admin-access.ts';
import { useApi } from '../../data/api-context.tsx';
import { AdminGate } from '../admin-gate.tsx';
import { loadableFrom } from '../loadable.ts';
import { PoliciesView } from './policies-view.tsx';
import { CreatePolicyPage, EditPolicyPage } from './policy-wizard-page.tsx';

function PoliciesPage({ access }: { access: AdminAccess }) {
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

const ADMINS_ONLY = (
  <ErrorState
    headingLevel={1}
    title="Administrators only"
    message="Creating and editing provisioning policies needs the Cloud PC administrator role."
  />
);

export function PoliciesRoute() {
  return (
    <AdminGate title="Provisioning policies">{(_user, access) => <PoliciesPage access={access} />}</AdminGate>
  );
}

export function CreatePolicyRoute() {
  return (
    <AdminGate title="Create provisioning policy">
      {(_user, access) => (access.canManage ? <CreatePolicyPage /> : ADMINS_ONLY)}
    </AdminGate>
  );
}

export function EditPolicyRoute({ id }: { id: string }) {
  return (
    <AdminGate title="Edit provisioning policy">
      {(_user, access) => (access.canManage ? <EditPolicyPage id={id} /> : ADMINS_ONLY)}
    </AdminGate>
  );
}
