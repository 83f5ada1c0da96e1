import type { Metadata } from 'next';
import { UserSettingsRoute } from '../../components/user-settings/user-settings-route.tsx';

export const metadata: Metadata = { title: 'User settings' };

export default function UserSettingsPage() {
  return <UserSettingsRoute />;
}
