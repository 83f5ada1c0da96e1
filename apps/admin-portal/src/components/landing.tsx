'use client';

import { useAuth } from '@cloudpc/portal-auth/auth-context.tsx';
import { SignedOutLanding } from '@cloudpc/ui';
import { DesktopRegular, DocumentBulletListRegular, PeopleTeamRegular } from '@fluentui/react-icons';

const FEATURES = [
  {
    title: 'Provisioning policies',
    description: 'Choose the image, size, region and naming for the Cloud PCs of a group.',
    icon: <DocumentBulletListRegular />,
  },
  {
    title: 'Assignments',
    description: 'Assign a policy to Entra ID groups; members get a Cloud PC without a ticket.',
    icon: <PeopleTeamRegular />,
  },
  {
    title: 'Cloud PCs',
    description: 'Follow provisioning, then restart, resize, restore or troubleshoot any Cloud PC.',
    icon: <DesktopRegular />,
  },
];

export function Landing() {
  const { signIn, notice, isBusy } = useAuth();
  return (
    <SignedOutLanding
      heading="Cloud PC admin center"
      description="Manage your organisation's Cloud PCs: define provisioning policies, assign them to groups and keep every Cloud PC healthy across regions. Sign in with your work account to continue."
      features={FEATURES}
      onSignIn={signIn}
      isSigningIn={isBusy}
      notice={notice}
    />
  );
}
