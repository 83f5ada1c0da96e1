'use client';

import { getMyCloudPcLaunchInfo } from '@cloudpc/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useApi } from '../../data/api-context.tsx';
import { loadableFrom } from '../loadable.ts';
import type { CloudPcActions } from './cloud-pc-actions.ts';
import { isInProgress } from './cloud-pc-state.ts';
import { MyCloudPcsView } from './my-cloud-pcs-view.tsx';
import { buildRdpFile, rdpFileName } from './rdp-file.ts';

/** How often the list refreshes while a Cloud PC is setting up, restarting or restoring. */
const PROGRESS_REFRESH_MS = 3000;

function saveFile(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-rdp' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click has handed the blob to the download before the next task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Wires "My Cloud PCs" to `GET /api/v1.0/me/cloudPCs` (the first page: people have a few) and its actions. */
export function MyCloudPcsPage() {
  const { api, queries, mutations } = useApi();
  const queryClient = useQueryClient();
  const cloudPcs = useQuery({
    ...queries.myCloudPcs(),
    select: (page) => page.value,
    // Poll only while something moves; an idle list costs nothing.
    refetchInterval: (query) => (query.state.data?.value.some(isInProgress) ? PROGRESS_REFRESH_MS : false),
  });
  const action = useMutation(mutations.myCloudPcAction);
  const selfService = useQuery(queries.mySelfServiceSettings());

  const actions = useMemo<CloudPcActions>(() => {
    const launchInfo = async (id: string) =>
      (await api.call(getMyCloudPcLaunchInfo, { params: { id } })).data;
    return {
      async open(id) {
        // The tab opens inside the click (popup blockers allow that); the URL follows the API call.
        const tab = window.open('', '_blank');
        try {
          const info = await launchInfo(id);
          if (tab) {
            tab.opener = null;
            tab.location.href = info.cloudPcLaunchUrl;
          } else {
            window.location.assign(info.cloudPcLaunchUrl);
          }
        } catch (error) {
          tab?.close();
          throw error;
        }
      },
      restart: async (id) => void (await action.mutateAsync({ id, action: 'reboot' })),
      rename: async (id, displayName) =>
        void (await action.mutateAsync({ id, action: 'rename', body: { displayName } })),
      troubleshoot: async (id) => void (await action.mutateAsync({ id, action: 'troubleshoot' })),
      restore: async (id, cloudPcSnapshotId) =>
        void (await action.mutateAsync({ id, action: 'restore', body: { cloudPcSnapshotId } })),
      loadRestorePoints: async (id) => (await queryClient.fetchQuery(queries.mySnapshots(id))).value,
      async downloadRdp(id) {
        const cloudPc = cloudPcs.data?.find((candidate) => candidate.id === id);
        if (!cloudPc) return;
        const info = await launchInfo(id);
        const ticket = new URL(info.cloudPcLaunchUrl, window.location.href).searchParams.get('ticket') ?? '';
        saveFile(
          rdpFileName(cloudPc.displayName),
          buildRdpFile({
            deviceName: cloudPc.managedDeviceName,
            gatewayHost: window.location.host,
            accessToken: ticket,
            displayName: cloudPc.displayName,
          }),
        );
      },
    };
  }, [api, action.mutateAsync, queryClient, queries, cloudPcs.data]);

  return (
    <MyCloudPcsView
      cloudPcs={loadableFrom(cloudPcs)}
      actions={actions}
      restoreAllowed={selfService.data?.userRestoreEnabled ?? false}
    />
  );
}
