'use client';

import { AdminGate } from '../admin-gate.tsx';
import { CloudPcDetailPage } from './cloud-pc-detail-page.tsx';

export function CloudPcDetailRoute({ id }: { id: string }) {
  return (
    <AdminGate title="Cloud PC">{(_user, access) => <CloudPcDetailPage id={id} access={access} />}</AdminGate>
  );
}
