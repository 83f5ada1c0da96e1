'use client';

import { ErrorState } from '@cloudpc/ui';
import { lazy } from 'react';
import { AdminGate } from '../admin-gate.tsx';

const loadList = () => import('./policies-page.tsx');
const loadWizard = () => import('./policy-wizard-page.tsx');
const PoliciesPage = lazy(() => loadList().then((module) => ({ default: module.PoliciesPage })));
const CreatePolicyPage = lazy(() => loadWizard().then((module) => ({ default: module.CreatePolicyPage })));
const EditPolicyPage = lazy(() => loadWizard().then((module) => ({ default: module.EditPolicyPage })));

const ADMINS_ONLY = (
  <ErrorState
    headingLevel={1}
    title="Administrators only"
    message="Creating and editing provisioning policies needs the Cloud PC administrator role."
  />
);

export function PoliciesRoute() {
  return (
    <AdminGate preload={loadList} title="Provisioning policies">
      {(_user, access) => <PoliciesPage access={access} />}
    </AdminGate>
  );
}

export function CreatePolicyRoute() {
  return (
    <AdminGate preload={loadWizard} title="Create provisioning policy">
      {(_user, access) => (access.canManage ? <CreatePolicyPage /> : ADMINS_ONLY)}
    </AdminGate>
  );
}

export function EditPolicyRoute({ id }: { id: string }) {
  return (
    <AdminGate preload={loadWizard} title="Edit provisioning policy">
      {(_user, access) => (access.canManage ? <EditPolicyPage id={id} /> : ADMINS_ONLY)}
    </AdminGate>
  );
}
