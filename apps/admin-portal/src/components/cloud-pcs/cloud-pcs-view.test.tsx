import type { CloudPc } from '@cloudpc/api-client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BulkActionDialog } from './bulk-action-dialog.tsx';
import { NO_FILTERS } from './cloud-pc-model.ts';
import { CloudPcsView } from './cloud-pcs-view.tsx';

afterEach(cleanup);

export function cloudPc(overrides: Partial<CloudPc> = {}): CloudPc {
  return {
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
    ...overrides,
  };
}

const ready = <T,>(data: T) => ({ status: 'success' as const, data, isRefreshing: false });

function renderView(props: Partial<ComponentProps<typeof CloudPcsView>> = {}) {
  const handlers = {
    onNextPage: vi.fn(),
    onPreviousPage: vi.fn(),
    onFiltersChange: vi.fn(),
    onSortChange: vi.fn(),
    onSelectionChange: vi.fn(),
    onBulkAction: vi.fn(),
    onRefresh: vi.fn(),
  };
  render(
    <FluentProvider theme={webLightTheme}>
      <CloudPcsView
        page={ready({
          items: [cloudPc(), cloudPc({ id: 'pc-2', displayName: 'CPC-alex-1', status: 'provisioning' })],
          hasNext: true,
        })}
        pageIndex={0}
        filters={NO_FILTERS}
        regions={[{ id: 'eastus', displayName: 'East US' }]}
        policies={[{ id: 'policy-1', displayName: 'Sales desks' }]}
        sort={{ column: 'displayName', direction: 'ascending' }}
        selectedIds={new Set()}
        canManage
        canTroubleshoot
        isLive={false}
        {...handlers}
        {...props}
      />
    </FluentProvider>,
  );
  return handlers;
}

describe('CloudPcsView', () => {
  it('shows progress while the page loads', () => {
    renderView({ page: { status: 'pending' } });
    expect(screen.getByRole('status').textContent).toContain('Loading Cloud PCs…');
  });

  it('shows an error with the request id and a retry', () => {
    const retry = vi.fn();
    renderView({ page: { status: 'error', message: 'The service is busy.', requestId: 'req-42', retry } });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Request ID: req-42');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('says when filters match nothing', () => {
    renderView({
      page: ready({ items: [], hasNext: false }),
      filters: { ...NO_FILTERS, status: 'failed' },
    });
    expect(screen.getByRole('heading', { name: 'No Cloud PCs match these filters' })).toBeTruthy();
  });

  it('lists the page with status badges and links to each Cloud PC', () => {
    renderView();
    const table = screen.getByRole('table', { name: 'Cloud PCs' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByRole('link', { name: 'CPC-adele-1' }).getAttribute('href')).toBe(
      '/cloud-pcs/pc-1',
    );
    expect(table.textContent).toContain('Provisioning');
  });

  it('sorts by a column, toggling the direction', () => {
    const { onSortChange } = renderView();
    fireEvent.click(screen.getByRole('columnheader', { name: /Name/ }));
    expect(onSortChange).toHaveBeenCalledWith({ column: 'displayName', direction: 'descending' });
    fireEvent.click(screen.getByRole('columnheader', { name: /Status/ }));
    expect(onSortChange).toHaveBeenCalledWith({ column: 'status', direction: 'ascending' });
  });

  it('enables bulk actions once rows are selected', () => {
    const { onSelectionChange, onBulkAction } = renderView();
    expect(screen.getByRole('button', { name: 'Restart' }).getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all Cloud PCs on this page' }));
    expect(onSelectionChange).toHaveBeenCalledWith(new Set(['pc-1', 'pc-2']));
    cleanup();
    const next = renderView({ selectedIds: new Set(['pc-1']) });
    fireEvent.click(screen.getByRole('button', { name: 'Restart' }));
    expect(next.onBulkAction).toHaveBeenCalledWith('reboot');
    expect(onBulkAction).not.toHaveBeenCalled();
  });

  it('gives support staff troubleshoot only', () => {
    renderView({ canManage: false });
    const toolbar = screen.getByRole('group', { name: 'Actions on the selected Cloud PCs' });
    expect(
      within(toolbar)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Troubleshoot']);
  });

  it('filters by status and pages on', () => {
    const { onFiltersChange, onNextPage } = renderView();
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'failed' } });
    expect(onFiltersChange).toHaveBeenCalledWith({ ...NO_FILTERS, status: 'failed' });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(onNextPage).toHaveBeenCalledTimes(1);
  });
});

describe('BulkActionDialog', () => {
  it('says what will happen and asks for a size before resizing', () => {
    const onConfirm = vi.fn();
    render(
      <FluentProvider theme={webLightTheme}>
        <BulkActionDialog
          action="resize"
          names={['CPC-adele-1']}
          plans={[{ id: 'plan-2', displayName: '4 vCPU' }]}
          isRunning={false}
          onConfirm={onConfirm}
          onCancel={() => undefined}
        />
      </FluentProvider>,
    );
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('Resize 1 Cloud PC?');
    expect(dialog.textContent).toContain('CPC-adele-1');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resize' }));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(dialog.textContent).toContain('Choose a size.');
    fireEvent.change(within(dialog).getByRole('combobox'), { target: { value: 'plan-2' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resize' }));
    expect(onConfirm).toHaveBeenCalledWith({ targetServicePlanId: 'plan-2' });
  });

  it('filters by policy and searches by name, user or device name', () => {
    const { onFiltersChange } = renderView();
    fireEvent.change(screen.getByRole('combobox', { name: 'Policy' }), { target: { value: 'policy-1' } });
    expect(onFiltersChange).toHaveBeenLastCalledWith({ ...NO_FILTERS, provisioningPolicyId: 'policy-1' });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: 'adele' } });
    // Applied on Enter or with the button, not per keystroke.
    expect(onFiltersChange).toHaveBeenCalledTimes(1);
    fireEvent.submit(screen.getByRole('searchbox', { name: 'Search' }));
    expect(onFiltersChange).toHaveBeenLastCalledWith({ ...NO_FILTERS, search: 'adele' });
  });

  it('clears every filter at once', () => {
    const { onFiltersChange } = renderView({
      filters: { ...NO_FILTERS, search: 'x', provisioningPolicyId: 'p' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(onFiltersChange).toHaveBeenLastCalledWith(NO_FILTERS);
  });
});
