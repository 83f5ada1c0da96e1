import type { CloudPcJob } from '@cloudpc/api-client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloudPcTimeline, RemoteActionHistory } from './cloud-pc-timeline.tsx';
import { durationOf, jobTitle } from './job-model.ts';

afterEach(cleanup);

const wrap = (node: ReactNode) => render(<FluentProvider theme={webLightTheme}>{node}</FluentProvider>);
const ready = <T,>(data: T) => ({ status: 'success' as const, data, isRefreshing: false });

function job(overrides: Partial<CloudPcJob>): CloudPcJob {
  return {
    '@odata.type': '#cloudpc.cloudPcJob',
    id: `job-${Math.random().toString(36).slice(2)}`,
    cloudPcId: 'pc-1',
    kind: 'remoteAction',
    actionName: 'reboot',
    status: 'succeeded',
    progressPercent: 100,
    attempts: 1,
    maxAttempts: 3,
    steps: [],
    errorCode: null,
    errorMessage: null,
    createdDateTime: '2026-11-24T10:00:00Z',
    startDateTime: '2026-11-24T10:00:01Z',
    endDateTime: '2026-11-24T10:00:05Z',
    lastModifiedDateTime: '2026-11-24T10:00:05Z',
    requestedByUserPrincipalName: 'admin@contoso.test',
    requestedByType: 'user',
    regionName: 'eastus',
    correlationId: 'req-1',
    ...overrides,
  };
}

const provisioning = job({
  kind: 'provision',
  actionName: null,
  status: 'running',
  progressPercent: 40,
  attempts: 2,
  endDateTime: null,
  requestedByUserPrincipalName: null,
  requestedByType: 'application',
  steps: [
    {
      name: 'Allocating',
      status: 'done',
      startDateTime: '2026-11-24T10:00:01Z',
      endDateTime: '2026-11-24T10:00:03Z',
    },
    {
      name: 'Joining Microsoft Entra ID',
      status: 'running',
      startDateTime: '2026-11-24T10:00:03Z',
      endDateTime: null,
    },
  ],
});
const failedRestart = job({ status: 'failed', errorCode: 'allocationFailed', errorMessage: 'No capacity.' });

describe('CloudPcTimeline', () => {
  it('shows every job with its status, who asked, its steps and progress', () => {
    wrap(<CloudPcTimeline jobs={ready([failedRestart, provisioning])} />);
    const entries = within(screen.getByRole('list', { name: 'Status timeline' })).getAllByRole('listitem', {
      name: '',
    });
    expect(entries[0]?.textContent).toContain('Restart');
    expect(entries[0]?.textContent).toContain('Failed');
    expect(entries[0]?.textContent).toContain('allocationFailed: No capacity.');
    expect(entries[0]?.textContent).toContain('took 4 s');
    const steps = screen.getByRole('list', { name: 'Steps of Provisioning' });
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Allocating — done (2 s)', 'Joining Microsoft Entra ID — running']);
    expect(screen.getByRole('progressbar', { name: 'Provisioning: 40% done' })).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Status timeline' }).textContent).toContain(
      'attempt 2 of 3 · the service',
    );
  });

  it('has loading, empty and error states (with the request id and a retry)', () => {
    wrap(<CloudPcTimeline jobs={{ status: 'pending' }} />);
    expect(screen.getByRole('status').textContent).toContain('Loading the timeline…');
    cleanup();
    wrap(<CloudPcTimeline jobs={ready([])} />);
    expect(screen.getByRole('heading', { name: 'No recent work' })).toBeTruthy();
    cleanup();
    const retry = vi.fn();
    wrap(<CloudPcTimeline jobs={{ status: 'error', message: 'Busy.', requestId: 'req-42', retry }} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Request ID: req-42');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });
});

describe('RemoteActionHistory', () => {
  it('lists only remote actions, with their result', () => {
    wrap(<RemoteActionHistory jobs={ready([failedRestart, provisioning, job({ actionName: 'rename' })])} />);
    const rows = within(screen.getByRole('table', { name: 'Remote action history' })).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]?.textContent).toContain('Failed (allocationFailed)');
    expect(rows[2]?.textContent).toContain('Rename');
  });

  it('says when there is none', () => {
    wrap(<RemoteActionHistory jobs={ready([provisioning])} />);
    expect(screen.getByText('No remote action has run on this Cloud PC recently.')).toBeTruthy();
  });
});

describe('job words', () => {
  it('names jobs and durations', () => {
    expect(jobTitle({ kind: 'remoteAction', actionName: 'powerOff' })).toBe('Power off');
    expect(jobTitle({ kind: 'startGracePeriod', actionName: null })).toBe('Grace period started');
    expect(durationOf('2026-11-24T10:00:00Z', '2026-11-24T10:02:05Z')).toBe('2 min 5 s');
    expect(durationOf('2026-11-24T10:00:00Z', null)).toBeUndefined();
  });
});
