'use client';

import { lazy } from 'react';
import { AdminGate } from '../admin-gate.tsx';

const AuditPage = lazy(() => import('./audit-page.tsx').then((module) => ({ default: module.AuditPage })));

export function AuditRoute() {
  return <AdminGate title="Audit log">{() => <AuditPage />}</AdminGate>;
}
