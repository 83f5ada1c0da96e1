import { FluentProvider, webDarkTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SessionState, SessionView } from './session-view.tsx';

afterEach(cleanup);

globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

function renderView(state: SessionState, onDisconnect?: () => void) {
  return render(
    <FluentProvider theme={webDarkTheme}>
      <SessionView state={state} {...(onDisconnect ? { onDisconnect } : {})} />
    </FluentProvider>,
  );
}

describe('SessionView', () => {
  it('shows progress while the ticket is checked', () => {
    renderView({ kind: 'connecting', step: 'Checking your launch link…' });
    expect(screen.getByRole('status').textContent).toContain('Checking your launch link…');
  });

  it('says honestly that there is no desktop picture when the gateway has none', () => {
    const onDisconnect = vi.fn();
    renderView(
      {
        kind: 'connected',
        cloudPcDisplayName: 'CPC-adele',
        regionName: 'eastus',
        timeToConnectMs: 1234,
        note: 'This Cloud PC runs on simulated compute: there is no desktop to stream.',
      },
      onDisconnect,
    );
    expect(screen.getByRole('heading', { level: 1, name: 'CPC-adele' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Connected in 1.2 s · eastus');
    expect(screen.getByRole('region', { name: 'Remote desktop' }).textContent).toContain(
      'there is no desktop picture to show',
    );
    expect(screen.getByRole('region', { name: 'Remote desktop' }).textContent).toContain('simulated compute');
    fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
    expect(onDisconnect).toHaveBeenCalledTimes(1);
  });

  it('explains a spent or expired link and links back home', () => {
    renderView({
      kind: 'refused',
      title: 'This launch link was already used',
      message: 'This launch link was already used. Open your Cloud PC again from the portal.',
      requestId: 'req-7',
    });
    expect(screen.getByRole('heading', { level: 1, name: 'This launch link was already used' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Request ID: req-7');
    expect(screen.getByRole('link', { name: 'Back to My Cloud PCs' }).getAttribute('href')).toBe('/');
  });
});
