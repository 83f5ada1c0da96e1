'use client';

import { lazy } from 'react';
import { AdminGate } from '../admin-gate.tsx';

// Loaded once someone with an admin role is signed in (the gate suspends meanwhile).
const loadPage = () => import('./cloud-pcs-page.tsx');
const CloudPcsPage = lazy(() => loadPage().then((module) => ({ default: module.CloudPcsPage })));

export function CloudPcsRoute() {
  return (
    <AdminGate preload={loadPage} title="All Cloud PCs">
      {(_user, access) => <CloudPcsPage access={access} />}
    </AdminGate>
  );
}
