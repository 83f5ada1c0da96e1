'use client';

import { useAuth } from '@cloudpc/portal-auth/auth-context.tsx';
import { AppShell, RegionBadge, SignedInUser, ThemeSwitcher } from '@cloudpc/ui';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import NextLink from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { type AdminSection, adminAccessFor, ROLE_LABELS } from '../auth/admin-access.ts';
import { portalSectionsFor } from './admin-sections.ts';

export const PRODUCT_NAME = 'Cloud PC';
export const APP_NAME = 'Admin center';

export interface PortalShellProps {
  /** The region that rendered the page, read on the server. */
  region: string;
  children: ReactNode;
}

const useStyles = makeStyles({
  navLink: {
    display: 'inline-flex',
    alignItems: 'center',
    minHeight: '32px',
    padding: `0 ${tokens.spacingHorizontalS}`,
    // Reserved so the current section's underline does not move the text.
    borderBottom: `${tokens.strokeWidthThick} solid transparent`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
    textDecorationLine: 'none',
    fontWeight: tokens.fontWeightRegular,
    ':hover': {
      color: tokens.colorNeutralForeground2Hover,
      backgroundColor: tokens.colorSubtleBackgroundHover,
    },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  current: {
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightSemibold,
    borderBottomColor: tokens.colorCompoundBrandStroke,
  },
});

function SectionNav({ sections }: { sections: readonly AdminSection[] }) {
  const styles = useStyles();
  const pathname = usePathname();
  return sections.map((section) => {
    const isCurrent = section.href === '/' ? pathname === '/' : pathname.startsWith(section.href);
    return (
      <NextLink
        key={section.href}
        href={section.href}
        aria-current={isCurrent ? 'page' : undefined}
        className={mergeClasses(styles.navLink, isCurrent && styles.current)}
      >
        {section.label}
      </NextLink>
    );
  });
}

export function PortalShell({ region, children }: PortalShellProps) {
  const { status, user, signOut, isBusy } = useAuth();
  const access = adminAccessFor(user?.roles ?? []);
  const sections = status === 'signedIn' ? portalSectionsFor(access) : [];
  return (
    <AppShell
      productName={PRODUCT_NAME}
      appName={APP_NAME}
      navLabel="Admin center sections"
      nav={sections.length > 0 ? <SectionNav sections={sections} /> : undefined}
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
            {...(status === 'signedIn' ? { roleLabel: ROLE_LABELS[access.role] } : {})}
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
