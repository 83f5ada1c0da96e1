'use client';

import { lazy } from 'react';
import { AdminGate } from '../admin-gate.tsx';

// Loaded once someone with an admin role is signed in (the gate suspends meanwhile).
const CloudPcsPage = lazy(() =>
  import('./cloud-pcs-page.tsx').then((module) => ({ default: module.CloudPcsPage })),
);

export function CloudPcsRoute() {
  return <AdminGate title="All Cloud PCs">{(_user, access) => <CloudPcsPage access={access} />}</AdminGate>;
}
