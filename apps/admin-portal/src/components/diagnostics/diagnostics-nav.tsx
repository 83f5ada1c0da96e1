'use client';

import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import NextLink from 'next/link';
import { usePathname } from 'next/navigation';

export const DIAGNOSTICS_PAGES = [
  { href: '/diagnostics', label: 'Overview' },
  { href: '/diagnostics/health', label: 'Service health' },
  { href: '/diagnostics/pipeline', label: 'Provisioning pipeline' },
  { href: '/diagnostics/connections', label: 'Connection quality' },
  { href: '/diagnostics/unavailable', label: 'Unavailable Cloud PCs' },
  { href: '/diagnostics/timeline', label: 'Timeline' },
  { href: '/diagnostics/alerts', label: 'Alerts' },
] as const;

const useStyles = makeStyles({
  nav: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  link: {
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: 'none',
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover, textDecorationLine: 'underline' },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  current: {
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightSemibold,
    backgroundColor: tokens.colorNeutralBackground1Selected,
  },
});

/** The diagnostics pages, one click apart. */
export function DiagnosticsNav() {
  const styles = useStyles();
  const pathname = usePathname() ?? '';
  return (
    <nav aria-label="Diagnostics" className={styles.nav}>
      {DIAGNOSTICS_PAGES.map((page) => {
        const isCurrent =
          page.href === '/diagnostics' ? pathname === '/diagnostics' : pathname.startsWith(page.href);
        return (
          <NextLink
            key={page.href}
            href={page.href}
            aria-current={isCurrent ? 'page' : undefined}
            className={mergeClasses(styles.link, isCurrent && styles.current)}
          >
            {page.label}
          </NextLink>
        );
      })}
    </nav>
  );
}
