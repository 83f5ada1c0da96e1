import * as contract from '@cloudpc/api-client';
import { requestRemoteAction, retrieveSnapshots } from '../cloud-pcs/cloud-pc-actions.ts';
import { getMyCloudPc, listMyCloudPcs } from '../cloud-pcs/cloud-pcs.ts';
import { defineRoute, empty, page, type Route, resource } from '../http/route.ts';
import { regionDoorbell } from '../jobs/region-doorbell.ts';

/** The user portal's API (`/api/v1.0/me`): the caller's own objects only. */
export const meRoutes: Route[] = [
  defineRoute(contract.listMyCloudPcs, 'me', async ({ caller, query, store }) =>
    page(
      await listMyCloudPcs({
        store: await store(),
        tenantId: caller.tenantId,
        userId: caller.objectId,
        query,
      }),
    ),
  ),
  defineRoute(contract.getMyCloudPc, 'me', async ({ caller, params, store }) =>
    resource(
      await getMyCloudPc({
        store: await store(),
        tenantId: caller.tenantId,
        userId: caller.objectId,
        id: params.id ?? '',
      }),
    ),
  ),
  // The owner's remote actions; another user's Cloud PC is 404.
  defineRoute(contract.rebootMyCloudPc, 'me', async ({ caller, context, params, store }) => {
    await requestRemoteAction({
      store: await store(),
      doorbell: regionDoorbell(),
      context,
      cloudPcId: params.id ?? '',
      ownerId: caller.objectId,
      request: { action: 'reboot' },
    });
    return empty();
  }),
  defineRoute(contract.renameMyCloudPc, 'me', async ({ caller, context, params, body, store }) => {
    await requestRemoteAction({
      store: await store(),
      doorbell: regionDoorbell(),
      context,
      cloudPcId: params.id ?? '',
      ownerId: caller.objectId,
      request: { action: 'rename', displayName: body.displayName },
    });
    return empty();
  }),
  defineRoute(contract.restoreMyCloudPc, 'me', async ({ caller, context, params, body, store }) => {
    await requestRemoteAction({
      store: await store(),
      doorbell: regionDoorbell(),
      context,
      cloudPcId: params.id ?? '',
      ownerId: caller.objectId,
      request: { action: 'restore', cloudPcSnapshotId: body.cloudPcSnapshotId },
    });
    return empty();
  }),
  defineRoute(contract.troubleshootMyCloudPc, 'me', async ({ caller, context, params, store }) => {
    await requestRemoteAction({
      store: await store(),
      doorbell: regionDoorbell(),
      context,
      cloudPcId: params.id ?? '',
      ownerId: caller.objectId,
      request: { action: 'troubleshoot' },
    });
    return empty();
  }),
  defineRoute(contract.retrieveMyCloudPcSnapshots, 'me', async ({ caller, params, store }) =>
    page(
      await retrieveSnapshots({
        store: await store(),
        tenantId: caller.tenantId,
        cloudPcId: params.id ?? '',
        ownerId: caller.objectId,
      }),
    ),
  ),
];
