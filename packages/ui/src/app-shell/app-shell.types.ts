import type { ReactNode } from 'react';

export interface AppShellProps {
  /** Product name shown first in the header, e.g. "Cloud PC". Links to `homeHref`. */
  productName: string;
  /** Which portal this is, e.g. "Admin center"; shown after the product name. */
  appName?: string;
  /** Where the product name links to. Defaults to `/`. */
  homeHref?: string;
  /** Primary navigation (links), rendered inside `<nav aria-label={navLabel}>` in the header. */
  nav?: ReactNode;
  /** Accessible name of the navigation landmark. Defaults to "Primary". */
  navLabel?: string;
  /** Status and tools at the end of the header (region badge, theme switcher). */
  headerActions?: ReactNode;
  /** The signed-in user and sign-out, or a sign-in button: the last item in the header. */
  user?: ReactNode;
  /** Content of the page footer; no footer is rendered without it. */
  footer?: ReactNode;
  /** Id of the `<main>` element that the skip link targets. Defaults to "main-content". */
  mainId?: string;
  /** Text of the skip link. Defaults to "Skip to main content". */
  skipLinkLabel?: string;
  /** Class for the root element, merged after the shell's own classes. */
  className?: string;
  /** The page. */
  children: ReactNode;
}
