'use client';

import { AppShell, RegionBadge, ThemeSwitcher } from '@cloudpc/ui';
import type { ReactNode } from 'react';

export const PRODUCT_NAME = 'Cloud PC';
export const APP_NAME = 'My Cloud PCs';

export interface PortalShellProps {
  /** The region that rendered the page, read on the server. */
  region: string;
  children: ReactNode;
}

export function PortalShell({ region, children }: PortalShellProps) {
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
      footer={`Open-source, self-hostable Cloud PC service · served from ${region}`}
    >
      {children}
    </AppShell>
  );
}
