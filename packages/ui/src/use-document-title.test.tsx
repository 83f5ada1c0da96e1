import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useDocumentTitle } from './use-document-title.ts';

afterEach(cleanup);

function Titled({ title }: { title: string }) {
  useDocumentTitle(title);
  return null;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('useDocumentTitle', () => {
  it('sets the title and keeps it when something else writes the <title> later', async () => {
    document.head.innerHTML = '<title>Sign in · Cloud PC</title>';
    const { rerender } = render(<Titled title="Overview · Cloud PC" />);
    expect(document.title).toBe('Overview · Cloud PC');

    // What streamed metadata does after hydration.
    const late = document.createElement('title');
    late.textContent = 'Sign in · Cloud PC';
    document.head.replaceChildren(late);
    await flush();
    expect(document.title).toBe('Overview · Cloud PC');

    rerender(<Titled title="My Cloud PCs · Cloud PC" />);
    expect(document.title).toBe('My Cloud PCs · Cloud PC');
  });

  it('lets go when unmounted', async () => {
    const { unmount } = render(<Titled title="Overview · Cloud PC" />);
    unmount();
    document.title = 'Page not found · Cloud PC';
    await flush();
    expect(document.title).toBe('Page not found · Cloud PC');
  });
});
