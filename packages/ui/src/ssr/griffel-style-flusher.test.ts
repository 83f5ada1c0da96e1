import { createDOMRenderer } from '@griffel/react';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { createGriffelStyleFlusher } from './griffel-style-flusher.ts';

type StyleElement = ReactElement<{
  dangerouslySetInnerHTML: { __html: string };
  'data-make-styles-bucket': string;
}>;
const css = (elements: ReactElement[]) =>
  (elements as StyleElement[]).map((element) => element.props.dangerouslySetInnerHTML.__html).join('');

describe('createGriffelStyleFlusher', () => {
  it('emits each rule once across flushes, as streamed HTML needs', () => {
    // No document: the renderer collects rules the way it does during a server render.
    const renderer = createDOMRenderer(undefined);
    const flush = createGriffelStyleFlusher(renderer);

    renderer.insertCSSRules({ d: ['.a{color:red;}'] });
    const first = flush();
    expect(css(first)).toBe('.a{color:red;}');

    expect(flush()).toEqual([]);

    renderer.insertCSSRules({ d: ['.a{color:red;}', '.b{color:blue;}'], h: ['.c:hover{color:green;}'] });
    const third = flush();
    expect(css(third)).toBe('.b{color:blue;}.c:hover{color:green;}');
  });

  it('keeps Griffel bucket order and rehydration attributes', () => {
    const renderer = createDOMRenderer(undefined);
    const flush = createGriffelStyleFlusher(renderer);
    renderer.insertCSSRules({ h: ['.h:hover{color:green;}'], d: ['.d{color:red;}'], r: ['.r{margin:0;}'] });
    const elements = flush() as StyleElement[];
    expect(elements.map((element) => element.props['data-make-styles-bucket'])).toEqual(['r', 'd', 'h']);
    for (const element of elements) {
      expect(element.props).toHaveProperty('data-make-styles-rehydration', 'true');
    }
  });
});
