// Server components import this entry too: export only client components ('use client'
// modules) and plain values here. Anything that evaluates Fluent or Griffel at import time
// (theme-css.ts, the style flusher) stays out, or the server build fails.
export { AppShell } from './app-shell/app-shell.tsx';
export type { AppShellProps } from './app-shell/app-shell.types.ts';
export {
  type LandingFeature,
  SignedOutLanding,
  type SignedOutLandingProps,
} from './landing/signed-out-landing.tsx';
export { RegionBadge, type RegionBadgeProps } from './region-badge.tsx';
export { EmptyState } from './states/empty-state.tsx';
export { ErrorState } from './states/error-state.tsx';
export { LoadingState } from './states/loading-state.tsx';
export type {
  EmptyStateProps,
  ErrorStateProps,
  LoadingStateProps,
  StateHeadingLevel,
} from './states/states.types.ts';
export {
  CLOUD_PC_STATUS_DISPLAY,
  CloudPcStatusBadge,
  type CloudPcStatusBadgeProps,
  type CloudPcStatusName,
} from './status/cloud-pc-status-badge.tsx';
export {
  parseThemePreference,
  type ResolvedTheme,
  THEME_ATTRIBUTE,
  THEME_STORAGE_KEY,
  type ThemePreference,
  themeInitScript,
} from './theme/theme-preference.ts';
export {
  type ThemeContextValue,
  ThemeProvider,
  type ThemeProviderProps,
  useTheme,
} from './theme/theme-provider.tsx';
export { ThemeSwitcher, type ThemeSwitcherProps } from './theme/theme-switcher.tsx';
export { useDocumentTitle } from './use-document-title.ts';
export { SignedInUser, type SignedInUserProps } from './user-menu/signed-in-user.tsx';
