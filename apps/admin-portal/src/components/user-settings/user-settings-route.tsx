'use client';

import { lazy } from 'react';
import { AdminGate } from '../admin-gate.tsx';

const loadPage = () => import('./user-settings-page.tsx');
const UserSettingsPage = lazy(() => loadPage().then((module) => ({ default: module.UserSettingsPage })));

export function UserSettingsRoute() {
  return (
    <AdminGate preload={loadPage} title="User settings">
      {(_user, access) => <UserSettingsPage access={access} />}
    </AdminGate>
  );
}
