'use client';

import {
  Menu,
  MenuButton,
  type MenuButtonProps,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  type MenuProps,
  MenuTrigger,
} from '@fluentui/react-components';
import { DarkThemeRegular, DesktopRegular, WeatherSunnyRegular } from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import type { ThemePreference } from './theme-preference.ts';
import { useTheme } from './theme-provider.tsx';

const OPTIONS: { value: ThemePreference; label: string; icon: ReactElement }[] = [
  { value: 'system', label: 'Use system setting', icon: <DesktopRegular /> },
  { value: 'light', label: 'Light', icon: <WeatherSunnyRegular /> },
  { value: 'dark', label: 'Dark', icon: <DarkThemeRegular /> },
];

export interface ThemeSwitcherProps {
  /** Appearance of the trigger button. Defaults to `subtle` (fits a header). */
  appearance?: MenuButtonProps['appearance'];
  className?: string;
}

/** A menu button to choose light, dark or the OS setting. Must be inside `<ThemeProvider>`. */
export function ThemeSwitcher({ appearance = 'subtle', className }: ThemeSwitcherProps) {
  const { preference, setPreference } = useTheme();
  const current = OPTIONS.find((option) => option.value === preference) ?? OPTIONS[0];
  const onCheckedValueChange: MenuProps['onCheckedValueChange'] = (_event, data) => {
    const next = data.checkedItems[0];
    if (next === 'system' || next === 'light' || next === 'dark') setPreference(next);
  };
  return (
    <Menu checkedValues={{ theme: [preference] }} onCheckedValueChange={onCheckedValueChange}>
      <MenuTrigger disableButtonEnhancement>
        <MenuButton
          appearance={appearance}
          icon={current?.icon}
          className={className}
          aria-label={`Theme: ${current?.label ?? 'Use system setting'}`}
        >
          Theme
        </MenuButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {OPTIONS.map((option) => (
            <MenuItemRadio key={option.value} name="theme" value={option.value} icon={option.icon}>
              {option.label}
            </MenuItemRadio>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
