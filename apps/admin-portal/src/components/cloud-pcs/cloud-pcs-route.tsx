'use client';

import { AdminGate } from '../admin-gate.tsx';
import { CloudPcsPage } from './cloud-pcs-page.tsx';

export function CloudPcsRoute() {
  return <AdminGate title="All Cloud PCs">{(_user, access) => <CloudPcsPage access={access} />}</AdminGate>;
}
