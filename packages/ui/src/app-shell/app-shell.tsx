'use client';

import { makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import type { AppShellProps } from './app-shell.types.ts';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  skipLink: {
    position: 'absolute',
    insetInlineStart: tokens.spacingHorizontalS,
    top: tokens.spacingVerticalS,
    zIndex: 1,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForegroundLink,
    boxShadow: tokens.shadow8,
    // Off-screen until focused, so keyboard users meet it first and mouse users never see it.
    transform: 'translateY(-200%)',
    ':focus': {
      transform: 'none',
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
    },
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalS,
    minHeight: '48px',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  brand: {
    display: 'inline-flex',
    alignItems: 'baseline',
    columnGap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    borderRadius: tokens.borderRadiusMedium,
    ':hover': { color: tokens.colorNeutralForeground1Hover },
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: tokens.strokeWidthThick,
    },
  },
  appName: {
    color: tokens.colorNeutralForeground2,
  },
  nav: {
    display: 'flex',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
  },
  actions: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalS,
    marginInlineStart: 'auto',
  },
  main: {
    flexGrow: 1,
    width: '100%',
    maxWidth: '1200px',
    boxSizing: 'border-box',
    marginInline: 'auto',
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}`,
    ':focus': { outlineStyle: 'none' },
  },
  footer: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    color: tokens.colorNeutralForeground2,
    backgroundColor: tokens.colorNeutralBackground1,
  },
});

/**
 * The frame of every portal page: skip link, banner with product name, navigation,
 * header actions and the user slot, the `<main>` landmark, and an optional footer.
 */
export function AppShell({
  productName,
  appName,
  homeHref = '/',
  nav,
  navLabel = 'Primary',
  headerActions,
  user,
  footer,
  mainId = 'main-content',
  skipLinkLabel = 'Skip to main content',
  className,
  children,
}: AppShellProps) {
  const styles = useStyles();
  return (
    <div className={mergeClasses(styles.root, className)}>
      <a className={styles.skipLink} href={`#${mainId}`}>
        {skipLinkLabel}
      </a>
      <header className={styles.header}>
        <a className={styles.brand} href={homeHref}>
          <Text weight="semibold" size={400}>
            {productName}
          </Text>
          {appName ? (
            <Text size={400} className={styles.appName}>
              {appName}
            </Text>
          ) : null}
        </a>
        {nav ? (
          <nav aria-label={navLabel} className={styles.nav}>
            {nav}
          </nav>
        ) : null}
        <div className={styles.actions}>
          {headerActions}
          {user}
        </div>
      </header>
      {/* tabIndex -1 lets the skip link move focus into main, not only scroll to it. */}
      <main id={mainId} tabIndex={-1} className={styles.main}>
        {children}
      </main>
      {footer ? <footer className={styles.footer}>{footer}</footer> : null}
    </div>
  );
}
