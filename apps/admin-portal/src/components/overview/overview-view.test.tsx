import { CLOUD_PC_STATUSES, type CloudPcOverview, type CloudPcStatus } from '@cloudpc/api-client';
import { CLOUD_PC_STATUS_DISPLAY } from '@cloudpc/ui';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nonZeroCounts, OverviewView, timeUntil } from './overview-view.tsx';

afterEach(cleanup);

const ready = <T,>(data: T) => ({ status: 'success' as const, data, isRefreshing: false });
const NOW = new Date('2026-11-24T10:00:00Z');

function overview(counts: Partial<Record<CloudPcStatus, number>>, rest: Partial<CloudPcOverview> = {}) {
  const statusCounts = CLOUD_PC_STATUSES.map((status) => ({ status, count: counts[status] ?? 0 }));
  return {
    '@odata.type': '#cloudpc.cloudPcOverview' as const,
    totalCount: statusCounts.reduce((sum, entry) => sum + entry.count, 0),
    statusCounts,
    provisioningInProgress: [],
    recentFailures: [],
    gracePeriodsEndingSoon: [],
    generatedDateTime: NOW.toISOString(),
    ...rest,
  };
}

const pc = (id: string) => ({
  id,
  displayName: `CPC-${id}`,
  userPrincipalName: `${id}@contoso.test`,
  managedDeviceName: `CPC-${id}`,
  lastModifiedDateTime: '2026-11-24T09:00:00Z',
});

function renderView(props: Partial<ComponentProps<typeof OverviewView>> = {}) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <OverviewView
        tenantLabel="contoso.test"
        overview={ready(overview({}))}
        policyCount={ready(0)}
        onRefresh={() => undefined}
        now={NOW}
        {...props}
      />
    </FluentProvider>,
  );
}

const cloudPcsSection = () => screen.getByRole('region', { name: 'Cloud PCs by status' });

describe('OverviewView', () => {
  it('shows progress while the overview loads', () => {
    renderView({ overview: { status: 'pending' }, policyCount: { status: 'pending' } });
    expect(within(cloudPcsSection()).getByRole('status').textContent).toContain('Loading Cloud PCs…');
  });

  it('shows the error with the request id to quote, and retries', () => {
    const retry = vi.fn();
    renderView({
      overview: {
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
    expect(screen.queryByRole('region', { name: 'Recent failures' })).toBeNull();
  });

  it('counts Cloud PCs by status, as text and as a chart with a text alternative', () => {
    renderView({
      overview: ready(overview({ provisioned: 2, failed: 1, provisioning: 1 })),
      policyCount: ready(2),
    });
    const items = within(screen.getByRole('list', { name: 'Cloud PCs by status' }))
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(items).toEqual(['2Provisioned', '1Provisioning', '1Failed']);
    expect(cloudPcsSection().textContent).toContain('4 Cloud PCs in total.');
    expect(
      within(cloudPcsSection()).getByRole('img', {
        name: 'Bar chart of Cloud PCs by status. Provisioned: 2, Provisioning: 1, Failed: 1.',
      }),
    ).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Provisioning policies' }).textContent).toContain(
      '2 provisioning policies.',
    );
  });

  it('lists provisioning in progress with progress bars, and says how many are not shown', () => {
    renderView({
      overview: ready(
        overview(
          { provisioning: 12 },
          {
            provisioningInProgress: [
              { ...pc('a'), progressPercent: 40, currentStep: 'Enrolling in Intune' },
              { ...pc('b'), progressPercent: 0, currentStep: null },
            ],
          },
        ),
      ),
    });
    const section = screen.getByRole('region', { name: 'Provisioning in progress' });
    expect(within(section).getByRole('progressbar', { name: 'CPC-a: 40% provisioned' })).toBeTruthy();
    expect(section.textContent).toContain('40% · Enrolling in Intune');
    expect(section.textContent).toContain('0% · starting');
    expect(section.textContent).toContain('Showing 2 of 12 provisioning Cloud PCs.');
    expect(within(section).getByRole('link', { name: 'CPC-a' }).getAttribute('href')).toBe('/cloud-pcs/a');
  });

  it('lists recent failures with their code, message and recommended action, linking to the Cloud PC', () => {
    renderView({
      overview: ready(
        overview(
          { failed: 1 },
          {
            recentFailures: [
              {
                ...pc('f'),
                statusDetail: {
                  code: 'allocationFailed',
                  message: 'No capacity.',
                  recommendedAction: 'Reprovision later.',
                },
              },
            ],
          },
        ),
      ),
    });
    const table = screen.getByRole('table', { name: 'Recent failures' });
    const row = within(table).getAllByRole('row')[1];
    expect(row?.textContent).toContain('allocationFailed');
    expect(row?.textContent).toContain('No capacity.');
    expect(row?.textContent).toContain('Reprovision later.');
    expect(within(table).getByRole('link', { name: 'CPC-f' }).getAttribute('href')).toBe('/cloud-pcs/f');
  });

  it('lists grace periods ending soon with the time left, and says when a list is empty', () => {
    renderView({
      overview: ready(
        overview(
          { inGracePeriod: 1, provisioned: 1 },
          { gracePeriodsEndingSoon: [{ ...pc('g'), gracePeriodEndDateTime: '2026-11-24T15:00:00Z' }] },
        ),
      ),
    });
    expect(screen.getByRole('table', { name: 'Grace periods ending soon' }).textContent).toContain('in 5 h');
    expect(screen.getByRole('region', { name: 'Recent failures' }).textContent).toContain(
      'No Cloud PC has failed.',
    );
    expect(screen.getByRole('region', { name: 'Provisioning in progress' }).textContent).toContain(
      'Nothing is provisioning right now.',
    );
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

describe('overview helpers', () => {
  it('has a label for every status of the API contract', () => {
    expect(Object.keys(CLOUD_PC_STATUS_DISPLAY).sort()).toEqual([...CLOUD_PC_STATUSES].sort());
  });

  it('keeps statuses with Cloud PCs, in display order', () => {
    expect(
      nonZeroCounts([
        { status: 'failed', count: 1 },
        { status: 'provisioned', count: 3 },
        { status: 'resizing', count: 0 },
      ]),
    ).toEqual([
      { status: 'provisioned', count: 3 },
      { status: 'failed', count: 1 },
    ]);
  });

  it('says how long until a grace period ends', () => {
    expect(timeUntil('2026-11-24T10:30:00Z', NOW)).toBe('in 30 min');
    expect(timeUntil('2026-11-26T13:00:00Z', NOW)).toBe('in 2 d 3 h');
    expect(timeUntil('2026-11-24T09:00:00Z', NOW)).toBe('now');
  });
});
