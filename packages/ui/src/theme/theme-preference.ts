/** What the person chose; `system` follows the operating system's `prefers-color-scheme`. */
export type ThemePreference = 'system' | 'light' | 'dark';

/** The colour scheme actually on screen. */
export type ResolvedTheme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'cloudpc-theme';

/** The attribute on `<html>` that pins a theme; absent means "follow the OS". */
export const THEME_ATTRIBUTE = 'data-theme';

export function parseThemePreference(value: string | null | undefined): ThemePreference {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/**
 * Runs in `<head>` before the body is parsed, so a stored choice is applied before the
 * first paint. It has to be a string: it executes before React and before any bundle.
 */
export const themeInitScript = `(function(){try{var p=localStorage.getItem(${JSON.stringify(
  THEME_STORAGE_KEY,
)});if(p==="light"||p==="dark"){document.documentElement.setAttribute(${JSON.stringify(
  THEME_ATTRIBUTE,
)},p)}}catch(e){}})();`;
