'use client';

import { useEffect } from 'react';

/**
 * Sets the document title from a client component, for pages whose title depends on what
 * only the browser knows (who is signed in). Next.js streams a dynamic page's metadata and
 * may write its own `<title>` after this effect ran, so the title is re-applied whenever
 * the head changes while the component is mounted.
 */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    const apply = () => {
      if (document.title !== title) document.title = title;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [title]);
}
