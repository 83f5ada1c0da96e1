'use client';

import { useAuth } from '@cloudpc/portal-auth/auth-context.tsx';
import { AppShell, RegionBadge, SignedInUser, ThemeSwitcher } from '@cloudpc/ui';
import type { ReactNode } from 'react';

export const PRODUCT_NAME = 'Cloud PC';
export const APP_NAME = 'My Cloud PCs';

export interface PortalShellProps {
  /** The region that rendered the page, read on the server. */
  region: string;
  children: ReactNode;
}

export function PortalShell({ region, children }: PortalShellProps) {
  const { status, user, signOut, isBusy } = useAuth();
  return (
    <AppShell
      productName={PRODUCT_NAME}
      appName={APP_NAME}
      headerActions={
        <>
          <RegionBadge region={region} />
          <ThemeSwitcher />
        </>
      }
      user={
        user && (status === 'signedIn' || status === 'failed') ? (
          <SignedInUser
            name={user.name}
            tenantLabel={user.tenantLabel}
            username={user.username}
            onSignOut={signOut}
            isSigningOut={isBusy}
          />
        ) : undefined
      }
      footer={`Open-source, self-hostable Cloud PC service · served from ${region}`}
    >
      {children}
    </AppShell>
  );
}
