import { ApiError } from '@cloudpc/api-client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ago, StaleBanner, stalenessOf, worstOf } from './stale-banner.tsx';

afterEach(cleanup);

// MessageBar measures itself; jsdom has no ResizeObserver.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

const NOW = Date.parse('2026-11-24T10:00:00Z');
const failure = new ApiError({
  status: 503,
  code: 'ServiceUnavailable',
  message: 'Busy.',
  requestId: 'req-5',
});

describe('stalenessOf', () => {
  it('is fresh before the first answer and while answers are recent', () => {
    expect(stalenessOf({ dataUpdatedAt: 0, isRefetchError: false, error: null }, NOW)).toEqual({
      kind: 'fresh',
    });
    expect(stalenessOf({ dataUpdatedAt: NOW - 60_000, isRefetchError: false, error: null }, NOW)).toEqual({
      kind: 'fresh',
    });
  });

  it('is old past the limit, and failing (with the request id) when a refresh failed', () => {
    expect(stalenessOf({ dataUpdatedAt: NOW - 180_000, isRefetchError: false, error: null }, NOW).kind).toBe(
      'old',
    );
    expect(stalenessOf({ dataUpdatedAt: NOW - 1_000, isRefetchError: true, error: failure }, NOW)).toEqual({
      kind: 'failing',
      updatedAt: NOW - 1_000,
      message: 'Busy.',
      requestId: 'req-5',
    });
    expect(worstOf({ kind: 'old', updatedAt: 1 }, { kind: 'failing', updatedAt: 2, message: 'x' }).kind).toBe(
      'failing',
    );
  });

  it('says how long ago', () => {
    expect(ago(NOW - 30_000, NOW)).toBe('just now');
    expect(ago(NOW - 5 * 60_000, NOW)).toBe('5 min ago');
    expect(ago(NOW - 3 * 3_600_000, NOW)).toBe('3 h ago');
  });
});

describe('StaleBanner', () => {
  const wrap = (node: React.ReactNode) =>
    render(<FluentProvider theme={webLightTheme}>{node}</FluentProvider>);

  it('shows nothing while fresh', () => {
    wrap(<StaleBanner staleness={{ kind: 'fresh' }} now={NOW} onRetry={() => undefined} />);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('explains a failed refresh and retries', () => {
    const onRetry = vi.fn();
    wrap(
      <StaleBanner
        staleness={{ kind: 'failing', updatedAt: NOW - 4 * 60_000, message: 'Busy.', requestId: 'req-5' }}
        now={NOW}
        onRetry={onRetry}
      />,
    );
    expect(document.body.textContent).toContain('This page could not be refreshed');
    expect(document.body.textContent).toContain(
      'It shows what the service said 4 min ago. Busy. Request ID: req-5',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('offers a refresh when the data is old', () => {
    const onRetry = vi.fn();
    wrap(
      <StaleBanner staleness={{ kind: 'old', updatedAt: NOW - 10 * 60_000 }} now={NOW} onRetry={onRetry} />,
    );
    expect(document.body.textContent).toContain('It was last refreshed 10 min ago.');
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});
