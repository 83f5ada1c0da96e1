'use client';

import { useEffect, useRef } from 'react';

/** The in-app address a click on this event would navigate to, or undefined when it would not. */
export function inAppTarget(event: MouseEvent, here: Location): string | undefined {
  if (event.defaultPrevented || event.button !== 0) return undefined;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return undefined; // new tab or window
  const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(anchor instanceof HTMLAnchorElement)) return undefined;
  if ((anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) return undefined;
  const url = new URL(anchor.href, here.href);
  // Another site is a full page load: the browser's own beforeunload prompt covers it.
  if (url.origin !== here.origin) return undefined;
  if (url.pathname === here.pathname && url.search === here.search) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * While a form has unsaved changes, asks before anything leaves it: a click on any in-app
 * link (the header's sections and product name included; Next's links navigate without
 * unloading the page) is held and handed to `onAttempt` with where it was going, and
 * reloads, closing the tab or other sites get the browser's own prompt. The capture-phase
 * listener on the document runs before React's, so the link never starts navigating.
 */
export function useLeaveGuard(isDirty: boolean, onAttempt: (href: string) => void): void {
  const attempt = useRef(onAttempt);
  attempt.current = onAttempt;
  useEffect(() => {
    if (!isDirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    const intercept = (event: MouseEvent) => {
      const target = inAppTarget(event, window.location);
      if (target === undefined) return;
      event.preventDefault();
      event.stopPropagation();
      attempt.current(target);
    };
    window.addEventListener('beforeunload', warn);
    document.addEventListener('click', intercept, true);
    return () => {
      window.removeEventListener('beforeunload', warn);
      document.removeEventListener('click', intercept, true);
    };
  }, [isDirty]);
}
