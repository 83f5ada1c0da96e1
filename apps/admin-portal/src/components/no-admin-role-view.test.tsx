import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NoAdminRoleView } from './no-admin-role-view.tsx';

afterEach(cleanup);

describe('NoAdminRoleView', () => {
  it('says why, which roles exist, who to ask, and offers sign-out', () => {
    const onSignOut = vi.fn();
    render(
      <FluentProvider theme={webLightTheme}>
        <NoAdminRoleView name="Adele Vance" username="adele@contoso.test" onSignOut={onSignOut} />
      </FluentProvider>,
    );
    const region = screen.getByRole('region', { name: 'You need an admin role' });
    expect(screen.getByRole('heading', { level: 1, name: 'You need an admin role' })).toBeTruthy();
    expect(region.textContent).toContain('Adele Vance (adele@contoso.test)');

    const roles = within(region)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(roles).toHaveLength(2);
    expect(roles[0]).toContain('CloudPC.Admin');
    expect(roles[1]).toContain('CloudPC.Support');
    expect(region.textContent).toContain('Ask your IT admin');

    fireEvent.click(within(region).getByRole('button', { name: 'Sign out' }));
    expect(onSignOut).toHaveBeenCalledTimes(1);
  });

  it('offers nothing else to press', () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <NoAdminRoleView name="Adele Vance" username="adele@contoso.test" onSignOut={() => undefined} />
      </FluentProvider>,
    );
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual(['Sign out']);
    expect(screen.queryAllByRole('link')).toEqual([]);
  });
});
