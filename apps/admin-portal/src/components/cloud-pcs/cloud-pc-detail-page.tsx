'use client';

import { ApiError, type CloudPcAction } from '@cloudpc/api-client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { AdminAccess } from '../../auth/admin-access.ts';
import { useApi } from '../../data/api-context.tsx';
import { describeError, loadableFrom } from '../loadable.ts';
import { useNotify } from '../notify.tsx';
import { StaleBanner, useStaleness } from '../stale-banner.tsx';
import { BulkActionDialog } from './bulk-action-dialog.tsx';
import { CloudPcDetailView } from './cloud-pc-detail-view.tsx';
import { ACTION_LABELS, type DetailAction, isBusy, LIVE_REFRESH_MS } from './cloud-pc-model.ts';
import { isJobActive } from './job-model.ts';
import { RenameDialog } from './rename-dialog.tsx';
import { RestoreDialog } from './restore-dialog.tsx';

/** Wires one Cloud PC's page to the API: polls while it is busy, runs the actions with feedback. */
export function CloudPcDetailPage({ id, access }: { id: string; access: AdminAccess }) {
  const { queries, mutations } = useApi();
  const notify = useNotify();
  const [open, setOpen] = useState<DetailAction>();
  const cloudPc = useQuery({
    ...queries.cloudPc(id),
    refetchInterval: (current) =>
      current.state.data && isBusy(current.state.data) ? LIVE_REFRESH_MS : false,
  });
  const snapshots = useQuery({ ...queries.snapshots(id), select: (page) => page.value });
  const isCloudPcBusy = cloudPc.data ? isBusy(cloudPc.data) : false;
  const jobs = useQuery({
    ...queries.cloudPcJobs(id),
    select: (page) => page.value,
    // The timeline moves while the Cloud PC or one of its jobs is busy; idle, it stays still.
    refetchInterval: (current) =>
      isCloudPcBusy || current.state.data?.value.some(isJobActive) ? LIVE_REFRESH_MS : false,
  });
  const catalogs = useQuery({ ...queries.catalogs(), enabled: open === 'resize' });
  const action = useMutation(mutations.cloudPcAction);
  const { staleness, now } = useStaleness(cloudPc, jobs);
  const name = cloudPc.data?.displayName ?? 'Cloud PC';

  useEffect(() => {
    if (cloudPc.data) document.title = `${cloudPc.data.displayName} · Cloud PC admin center`;
  }, [cloudPc.data]);

  const run = (input: CloudPcAction, label: string) => {
    action.mutate(
      { id, ...input },
      {
        onSuccess: () => {
          setOpen(undefined);
          notify({
            intent: 'success',
            title: `${label} started on ${name}`,
            message: 'This page shows its progress.',
          });
        },
        onError: (error) => {
          // A rename refused for its name stays open with the message under the field.
          if (input.action === 'rename' && error instanceof ApiError && error.fieldError('displayName'))
            return;
          setOpen(undefined);
          const { message, requestId } = describeError(error);
          notify({
            intent: 'error',
            title: `${label} did not start on ${name}`,
            message,
            ...(requestId ? { requestId } : {}),
          });
        },
      },
    );
  };

  const cancel = () => {
    action.reset();
    setOpen(undefined);
  };

  return (
    <>
      <CloudPcDetailView
        cloudPc={loadableFrom(cloudPc)}
        snapshots={loadableFrom(snapshots)}
        jobs={loadableFrom(jobs)}
        canManage={access.canManage}
        canTroubleshoot={access.canTroubleshoot}
        onAction={(next) => {
          action.reset();
          setOpen(next);
        }}
        banner={
          <StaleBanner
            staleness={staleness}
            now={now}
            onRetry={() => {
              void cloudPc.refetch();
              void jobs.refetch();
            }}
          />
        }
        onRefresh={() => {
          void cloudPc.refetch();
          void snapshots.refetch();
          void jobs.refetch();
        }}
      />
      {open === 'rename' ? (
        <RenameDialog
          currentName={name}
          isRunning={action.isPending}
          {...(action.error instanceof ApiError && action.error.fieldError('displayName')
            ? { serverError: action.error.fieldError('displayName') }
            : {})}
          onConfirm={(displayName) => run({ action: 'rename', body: { displayName } }, 'Rename')}
          onCancel={cancel}
        />
      ) : null}
      {open === 'restore' ? (
        <RestoreDialog
          snapshots={snapshots.data ?? []}
          isRunning={action.isPending}
          onConfirm={(cloudPcSnapshotId) =>
            run({ action: 'restore', body: { cloudPcSnapshotId } }, 'Restore')
          }
          onCancel={cancel}
        />
      ) : null}
      {open && open !== 'rename' && open !== 'restore' ? (
        <BulkActionDialog
          action={open}
          names={[name]}
          plans={(catalogs.data?.servicePlans ?? [])
            .filter((plan) => plan.id !== cloudPc.data?.servicePlanId)
            .map((plan) => ({ id: plan.id, displayName: plan.displayName }))}
          isRunning={action.isPending}
          onConfirm={({ targetServicePlanId }) =>
            run(
              open === 'resize'
                ? { action: 'resize', body: { targetServicePlanId: targetServicePlanId ?? '' } }
                : { action: open },
              ACTION_LABELS[open],
            )
          }
          onCancel={cancel}
        />
      ) : null}
    </>
  );
}
