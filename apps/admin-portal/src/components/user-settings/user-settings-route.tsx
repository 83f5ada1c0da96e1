'use client';

import { lazy } from 'react';
import { AdminGate } from '../admin-gate.tsx';

const UserSettingsPage = lazy(() =>
  import('./user-settings-page.tsx').then((module) => ({ default: module.UserSettingsPage })),
);

export function UserSettingsRoute() {
  return (
    <AdminGate title="User settings">{(_user, access) => <UserSettingsPage access={access} />}</AdminGate>
  );
}
