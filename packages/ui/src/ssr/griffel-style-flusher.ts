import { type GriffelRenderer, renderToStyleElements } from '@griffel/react';
import type { ReactElement } from 'react';

/**
 * Returns a function that renders, as `<style>` elements, only the Griffel rules the
 * renderer collected since the previous call.
 *
 * Next's `useServerInsertedHTML` calls its callback on every flush of the streamed HTML.
 * The usual recipe emits everything once and then nothing, so components that render
 * later (inside a Suspense boundary) arrive without their CSS and flash unstyled until
 * hydration. Emitting the whole sheet on every flush is the other classic mistake:
 * Griffel then finds duplicate rules while rehydrating. Emitting the difference avoids both.
 */
export function createGriffelStyleFlusher(renderer: GriffelRenderer): () => ReactElement[] {
  const emittedCount = new Map<string, number>();
  return () => {
    const fresh: GriffelRenderer['stylesheets'] = {};
    for (const [key, sheet] of Object.entries(renderer.stylesheets)) {
      if (!sheet) continue;
      const rules = sheet.cssRules();
      const from = emittedCount.get(key) ?? 0;
      if (rules.length <= from) continue;
      emittedCount.set(key, rules.length);
      const slice = rules.slice(from);
      fresh[key] = { ...sheet, cssRules: () => slice };
    }
    // renderToStyleElements keeps Griffel's bucket and media-query ordering.
    return renderToStyleElements({ ...renderer, stylesheets: fresh });
  };
}
