import * as contract from '@cloudpc/api-client';
import { requestRemoteAction, retrieveSnapshots } from '../cloud-pcs/cloud-pc-actions.ts';
import { getMyCloudPc, listMyCloudPcs } from '../cloud-pcs/cloud-pcs.ts';
import { platformConfig } from '../config/env.ts';
import { defineRoute, empty, page, type Route, resource } from '../http/route.ts';
import { regionDoorbell } from '../jobs/region-doorbell.ts';
import {
  getCloudPcLaunchInfo,
  portalOrigin,
  redeemLaunchTicket,
  reportConnection,
} from '../launch/launch.ts';
import { mySelfServiceSettings } from '../launch/self-service.ts';

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
  // Launch in the browser (launch/): a single-use ticket, its redemption by the session page, and reports.
  defineRoute(contract.getMyCloudPcLaunchInfo, 'me', async ({ context, headers, params, store }) =>
    resource(
      await getCloudPcLaunchInfo({
        store: await store(),
        context,
        secret: platformConfig().launchTicketSecret,
        cloudPcId: params.id ?? '',
        portalOrigin: portalOrigin(headers),
      }),
    ),
  ),
  defineRoute(contract.redeemLaunchTicket, 'me', async ({ context, body, store }) =>
    resource(
      await redeemLaunchTicket({
        store: await store(),
        context,
        secret: platformConfig().launchTicketSecret,
        ticket: body.ticket,
      }),
    ),
  ),
  defineRoute(contract.reportMyConnection, 'me', async ({ context, body, params, store }) => {
    await reportConnection({ store: await store(), context, connectionId: params.id ?? '', report: body });
    return empty();
  }),
  defineRoute(contract.getMySelfServiceSettings, 'me', async ({ caller, store }) =>
    resource(
      await mySelfServiceSettings({
        store: await store(),
        tenantId: caller.tenantId,
        userId: caller.objectId,
      }),
    ),
  ),
];
