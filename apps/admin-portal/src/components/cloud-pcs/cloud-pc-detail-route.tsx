'use client';

import { lazy } from 'react';
import { AdminGate } from '../admin-gate.tsx';

const CloudPcDetailPage = lazy(() =>
  import('./cloud-pc-detail-page.tsx').then((module) => ({ default: module.CloudPcDetailPage })),
);

export function CloudPcDetailRoute({ id }: { id: string }) {
  return (
    <AdminGate title="Cloud PC">{(_user, access) => <CloudPcDetailPage id={id} access={access} />}</AdminGate>
  );
}
