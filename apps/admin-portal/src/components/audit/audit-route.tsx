'use client';

import { lazy } from 'react';
import { AdminGate } from '../admin-gate.tsx';

const loadPage = () => import('./audit-page.tsx');
const AuditPage = lazy(() => loadPage().then((module) => ({ default: module.AuditPage })));

export function AuditRoute() {
  return (
    <AdminGate preload={loadPage} title="Audit log">
      {() => <AuditPage />}
    </AdminGate>
  );
}
