import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RegionBadge } from './region-badge.tsx';

afterEach(cleanup);

describe('RegionBadge', () => {
  it('names the region that served the page, with a decorative icon', () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <RegionBadge region="westus" />
      </FluentProvider>,
    );
    const badge = screen.getByTestId('region-badge');
    expect(badge.textContent).toBe('Region: westus');
    expect(badge.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
  });
});
