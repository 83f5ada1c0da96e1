import { readFileSync } from 'node:fs';
import { webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { describe, expect, it } from 'vitest';
import { createThemeCss } from './theme-css.ts';

// Biome reformats the committed file (line breaks, quote style, 0.20 -> 0.2); compare what
// the browser reads, not the bytes.
const squash = (css: string) =>
  css
    .replace(/\s+/g, '')
    .replaceAll("'", '"')
    .replace(/(\d\.\d*?)0+(?!\d)/g, '$1')
    .replace(/(\d)\.(?!\d)/g, '$1');

describe('fluent-theme.css', () => {
  it('matches the installed Fluent themes (regenerate with packages/ui/scripts/generate-theme-css.ts)', () => {
    const committed = readFileSync(new URL('./fluent-theme.css', import.meta.url), 'utf8');
    // A boolean, so a stale file fails with one line instead of a 50 kB diff.
    const isCurrent = squash(committed) === squash(createThemeCss());
    expect(
      isCurrent,
      'fluent-theme.css is stale: run npx tsx packages/ui/scripts/generate-theme-css.ts',
    ).toBe(true);
  });

  it('defines every light token on :root and the differing dark tokens for both dark triggers', () => {
    const css = createThemeCss();
    const [rootBlock = '', pinnedDark = '', mediaDark = ''] = css.split(/\n\n(?=:root\[|@media)/);
    expect(rootBlock).toContain(`--colorNeutralBackground1: ${webLightTheme.colorNeutralBackground1};`);
    expect(rootBlock).toContain(`--fontFamilyBase: ${webLightTheme.fontFamilyBase};`);
    expect(pinnedDark.startsWith(':root[data-theme="dark"]')).toBe(true);
    expect(pinnedDark).toContain(`--colorNeutralBackground1: ${webDarkTheme.colorNeutralBackground1};`);
    // Tokens equal in both themes (sizes, fonts) are not repeated in the dark blocks.
    expect(pinnedDark).not.toContain('--fontFamilyBase');
    expect(mediaDark).toContain('@media (prefers-color-scheme: dark)');
    expect(mediaDark).toContain(':root:not([data-theme="light"])');
    expect(mediaDark).toContain(`--colorNeutralBackground1: ${webDarkTheme.colorNeutralBackground1};`);
  });
});
