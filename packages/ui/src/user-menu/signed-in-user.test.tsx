import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignedInUser } from './signed-in-user.tsx';

afterEach(cleanup);

describe('SignedInUser', () => {
  it('shows the name, the tenant and the role, and signs out', () => {
    const onSignOut = vi.fn();
    render(
      <FluentProvider theme={webLightTheme}>
        <SignedInUser
          name="Nestor Wilke"
          tenantLabel="contoso.test"
          username="admin@contoso.test"
          roleLabel="Cloud PC administrator"
          onSignOut={onSignOut}
        />
      </FluentProvider>,
    );
    const area = screen.getByTestId('signed-in-user');
    expect(area.textContent).toContain('Nestor Wilke');
    expect(area.textContent).toContain('contoso.test · Cloud PC administrator');
    // The avatar's initials repeat the name: hidden from screen readers.
    expect(area.querySelector('[aria-hidden="true"]')?.textContent).toBe('NW');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(onSignOut).toHaveBeenCalledTimes(1);
  });

  it('shows only the tenant without a role, and ignores presses while signing out', () => {
    const onSignOut = vi.fn();
    render(
      <FluentProvider theme={webLightTheme}>
        <SignedInUser name="Adele Vance" tenantLabel="contoso.test" onSignOut={onSignOut} isSigningOut />
      </FluentProvider>,
    );
    expect(screen.getByText('contoso.test')).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Sign out' });
    expect(button.getAttribute('aria-busy')).toBe('true');
    fireEvent.click(button);
    expect(onSignOut).not.toHaveBeenCalled();
  });
});
