import { FluentProvider, makeStyles, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmptyState } from './empty-state.tsx';
import { ErrorState } from './error-state.tsx';
import { LoadingState } from './loading-state.tsx';

const renderInTheme = (ui: ReactElement) =>
  render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

afterEach(cleanup);

const useOverride = makeStyles({ root: { textAlign: 'start' } });
function Overridden() {
  return <EmptyState title="Nothing here" className={useOverride().root} />;
}

describe('LoadingState', () => {
  it('is a polite, busy status named by its label', () => {
    renderInTheme(<LoadingState label="Loading Cloud PCs…" />);
    const status = screen.getByRole('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.getAttribute('aria-busy')).toBe('true');
    expect(status.textContent).toContain('Loading Cloud PCs…');
  });

  it('says "Loading…" when no label is given', () => {
    renderInTheme(<LoadingState />);
    expect(screen.getByRole('status').textContent).toContain('Loading…');
  });
});

describe('EmptyState', () => {
  it('shows the title as a heading of the requested level, the description and the action', () => {
    renderInTheme(
      <EmptyState
        title="No provisioning policies yet"
        description="Create a policy to start provisioning Cloud PCs."
        action={<button type="button">Create policy</button>}
        headingLevel={3}
      />,
    );
    const heading = screen.getByRole('heading', { name: 'No provisioning policies yet' });
    expect(heading.tagName).toBe('H3');
    expect(screen.getByText('Create a policy to start provisioning Cloud PCs.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Create policy' })).toBeTruthy();
  });

  it('hides the decorative icon from assistive technology', () => {
    const { container } = renderInTheme(
      <EmptyState title="Nothing here" icon={<svg data-testid="icon" />} />,
    );
    const icon = screen.getByTestId('icon');
    expect(icon.closest('[aria-hidden="true"]')).not.toBeNull();
    expect(container.querySelector('h2')?.textContent).toBe('Nothing here');
  });

  it('lets a consumer makeStyles class override its own styles (className merged last)', () => {
    const plain = renderInTheme(<EmptyState title="Nothing here" />);
    const plainClasses = plain.container.querySelector('h2')?.parentElement?.className.split(' ') ?? [];
    cleanup();
    const overridden = renderInTheme(<Overridden />);
    const overriddenClasses =
      overridden.container.querySelector('h2')?.parentElement?.className.split(' ') ?? [];
    // mergeClasses drops the component's own text-align class in favour of the consumer's.
    // Class names starting with "___" are Griffel's cache keys for the merged set, not styles.
    const atomic = (names: string[]) => names.filter((name) => !name.startsWith('___'));
    const replaced = atomic(plainClasses).filter((name) => !overriddenClasses.includes(name));
    const added = atomic(overriddenClasses).filter((name) => !plainClasses.includes(name));
    expect(replaced).toHaveLength(1);
    expect(added).toHaveLength(1);
  });
});

describe('ErrorState', () => {
  it('is an alert with a default title, the message and the request id to quote', () => {
    renderInTheme(
      <ErrorState
        message="The Cloud PCs could not be loaded."
        requestId="7f3c1a52-1e0b-4f43-9a3e-2d9b6c1e8f00"
      />,
    );
    const alert = screen.getByRole('alert');
    expect(screen.getByRole('heading', { name: 'Something went wrong' })).toBeTruthy();
    expect(alert.textContent).toContain('The Cloud PCs could not be loaded.');
    expect(alert.textContent).toContain('Request ID: 7f3c1a52-1e0b-4f43-9a3e-2d9b6c1e8f00');
  });

  it('shows no request id line when there is none', () => {
    renderInTheme(<ErrorState title="Could not load policies" />);
    expect(screen.getByRole('alert').textContent).not.toContain('Request ID');
  });

  it('offers a retry that calls onRetry', () => {
    const onRetry = vi.fn();
    renderInTheme(<ErrorState onRetry={onRetry} retryLabel="Reload policies" />);
    fireEvent.click(screen.getByRole('button', { name: 'Reload policies' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('has no retry button without onRetry', () => {
    renderInTheme(<ErrorState />);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
