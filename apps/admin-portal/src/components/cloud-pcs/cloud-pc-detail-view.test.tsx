import type { CloudPc } from '@cloudpc/api-client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloudPcDetailView } from './cloud-pc-detail-view.tsx';
import { RenameDialog } from './rename-dialog.tsx';

afterEach(cleanup);

const PC: CloudPc = {
  '@odata.type': '#microsoft.graph.cloudPC',
  id: 'pc-1',
  displayName: 'CPC-adele-1',
  managedDeviceName: 'CPC-ADELE-1',
  userPrincipalName: 'adele@contoso.test',
  provisioningPolicyId: 'policy-1',
  provisioningPolicyName: 'Sales',
  imageDisplayName: 'Windows 11',
  servicePlanId: 'plan-1',
  servicePlanName: '2vCPU/8GB/128GB',
  status: 'provisioned',
  statusDetail: null,
  gracePeriodEndDateTime: null,
  powerState: 'running',
  regionName: 'eastus',
  lastModifiedDateTime: '2026-11-24T10:00:00Z',
  lastRemoteActionResult: null,
  provisioningType: 'dedicated',
};

const ready = <T,>(data: T) => ({ status: 'success' as const, data, isRefreshing: false });

function renderView(props: Partial<ComponentProps<typeof CloudPcDetailView>> = {}) {
  const onAction = vi.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <CloudPcDetailView
        cloudPc={ready(PC)}
        snapshots={ready([])}
        jobs={ready([])}
        canManage
        canTroubleshoot
        onAction={onAction}
        onRefresh={() => undefined}
        {...props}
      />
    </FluentProvider>,
  );
  return onAction;
}

const actionNames = () =>
  within(screen.getByRole('group', { name: 'Actions' }))
    .getAllByRole('button')
    .map((button) => button.textContent);

describe('CloudPcDetailView', () => {
  it('shows the error with its request id', () => {
    renderView({
      cloudPc: { status: 'error', message: 'Not found.', requestId: 'req-7', retry: () => undefined },
    });
    expect(screen.getByRole('alert').textContent).toContain('Request ID: req-7');
  });

  it('offers the actions of the status and disables the others', () => {
    const onAction = renderView();
    expect(screen.getByRole('heading', { level: 1, name: 'CPC-adele-1' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Restart' }).getAttribute('aria-disabled')).toBeNull();
    const endGrace = screen.getByRole('button', { name: 'End grace period' });
    expect(endGrace.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
    expect(onAction).toHaveBeenCalledWith('rename');
    expect(screen.getByRole('heading', { name: 'No restore points yet' })).toBeTruthy();
  });

  it('disables every action while a remote action runs', () => {
    renderView({
      cloudPc: ready({
        ...PC,
        lastRemoteActionResult: {
          actionName: 'reboot',
          actionState: 'active',
          startDateTime: '2026-11-24T10:00:00Z',
          lastUpdatedDateTime: '2026-11-24T10:00:00Z',
          statusDetail: null,
        },
      }),
    });
    expect(screen.getByRole('button', { name: 'Rename' }).getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByText('reboot: In progress')).toBeTruthy();
  });

  it('gives support staff troubleshoot only', () => {
    renderView({ canManage: false });
    expect(actionNames()).toEqual(['Troubleshoot']);
  });
});

describe('RenameDialog', () => {
  it('checks the name as the API does', () => {
    const onConfirm = vi.fn();
    render(
      <FluentProvider theme={webLightTheme}>
        <RenameDialog
          currentName="CPC-adele-1"
          isRunning={false}
          onConfirm={onConfirm}
          onCancel={() => undefined}
        />
      </FluentProvider>,
    );
    const input = screen.getByRole('textbox', { name: /New display name/ });
    fireEvent.change(input, { target: { value: 'a<b' } });
    fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog').textContent).toContain('cannot contain');
    fireEvent.change(input, { target: { value: ' Adele laptop ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
    expect(onConfirm).toHaveBeenCalledWith('Adele laptop');
  });
});
