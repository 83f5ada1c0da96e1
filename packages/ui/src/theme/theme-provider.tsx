'use client';

import { FluentProvider, type FluentProviderProps } from '@fluentui/react-components';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useSyncExternalStore } from 'react';
import {
  parseThemePreference,
  type ResolvedTheme,
  THEME_ATTRIBUTE,
  THEME_STORAGE_KEY,
  type ThemePreference,
} from './theme-preference.ts';

export interface ThemeContextValue {
  /** The stored choice; `system` until the browser has been read (server render and hydration). */
  preference: ThemePreference;
  /** The scheme on screen. `light` during the server render, corrected right after hydration. */
  resolvedTheme: ResolvedTheme;
  /** Stores the choice in localStorage and applies it at once, without a re-render of the tree. */
  setPreference: (preference: ThemePreference) => void;
}

const ThemeContext = createContext<ThemeContextValue | undefined>(undefined);

const CHANGE_EVENT = 'cloudpc-theme-change';
const DARK_QUERY = '(prefers-color-scheme: dark)';

function applyPreference(preference: ThemePreference): void {
  const root = document.documentElement;
  if (preference === 'system') root.removeAttribute(THEME_ATTRIBUTE);
  else root.setAttribute(THEME_ATTRIBUTE, preference);
}

function readStoredPreference(): ThemePreference {
  try {
    return parseThemePreference(window.localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    // Storage can be blocked (privacy settings); the OS preference still applies.
    return 'system';
  }
}

function subscribePreference(onChange: () => void): () => void {
  // A choice made in another tab arrives as a storage event; apply it here too.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== THEME_STORAGE_KEY && event.key !== null) return;
    applyPreference(parseThemePreference(event.newValue));
    onChange();
  };
  window.addEventListener('storage', onStorage);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onStorage);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

function subscribeSystemScheme(onChange: () => void): () => void {
  const query = window.matchMedia?.(DARK_QUERY);
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
}

const systemPrefersDark = () => window.matchMedia?.(DARK_QUERY).matches ?? false;
const serverPreference = (): ThemePreference => 'system';
const serverPrefersDark = () => false;

// FluentProvider would otherwise write one theme's tokens inline; the tokens come from
// the static fluent-theme.css instead (see theme-css.ts). An empty object, not undefined,
// so FluentProvider knows a theme is set on purpose.
const TOKENS_FROM_STYLESHEET = {};

export interface ThemeProviderProps {
  children: ReactNode;
  /** Class for the FluentProvider root element; merged after Fluent's own classes. */
  className?: string;
  /** Text direction for Fluent components. Defaults to `ltr`. */
  dir?: FluentProviderProps['dir'];
}

/**
 * Light and dark Fluent themes that follow the OS by default, with a stored override.
 *
 * Colours never depend on React state: the static token stylesheet and the inline
 * `themeInitScript` pick the scheme before the first paint, so there is no flash and the
 * server and client render the same markup. React state only drives the switcher's label.
 * Requires `@cloudpc/ui/theme.css` to be loaded and `themeInitScript` to run in `<head>`.
 */
export function ThemeProvider({ children, className, dir = 'ltr' }: ThemeProviderProps) {
  const preference = useSyncExternalStore(subscribePreference, readStoredPreference, serverPreference);
  const prefersDark = useSyncExternalStore(subscribeSystemScheme, systemPrefersDark, serverPrefersDark);
  const resolvedTheme: ResolvedTheme =
    preference === 'system' ? (prefersDark ? 'dark' : 'light') : preference;

  const setPreference = useCallback((next: ThemePreference) => {
    try {
      if (next === 'system') window.localStorage.removeItem(THEME_STORAGE_KEY);
      else window.localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Not persisted, but still applied for this page.
    }
    applyPreference(next);
    window.dispatchEvent(new Event(CHANGE_EVENT));
  }, []);

  const value = useMemo(
    () => ({ preference, resolvedTheme, setPreference }),
    [preference, resolvedTheme, setPreference],
  );

  return (
    <ThemeContext.Provider value={value}>
      <FluentProvider theme={TOKENS_FROM_STYLESHEET} dir={dir} className={className}>
        {children}
      </FluentProvider>
    </ThemeContext.Provider>
  );
}

export function useTheme(): ThemeContextValue {
  const value = useContext(ThemeContext);
  if (!value) throw new Error('useTheme must be used inside <ThemeProvider>');
  return value;
}
