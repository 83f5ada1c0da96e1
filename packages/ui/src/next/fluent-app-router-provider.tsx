'use client';

import { createDOMRenderer, RendererProvider, SSRProvider } from '@fluentui/react-components';
import { useServerInsertedHTML } from 'next/navigation';
import { type ReactNode, useRef, useState } from 'react';
import { createGriffelStyleFlusher } from '../ssr/griffel-style-flusher.ts';
import { themeInitScript } from '../theme/theme-preference.ts';
import { ThemeProvider } from '../theme/theme-provider.tsx';

export interface FluentAppRouterProviderProps {
  children: ReactNode;
}

/**
 * Fluent UI v9 for the Next.js App Router, after Fluent's appDir recipe: one Griffel
 * renderer per request on the server (per page load in the browser), its CSS streamed
 * into the server HTML through `useServerInsertedHTML`, so the first paint is styled and
 * the browser's renderer rehydrates from those `<style>` elements instead of inserting
 * the rules again. Also places the theme script in `<head>`, outside React, so a stored
 * dark/light choice applies before the first paint and React never sees a `<script>`.
 */
export function FluentAppRouterProvider({ children }: FluentAppRouterProviderProps) {
  const [renderer] = useState(() => createDOMRenderer());
  const [flushStyles] = useState(() => createGriffelStyleFlusher(renderer));
  const didInsertThemeScript = useRef(false);

  useServerInsertedHTML(() => {
    const styles = flushStyles();
    if (didInsertThemeScript.current) return styles.length > 0 ? styles : null;
    didInsertThemeScript.current = true;
    return (
      <>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant string defined in this package, no input. */}
        <script dangerouslySetInnerHTML={{ __html: themeInitScript }} />
        {styles}
      </>
    );
  });

  return (
    <RendererProvider renderer={renderer}>
      <SSRProvider>
        <ThemeProvider>{children}</ThemeProvider>
      </SSRProvider>
    </RendererProvider>
  );
}
