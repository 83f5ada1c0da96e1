import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Loadable } from '../loadable.ts';
import { type MyCloudPc, MyCloudPcsView } from './my-cloud-pcs-view.tsx';

afterEach(cleanup);

function renderView(cloudPcs: Loadable<MyCloudPc[]>) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <MyCloudPcsView cloudPcs={cloudPcs} />
    </FluentProvider>,
  );
}

const CLOUD_PC: MyCloudPc = {
  id: 'a1',
  displayName: 'CPC-adele-7KQ2M',
  status: 'provisioned',
  imageDisplayName: 'Windows 11 Enterprise 24H2',
  servicePlanName: 'Cloud PC Enterprise 2vCPU/8GB/128GB',
  regionName: 'eastus',
};

describe('MyCloudPcsView', () => {
  it('shows progress while loading', () => {
    renderView({ status: 'pending' });
    expect(screen.getByRole('heading', { level: 1, name: 'My Cloud PCs' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Loading your Cloud PCs…');
  });

  it('says that the admin has not assigned one yet when the list is empty', () => {
    renderView({ status: 'success', data: [], isRefreshing: false });
    expect(
      screen.getByRole('heading', { name: "Your admin hasn't assigned you a Cloud PC yet" }),
    ).toBeTruthy();
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('shows the error with the request id, and retries', () => {
    const retry = vi.fn();
    renderView({
      status: 'error',
      message: 'Your Cloud PCs could not be loaded.',
      requestId: 'req-42',
      retry,
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Request ID: req-42');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('lists each Cloud PC with its status, image, size and region', () => {
    renderView({
      status: 'success',
      data: [CLOUD_PC, { ...CLOUD_PC, id: 'b2', displayName: 'CPC-adele-9ZX1P', status: 'provisioning' }],
      isRefreshing: false,
    });
    const items = within(screen.getByRole('list', { name: 'Your Cloud PCs' })).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    const [first, second] = items;
    expect(within(first as HTMLElement).getByRole('heading', { level: 2 }).textContent).toBe(
      'CPC-adele-7KQ2M',
    );
    expect(first?.textContent).toContain('Provisioned');
    expect(first?.textContent).toContain('ImageWindows 11 Enterprise 24H2');
    expect(first?.textContent).toContain('SizeCloud PC Enterprise 2vCPU/8GB/128GB');
    expect(first?.textContent).toContain('Regioneastus');
    expect(second?.textContent).toContain('Provisioning');
  });
});
