import { CLOUD_PC_STATUSES } from '@cloudpc/api-client';
import { CLOUD_PC_STATUS_DISPLAY } from '@cloudpc/ui';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OverviewView, summarizeCloudPcs } from './overview-view.tsx';

afterEach(cleanup);

const ready = <T,>(data: T) => ({ status: 'success' as const, data, isRefreshing: false });

function renderView(props: Partial<ComponentProps<typeof OverviewView>> = {}) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <OverviewView
        tenantLabel="contoso.test"
        cloudPcs={ready(summarizeCloudPcs([], false))}
        policyCount={ready(0)}
        onRefresh={() => undefined}
        {...props}
      />
    </FluentProvider>,
  );
}

const cloudPcsSection = () => screen.getByRole('region', { name: 'Cloud PCs by status' });

describe('OverviewView', () => {
  it('shows progress while the Cloud PCs load', () => {
    renderView({ cloudPcs: { status: 'pending' }, policyCount: { status: 'pending' } });
    expect(within(cloudPcsSection()).getByRole('status').textContent).toContain('Loading Cloud PCs…');
  });

  it('shows the error with the request id to quote, and retries', () => {
    const retry = vi.fn();
    renderView({
      cloudPcs: {
        status: 'error',
        message: 'The Cloud PCs could not be loaded. The service is busy.',
        requestId: '7f3c1a52-1e0b-4f43-9a3e-2d9b6c1e8f00',
        retry,
      },
    });
    const alert = within(cloudPcsSection()).getByRole('alert');
    expect(alert.textContent).toContain('Cloud PCs could not be loaded');
    expect(alert.textContent).toContain('Request ID: 7f3c1a52-1e0b-4f43-9a3e-2d9b6c1e8f00');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('says there are no Cloud PCs yet, with the next step for administrators', () => {
    renderView({ onCreatePolicy: () => undefined });
    expect(within(cloudPcsSection()).getByRole('heading', { name: 'No Cloud PCs yet' })).toBeTruthy();
    expect(cloudPcsSection().textContent).toContain('Create a provisioning policy');
  });

  it('counts Cloud PCs by status', () => {
    const summary = summarizeCloudPcs(
      [
        { status: 'provisioned' },
        { status: 'failed' },
        { status: 'provisioned' },
        { status: 'provisioning' },
      ],
      false,
    );
    renderView({ cloudPcs: ready(summary), policyCount: ready(2) });
    const items = within(screen.getByRole('list', { name: 'Cloud PCs by status' }))
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(items).toEqual(['2Provisioned', '1Provisioning', '1Failed']);
    expect(cloudPcsSection().textContent).toContain('4 Cloud PCs in total.');
    expect(screen.getByRole('region', { name: 'Provisioning policies' }).textContent).toContain(
      '2 provisioning policies.',
    );
  });

  it('says when only the first page was counted', () => {
    renderView({ cloudPcs: ready(summarizeCloudPcs([{ status: 'provisioned' }], true)) });
    expect(cloudPcsSection().textContent).toContain('Counting the first 1 Cloud PCs; more exist.');
  });

  it('offers "Create provisioning policy" only when given the action (administrators)', () => {
    const onCreatePolicy = vi.fn();
    renderView({ onCreatePolicy });
    fireEvent.click(screen.getByRole('button', { name: 'Create provisioning policy' }));
    expect(onCreatePolicy).toHaveBeenCalledTimes(1);
    cleanup();

    renderView();
    expect(screen.queryByRole('button', { name: 'Create provisioning policy' })).toBeNull();
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual(['Refresh']);
    expect(cloudPcsSection().textContent).not.toContain('Create a provisioning policy');
  });
});

describe('summarizeCloudPcs', () => {
  it('has a label for every status of the API contract', () => {
    expect(Object.keys(CLOUD_PC_STATUS_DISPLAY).sort()).toEqual([...CLOUD_PC_STATUSES].sort());
  });
});
