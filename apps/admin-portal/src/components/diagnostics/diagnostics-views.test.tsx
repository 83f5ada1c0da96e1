import type { Alert, Pipeline, ServiceHealth, Timeline, UnavailableCloudPcs } from '@cloudpc/api-client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertTable } from './alerts-view.tsx';
import { DiagnosticsOverviewView } from './overview-view.tsx';
import { PipelineView } from './pipeline-view.tsx';
import { TimelineView, timelineTarget } from './timeline-view.tsx';
import { UnavailableTable } from './unavailable-view.tsx';

afterEach(cleanup);

const wrap = (node: ReactNode) => render(<FluentProvider theme={webLightTheme}>{node}</FluentProvider>);
const ready = <T,>(data: T) => ({ status: 'success' as const, data, isRefreshing: false });

const failedPc = {
  cloudPcId: 'pc-failed',
  displayName: 'CPC-MEGAN-1',
  userPrincipalName: 'megan@contoso.test',
  regionName: 'eastus',
  status: 'failed',
  sinceDateTime: '2026-11-24T10:00:00Z',
  lastEvent: null,
  likelyCause: 'The Cloud PC could not join Microsoft Entra ID.',
  recommendedAction: 'Check device join settings, then reprovision.',
  errorCode: 'domainJoinFailed',
};

const health: ServiceHealth = {
  generatedDateTime: '2026-11-24T10:00:00Z',
  servedByRegion: 'eastus',
  regions: [
    {
      region: 'eastus',
      status: 'healthy',
      checks: [],
      lastHeartbeatDateTime: null,
      queueDepth: 0,
      poisonQueueDepth: 0,
      history: [],
    },
    {
      region: 'westus',
      status: 'degraded',
      checks: [],
      lastHeartbeatDateTime: null,
      queueDepth: null,
      poisonQueueDepth: null,
      history: [],
    },
  ],
};

const alert: Alert = {
  id: 'alert:regionUnhealthy:westus',
  rule: 'regionUnhealthy',
  severity: 'medium',
  status: 'active',
  title: 'Region westus is degraded',
  message: 'worker: Last worker heartbeat 90 s ago.',
  scope: 'westus',
  firstDateTime: '2026-11-24T10:00:00Z',
  lastEvaluatedDateTime: '2026-11-24T10:00:00Z',
  resolvedDateTime: null,
  acknowledgedDateTime: null,
  acknowledgedBy: null,
  link: '/diagnostics/health',
};

const pipelineFixture: Pipeline = {
  generatedDateTime: '2026-11-24T10:00:00Z',
  hours: 24,
  queues: [{ region: 'eastus', depth: 3, poisonDepth: 1, observedDateTime: '2026-11-24T10:00:00Z' }],
  jobsByState: { pending: 2, running: 1, succeeded: 40, failed: 5, cancelled: 0 },
  kinds: [
    {
      kind: 'provision',
      succeeded: 40,
      failed: 5,
      cancelled: 0,
      successRate: 0.8889,
      p50Ms: 120_000,
      p95Ms: 400_000,
    },
  ],
  failures: [
    {
      code: 'allocationFailed',
      count: 5,
      kinds: ['provision'],
      message: 'No capacity.',
      recommendedAction: 'Wait and retry, or choose another region.',
      lastJobId: 'job-9',
      lastCloudPcId: 'pc-9',
      lastDateTime: '2026-11-24T09:00:00Z',
    },
  ],
  stuckJobs: [],
  poisonMessages: 1,
  hourly: [{ hourStart: '2026-11-24T09:00:00Z', succeeded: 40, failed: 5 }],
};

describe('diagnostics overview', () => {
  const unavailable: UnavailableCloudPcs = { generatedDateTime: '', value: [failedPc], isTruncated: false };

  it('shows loading, then regions, the failed Cloud PC linked to its timeline, and active alerts', () => {
    const { rerender } = wrap(
      <DiagnosticsOverviewView
        health={{ status: 'pending' }}
        alerts={{ status: 'pending' }}
        unavailable={{ status: 'pending' }}
        pipeline={{ status: 'pending' }}
        onAcknowledge={vi.fn()}
        onRefresh={vi.fn()}
      />,
    );
    expect(screen.getAllByText(/Loading/).length).toBe(4);
    const onAcknowledge = vi.fn();
    rerender(
      <FluentProvider theme={webLightTheme}>
        <DiagnosticsOverviewView
          health={ready(health)}
          alerts={ready([alert, { ...alert, id: 'old', status: 'resolved', title: 'Old alert' }])}
          unavailable={ready(unavailable)}
          pipeline={ready(pipelineFixture)}
          onAcknowledge={onAcknowledge}
          onRefresh={vi.fn()}
        />
      </FluentProvider>,
    );
    expect(screen.getByText('westus')).toBeTruthy();
    expect(screen.getByText('degraded')).toBeTruthy();
    const link = screen.getByRole('link', { name: 'CPC-MEGAN-1' });
    expect(link.getAttribute('href')).toBe('/diagnostics/cloud-pcs/pc-failed');
    expect(screen.queryByText('Old alert')).toBeNull();
    const failures = screen.getByRole('table', { name: 'Job failures by error code (24 h)' });
    expect(within(failures).getByText('allocationFailed')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge Region westus is degraded' }));
    expect(onAcknowledge).toHaveBeenCalledWith('alert:regionUnhealthy:westus');
  });

  it('shows an error with the request id and retries', () => {
    const retry = vi.fn();
    wrap(
      <DiagnosticsOverviewView
        health={ready(health)}
        alerts={ready([])}
        unavailable={{ status: 'error', message: 'The service answered 500.', requestId: 'req-42', retry }}
        pipeline={ready({ ...pipelineFixture, failures: [] })}
        onAcknowledge={vi.fn()}
        onRefresh={vi.fn()}
      />,
    );
    expect(screen.getByText(/could not be loaded/)).toBeTruthy();
    expect(screen.getByText(/req-42/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /try again|retry/i }));
    expect(retry).toHaveBeenCalled();
    expect(screen.getByText(/No alerts/)).toBeTruthy();
  });
});

