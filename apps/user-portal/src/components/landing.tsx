'use client';

import { useAuth } from '@cloudpc/portal-auth/auth-context.tsx';
import { SignedOutLanding } from '@cloudpc/ui';
import { ArrowClockwiseRegular, GlobeDesktopRegular, HistoryRegular } from '@fluentui/react-icons';

const FEATURES = [
  {
    title: 'Open it from a browser',
    description: 'Launch your Cloud PC from any device with a short-lived, single-use link.',
    icon: <GlobeDesktopRegular />,
  },
  {
    title: 'Fix it yourself',
    description: 'Restart or troubleshoot your Cloud PC without waiting for the help desk.',
    icon: <ArrowClockwiseRegular />,
  },
  {
    title: 'Go back in time',
    description: 'Restore your Cloud PC to an earlier restore point when something breaks.',
    icon: <HistoryRegular />,
  },
];

export function Landing() {
  const { signIn, notice, isBusy } = useAuth();
  return (
    <SignedOutLanding
      heading="Your Cloud PC, in the browser"
      description="Your Windows desktop, apps and files live on a Cloud PC that your organisation provides. Sign in with your work account to see your Cloud PCs and open one."
      features={FEATURES}
      onSignIn={signIn}
      isSigningIn={isBusy}
      notice={notice}
    />
  );
}
