import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppShell } from './app-shell.tsx';

afterEach(cleanup);

describe('AppShell', () => {
  it('has a skip link to the focusable main landmark, a banner and a labelled nav', () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <AppShell
          productName="Cloud PC"
          appName="Admin center"
          nav={<a href="/policies">Policies</a>}
          navLabel="Admin sections"
          headerActions={<span>Region: eastus</span>}
          user={<button type="button">Sign in</button>}
        >
          <h1>Welcome</h1>
        </AppShell>
      </FluentProvider>,
    );
    const skip = screen.getByRole('link', { name: 'Skip to main content' });
    const main = screen.getByRole('main');
    expect(skip.getAttribute('href')).toBe(`#${main.id}`);
    expect(main.getAttribute('tabindex')).toBe('-1');
    expect(main.textContent).toContain('Welcome');

    const banner = screen.getByRole('banner');
    expect(banner.textContent).toContain('Cloud PC');
    expect(banner.textContent).toContain('Admin center');
    expect(banner.textContent).toContain('Region: eastus');
    expect(screen.getByRole('navigation', { name: 'Admin sections' }).textContent).toBe('Policies');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByRole('contentinfo')).toBeNull();
  });
});