describe('tables export CSV', () => {
  it('exports exactly the rows shown, with CSV-only id columns', () => {
    const onExport = vi.fn();
    wrap(<UnavailableTable rows={[failedPc]} onExport={onExport} />);
    fireEvent.click(screen.getByRole('button', { name: "Export CSV: Cloud PCs that aren't available" }));
    const csv = onExport.mock.calls[0]?.[0] as string;
    expect(csv.split('\r\n')[0]).toBe(
      'Cloud PC,User,Status,Since,Likely cause,Recommended action,Last event,Region,Cloud PC id',
    );
    expect(csv).toContain('CPC-MEGAN-1,megan@contoso.test,failed');
    expect(csv).toContain('"Check device join settings, then reprovision."');
    expect(csv).toContain(',pc-failed\r\n');
    expect(screen.queryByRole('columnheader', { name: 'Cloud PC id' })).toBeNull();
  });

  it('disables export and says so when a table is empty', () => {
    wrap(<AlertTable alerts={[]} onAcknowledge={vi.fn()} />);
    expect(screen.getByText(/No alerts/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Export CSV: Alerts' }).getAttribute('aria-disabled')).toBe(
      'true',
    );
  });
});

describe('pipeline', () => {
  const pipeline = pipelineFixture;

  it('groups failures by code with the recommended action and links the last Cloud PC', () => {
    wrap(<PipelineView pipeline={ready(pipeline)} onRefresh={vi.fn()} />);
    const failures = screen.getByRole('table', { name: 'Failures by error code' });
    expect(within(failures).getByText('allocationFailed')).toBeTruthy();
    expect(within(failures).getByText('Wait and retry, or choose another region.')).toBeTruthy();
    expect(within(failures).getByRole('link', { name: 'Timeline' }).getAttribute('href')).toBe(
      '/diagnostics/cloud-pcs/pc-9',
    );
    const kinds = screen.getByRole('table', { name: 'Jobs by kind' });
    expect(within(kinds).getByText('88.9 %')).toBeTruthy();
    expect(within(kinds).getByText('2.0 min')).toBeTruthy();
    expect(screen.getByText(/No job is stuck/)).toBeTruthy();
    expect(
      screen.getByRole('img', { name: 'Finished jobs per hour (UTC), 1 hours: 40 Succeeded, 5 Failed.' }),
    ).toBeTruthy();
  });
});

describe('timeline', () => {
  const timeline: Timeline = {
    subject: {
      type: 'cloudPc',
      id: 'pc-failed',
      displayName: 'CPC-MEGAN-1',
      userPrincipalName: 'megan@contoso.test',
      cloudPcIds: ['pc-failed'],
      status: 'failed',
    },
    fromDateTime: '2026-11-17T10:00:00Z',
    isTruncated: false,
    value: [
      {
        id: 'job:j1',
        at: '2026-11-24T10:00:00Z',
        source: 'job',
        title: 'Job provision',
        detail: 'failed, attempt 3 of 3 · domainJoinFailed',
        outcome: 'failure',
        cloudPcId: 'pc-failed',
        jobId: 'j1',
        correlationId: 'req-1',
        connectionId: null,
        actor: 'admin@contoso.test',
      },
    ],
  };

  it('shows the subject and entries with copyable ids, and links the user timeline', () => {
    wrap(<TimelineView title="Cloud PC timeline" timeline={ready(timeline)} onSearch={vi.fn()} />);
    expect(screen.getByText('Job provision')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy job id' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy Cloud PC id' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'megan@contoso.test' }).getAttribute('href')).toBe(
      '/diagnostics/users/megan%40contoso.test',
    );
  });

  it('searches by Cloud PC id or sign-in name', () => {
    const onSearch = vi.fn();
    wrap(<TimelineView title="Troubleshooting timeline" onSearch={onSearch} />);
    fireEvent.change(screen.getByRole('textbox'), { target: { value: ' adele@contoso.test ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show timeline' }));
    expect(onSearch).toHaveBeenCalledWith('/diagnostics/users/adele%40contoso.test');
    expect(timelineTarget('pc-1')).toBe('/diagnostics/cloud-pcs/pc-1');
    expect(timelineTarget('  ')).toBeUndefined();
  });
});
