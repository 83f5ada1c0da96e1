'use client';

import { lazy } from 'react';
import { AdminGate } from '../admin-gate.tsx';

const loadPage = () => import('./cloud-pc-detail-page.tsx');
const CloudPcDetailPage = lazy(() => loadPage().then((module) => ({ default: module.CloudPcDetailPage })));

export function CloudPcDetailRoute({ id }: { id: string }) {
  return (
    <AdminGate preload={loadPage} title="Cloud PC">
      {(_user, access) => <CloudPcDetailPage id={id} access={access} />}
    </AdminGate>
  );
}
