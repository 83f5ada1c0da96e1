import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useLeaveGuard } from './leave-guard.ts';

afterEach(cleanup);

function Form({ isDirty, onAttempt }: { isDirty: boolean; onAttempt: (href: string) => void }) {
  useLeaveGuard(isDirty, onAttempt);
  return (
    <nav>
      <a href="/cloud-pcs?x=1">Cloud PCs</a>
      <a href="https://example.com/">Elsewhere</a>
      <a href="/audit" target="_blank" rel="noreferrer">
        Audit in a new tab
      </a>
    </nav>
  );
}

/** Whether the click went through (its default was not prevented). */
function click(name: string, init: MouseEventInit = {}): boolean {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ...init });
  screen.getByRole('link', { name }).dispatchEvent(event);
  return !event.defaultPrevented;
}

describe('useLeaveGuard', () => {
  it('holds in-app link clicks while the form is dirty and says where they were going', () => {
    const onAttempt = vi.fn();
    render(<Form isDirty onAttempt={onAttempt} />);
    expect(click('Cloud PCs')).toBe(false);
    expect(onAttempt).toHaveBeenCalledWith('/cloud-pcs?x=1');
  });

  it('lets other sites, new tabs and modified clicks through (the browser asks for those)', () => {
    const onAttempt = vi.fn();
    render(<Form isDirty onAttempt={onAttempt} />);
    // jsdom does not navigate; a click that was let through is simply not prevented.
    expect(click('Elsewhere')).toBe(true);
    expect(click('Audit in a new tab')).toBe(true);
    expect(click('Cloud PCs', { ctrlKey: true })).toBe(true);
    expect(onAttempt).not.toHaveBeenCalled();
  });

  it('does nothing while the form is clean, and asks the browser before unloading a dirty one', () => {
    const onAttempt = vi.fn();
    const { rerender } = render(<Form isDirty={false} onAttempt={onAttempt} />);
    expect(click('Cloud PCs')).toBe(true);
    expect(onAttempt).not.toHaveBeenCalled();
    rerender(<Form isDirty onAttempt={onAttempt} />);
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);
    fireEvent.click(screen.getByRole('link', { name: 'Cloud PCs' }));
    expect(onAttempt).toHaveBeenCalledTimes(1);
  });
});
