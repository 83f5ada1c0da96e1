import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CLOUD_PC_STATUS_DISPLAY,
  CloudPcStatusBadge,
  type CloudPcStatusName,
} from './cloud-pc-status-badge.tsx';

afterEach(cleanup);

describe('CloudPcStatusBadge', () => {
  it('says every status in words', () => {
    for (const status of Object.keys(CLOUD_PC_STATUS_DISPLAY) as CloudPcStatusName[]) {
      const { container } = render(
        <FluentProvider theme={webLightTheme}>
          <CloudPcStatusBadge status={status} />
        </FluentProvider>,
      );
      expect(container.textContent).toBe(CLOUD_PC_STATUS_DISPLAY[status].label);
      cleanup();
    }
  });

  it('has a distinct label per status', () => {
    const labels = Object.values(CLOUD_PC_STATUS_DISPLAY).map((display) => display.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toHaveLength(9);
  });
});
