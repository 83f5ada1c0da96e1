import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SignedOutLanding } from './signed-out-landing.tsx';

// jsdom has no ResizeObserver; Fluent's MessageBar uses one to pick its layout.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}

beforeEach(() => {
  vi.stubGlobal('ResizeObserver', ResizeObserverStub);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('SignedOutLanding', () => {
  it('says what the portal is for, signs in on press and announces a notice', () => {
    const onSignIn = vi.fn();
    const { rerender } = render(
      <FluentProvider theme={webLightTheme}>
        <SignedOutLanding
          heading="Cloud PC admin center"
          description="Provision Cloud PCs."
          features={[{ title: 'Policies', description: 'Define provisioning policies.' }]}
          onSignIn={onSignIn}
        />
      </FluentProvider>,
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Cloud PC admin center' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Cloud PC admin center' }).textContent).toContain(
      'Provision Cloud PCs.',
    );
    expect(screen.getByRole('heading', { level: 2, name: 'Policies' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(onSignIn).toHaveBeenCalledTimes(1);

    rerender(
      <FluentProvider theme={webLightTheme}>
        <SignedOutLanding
          heading="Cloud PC admin center"
          description="Provision Cloud PCs."
          onSignIn={onSignIn}
          notice="Sign-in arrives with identity (issue 3)"
        />
      </FluentProvider>,
    );
    const live = screen.getByText('Sign-in arrives with identity (issue 3)').closest('[aria-live="polite"]');
    expect(live).not.toBeNull();
  });
});
