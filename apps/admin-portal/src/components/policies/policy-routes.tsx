'use client';

import { ErrorState } from '@cloudpc/ui';
import { lazy } from 'react';
import { AdminGate } from '../admin-gate.tsx';

const PoliciesPage = lazy(() =>
  import('./policies-page.tsx').then((module) => ({ default: module.PoliciesPage })),
);
const CreatePolicyPage = lazy(() =>
  import('./policy-wizard-page.tsx').then((module) => ({ default: module.CreatePolicyPage })),
);
const EditPolicyPage = lazy(() =>
  import('./policy-wizard-page.tsx').then((module) => ({ default: module.EditPolicyPage })),
);

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
