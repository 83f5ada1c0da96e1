import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Loadable } from '../loadable.ts';
import type { CloudPcActions } from './cloud-pc-actions.ts';
import { type MyCloudPc, MyCloudPcsView } from './my-cloud-pcs-view.tsx';
import { CLOUD_PC } from './test-cloud-pc.ts';

afterEach(cleanup);

// jsdom has no ResizeObserver; Fluent's MessageBar measures itself with one.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

function renderView(cloudPcs: Loadable<MyCloudPc[]>, actions?: CloudPcActions, restoreAllowed = false) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <MyCloudPcsView cloudPcs={cloudPcs} restoreAllowed={restoreAllowed} {...(actions ? { actions } : {})} />
    </FluentProvider>,
  );
}

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

  it('shows provisioning step progress and keeps Open in browser off until ready', () => {
    renderView(
      {
        status: 'success',
        data: [
          {
            ...CLOUD_PC,
            status: 'provisioning',
            statusDetail: { code: 'provisioning', message: 'Step 2 of 5: Joining the domain' },
          },
        ],
        isRefreshing: false,
      },
      fakeActions(),
    );
    expect(screen.getByRole('status').textContent).toContain('step 2 of 5, Joining the domain');
    expect(screen.getByRole('progressbar')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Open in browser' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it('says when a grace period ends and what to tell support when it failed', () => {
    renderView({
      status: 'success',
      data: [
        { ...CLOUD_PC, status: 'inGracePeriod', gracePeriodEndDateTime: '2026-12-01T12:00:00.000Z' },
        {
          ...CLOUD_PC,
          id: 'b2',
          status: 'failed',
          statusDetail: { code: 'imageUnavailable', message: 'The image could not be read.' },
        },
      ],
      isRefreshing: false,
    });
    const [grace, failed] = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(grace?.textContent).toContain('This Cloud PC is going away');
    expect(grace?.textContent).toMatch(/removed on .*2026/);
    expect(failed?.textContent).toContain(
      'Tell your IT admin: Cloud PC "CPC-ADELE-7KQ2M", error imageUnavailable',
    );
  });

  it('shows a restart in progress and the troubleshoot outcome', () => {
    const result = (actionName: string, actionState: 'active' | 'done') => ({
      actionName,
      actionState,
      startDateTime: CLOUD_PC.lastModifiedDateTime,
      lastUpdatedDateTime: CLOUD_PC.lastModifiedDateTime,
      statusDetail:
        actionState === 'done' ? { code: 'healthy', message: 'All 4 health checks passed.' } : null,
    });
    renderView({
      status: 'success',
      data: [
        { ...CLOUD_PC, lastRemoteActionResult: result('reboot', 'active') },
        { ...CLOUD_PC, id: 'b2', lastRemoteActionResult: result('troubleshoot', 'done') },
      ],
      isRefreshing: false,
    });
    const [restarting, checked] = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(restarting?.textContent).toContain('Restarting… this page updates by itself.');
    expect(checked?.textContent).toContain('Troubleshoot: no issues found');
  });

  it('opens in the browser, and confirms a restart saying what is lost', async () => {
    const actions = fakeActions();
    renderView({ status: 'success', data: [CLOUD_PC], isRefreshing: false }, actions);
    fireEvent.click(screen.getByRole('button', { name: 'Open in browser' }));
    expect(actions.open).toHaveBeenCalledWith('a1');
    fireEvent.click(screen.getByRole('button', { name: 'More actions for CPC-adele-7KQ2M' }));
    // No user setting allows restore here, so the menu does not offer it.
    expect(await screen.findByRole('menuitem', { name: 'Troubleshoot' })).toBeTruthy();
    expect(screen.queryByRole('menuitem', { name: 'Restore' })).toBeNull();
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Restart' }));
    const dialog = await screen.findByRole('dialog', { name: 'Restart CPC-adele-7KQ2M?' });
    expect(dialog.textContent).toContain('Anything you have not saved on the Cloud PC is lost');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Restart' }));
    await waitFor(() => expect(actions.restart).toHaveBeenCalledWith('a1'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // Fluent's menu and dialog are slow to mount in jsdom on a busy machine.
  }, 20_000);

  it('lists restore points with their times and shows a refusal in words', async () => {
    const actions = fakeActions();
    actions.restore.mockRejectedValueOnce(
      new Error('Your organization does not allow you to restore your Cloud PC.'),
    );
    renderView({ status: 'success', data: [CLOUD_PC], isRefreshing: false }, actions, true);
    fireEvent.click(screen.getByRole('button', { name: 'More actions for CPC-adele-7KQ2M' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Restore' }));
    const dialog = await screen.findByRole('dialog', { name: 'Restore CPC-adele-7KQ2M' });
    expect(dialog.textContent).toContain('changed after that time are lost');
    fireEvent.click(await within(dialog).findByRole('radio', { name: /2026.*\(automatic\)/ }));
    // In jsdom the menu's popover lingers and its focus trap marks the dialog aria-hidden;
    // the browser run (e2e/user) checks the real accessibility tree.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Restore', hidden: true }));
    expect(await within(dialog).findByText(/does not allow you to restore/)).toBeTruthy();
    expect(actions.restore).toHaveBeenCalledWith('a1', 's1');
  }, 20_000);
});

function fakeActions() {
  return {
    open: vi.fn(async () => undefined),
    restart: vi.fn(async () => undefined),
    rename: vi.fn(async () => undefined),
    troubleshoot: vi.fn(async () => undefined),
    restore: vi.fn(async (_id: string, _snapshot: string) => undefined),
    loadRestorePoints: vi.fn(async () => [
      { id: 's1', createdDateTime: '2026-11-20T08:00:00.000Z', snapshotType: 'automatic' },
    ]),
    downloadRdp: vi.fn(async () => undefined),
  } satisfies CloudPcActions;
}
