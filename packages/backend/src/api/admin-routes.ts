import * as contract from '@cloudpc/api-client';
import { listAuditEvents } from '../audit/list-audit-events.ts';
import { GALLERY_IMAGES, SERVICE_PLANS, SUPPORTED_REGIONS } from '../catalogs/catalogs.ts';
import { requestRemoteAction, retrieveSnapshots } from '../cloud-pcs/cloud-pc-actions.ts';
import { getCloudPcOverview } from '../cloud-pcs/cloud-pc-overview.ts';
import { getCloudPc, listCloudPcs } from '../cloud-pcs/cloud-pcs.ts';
import { getDirectoryGroup, searchDirectoryGroups } from '../directory/directory-groups.ts';
import { created, defineRoute, empty, page, type Route, resource } from '../http/route.ts';
import { listCloudPcJobs, retrieveRemoteActionResults } from '../jobs/list-cloud-pc-jobs.ts';
import { regionDoorbell } from '../jobs/region-doorbell.ts';
import {
  assignProvisioningPolicy,
  createProvisioningPolicy,
  deleteProvisioningPolicy,
  getProvisioningPolicy,
  listProvisioningPolicies,
  updateProvisioningPolicy,
} from '../policies/provisioning-policies.ts';
import {
  assignUserSetting,
  createUserSetting,
  deleteUserSetting,
  getUserSetting,
  listUserSettings,
  updateUserSetting,
} from '../user-settings/user-settings.ts';
import { diagnosticsRoutes } from './diagnostics-routes.ts';

/**
 * The admin portal's API (`/api/v1.0/deviceManagement/virtualEndpoint`). Each route
 * is one contract, one access rule and one domain call; the dispatcher does the rest.
 */
export const adminRoutes: Route[] = [
  defineRoute(contract.listProvisioningPolicies, 'admin:read', async ({ caller, query, store }) =>
    page(await listProvisioningPolicies({ store: await store(), tenantId: caller.tenantId, query })),
  ),
  defineRoute(contract.createProvisioningPolicy, 'admin:write', async ({ context, body, store }) => {
    const { resource: policy, etag } = await createProvisioningPolicy({
      store: await store(),
      context,
      input: body,
    });
    return created(policy, etag);
  }),
  defineRoute(contract.getProvisioningPolicy, 'admin:read', async ({ caller, params, query, store }) => {
    const { resource: policy, etag } = await getProvisioningPolicy({
      store: await store(),
      tenantId: caller.tenantId,
      id: params.id ?? '',
      ...(query.$expand ? { expand: query.$expand } : {}),
    });
    return resource(policy, etag);
  }),
  defineRoute(
    contract.updateProvisioningPolicy,
    'admin:write',
    async ({ context, params, headers, body, store }) => {
      const { etag } = await updateProvisioningPolicy({
        store: await store(),
        context,
        id: params.id ?? '',
        ifMatch: headers.get('if-match'),
        input: body,
      });
      return empty(etag);
    },
  ),
  defineRoute(
    contract.deleteProvisioningPolicy,
    'admin:write',
    async ({ context, params, headers, store }) => {
      await deleteProvisioningPolicy({
        store: await store(),
        context,
        id: params.id ?? '',
        ifMatch: headers.get('if-match'),
      });
      return empty();
    },
  ),
  defineRoute(contract.assignProvisioningPolicy, 'admin:write', async ({ context, params, body, store }) => {
    const { etag } = await assignProvisioningPolicy({
      store: await store(),
      context,
      id: params.id ?? '',
      groupIds: body.assignments.map((assignment) => assignment.target.groupId),
    });
    return empty(etag);
  }),

  defineRoute(contract.listCloudPcs, 'admin:read', async ({ caller, query, store }) =>
    page(await listCloudPcs({ store: await store(), tenantId: caller.tenantId, query })),
  ),
  defineRoute(contract.getCloudPc, 'admin:read', async ({ caller, params, store }) =>
    resource(await getCloudPc({ store: await store(), tenantId: caller.tenantId, id: params.id ?? '' })),
  ),

  defineRoute(contract.getCloudPcOverview, 'admin:read', async ({ caller, context, store }) =>
    resource(await getCloudPcOverview({ store: await store(), tenantId: caller.tenantId, now: context.now })),
  ),

  // Directory groups for the assignment pickers, read from Graph on the caller's tenant.
  defineRoute(contract.searchDirectoryGroups, 'admin:read', async ({ caller, query }) =>
    page(
      await searchDirectoryGroups({
        tenantId: caller.tenantId,
        search: query.$search,
        top: query.$top ?? 20,
      }),
    ),
  ),
  defineRoute(contract.getDirectoryGroup, 'admin:read', async ({ caller, params }) =>
    resource(await getDirectoryGroup({ tenantId: caller.tenantId, id: params.id ?? '' })),
  ),

  defineRoute(contract.listServicePlans, 'admin:read', async () => page({ items: [...SERVICE_PLANS] })),
  defineRoute(contract.listGalleryImages, 'admin:read', async () => page({ items: [...GALLERY_IMAGES] })),
  defineRoute(contract.listSupportedRegions, 'admin:read', async () =>
    page({ items: [...SUPPORTED_REGIONS] }),
  ),

  defineRoute(contract.listUserSettings, 'admin:read', async ({ caller, query, store }) =>
    page(await listUserSettings({ store: await store(), tenantId: caller.tenantId, query })),
  ),
  defineRoute(contract.createUserSetting, 'admin:write', async ({ context, body, store }) => {
    const { resource: setting, etag } = await createUserSetting({
      store: await store(),
      context,
      input: body,
    });
    return created(setting, etag);
  }),
  defineRoute(contract.getUserSetting, 'admin:read', async ({ caller, params, query, store }) => {
    const { resource: setting, etag } = await getUserSetting({
      store: await store(),
      tenantId: caller.tenantId,
      id: params.id ?? '',
      ...(query.$expand ? { expand: query.$expand } : {}),
    });
    return resource(setting, etag);
  }),
  defineRoute(
    contract.updateUserSetting,
    'admin:write',
    async ({ context, params, headers, body, store }) => {
      const { etag } = await updateUserSetting({
        store: await store(),
        context,
        id: params.id ?? '',
        ifMatch: headers.get('if-match'),
        input: body,
      });
      return empty(etag);
    },
  ),
  defineRoute(contract.deleteUserSetting, 'admin:write', async ({ context, params, headers, store }) => {
    await deleteUserSetting({
      store: await store(),
      context,
      id: params.id ?? '',
      ifMatch: headers.get('if-match'),
    });
    return empty();
  }),
  defineRoute(contract.assignUserSetting, 'admin:write', async ({ context, params, body, store }) => {
    const { etag } = await assignUserSetting({
      store: await store(),
      context,
      id: params.id ?? '',
      groupIds: body.assignments.map((assignment) => assignment.target.groupId),
    });
    return empty(etag);
  }),

  // Remote actions: each starts a job; progress shows in the Cloud PC's lastRemoteActionResult.
  defineRoute(contract.rebootCloudPc, 'admin:write', async ({ context, params, store }) => {
    await requestRemoteAction({
      store: await store(),
      doorbell: regionDoorbell(),
      context,
      cloudPcId: params.id ?? '',
      request: { action: 'reboot' },
    });
    return empty();
  }),
  defineRoute(contract.renameCloudPc, 'admin:write', async ({ context, params, body, store }) => {
    await requestRemoteAction({
      store: await store(),
      doorbell: regionDoorbell(),
      context,
      cloudPcId: params.id ?? '',
      request: { action: 'rename', displayName: body.displayName },
    });
    return empty();
  }),
  defineRoute(contract.reprovisionCloudPc, 'admin:write', async ({ context, params, store }) => {
    await requestRemoteAction({
      store: await store(),
      doorbell: regionDoorbell(),
      context,
      cloudPcId: params.id ?? '',
      request: { action: 'reprovision' },
    });
    return empty();
  }),
  defineRoute(contract.resizeCloudPc, 'admin:write', async ({ context, params, body, store }) => {
    await requestRemoteAction({
      store: await store(),
      doorbell: regionDoorbell(),
      context,
      cloudPcId: params.id ?? '',
      request: { action: 'resize', targetServicePlanId: body.targetServicePlanId },
    });
    return empty();
  }),
  defineRoute(contract.restoreCloudPc, 'admin:write', async ({ context, params, body, store }) => {
    await requestRemoteAction({
      store: await store(),
      doorbell: regionDoorbell(),
      context,
      cloudPcId: params.id ?? '',
      request: { action: 'restore', cloudPcSnapshotId: body.cloudPcSnapshotId },
    });
    return empty();
  }),
  defineRoute(contract.troubleshootCloudPc, 'admin:troubleshoot', async ({ context, params, store }) => {
    await requestRemoteAction({
      store: await store(),
      doorbell: regionDoorbell(),
      context,
      cloudPcId: params.id ?? '',
      request: { action: 'troubleshoot' },
    });
    return empty();
  }),
  defineRoute(contract.endGracePeriodCloudPc, 'admin:write', async ({ context, params, store }) => {
    await requestRemoteAction({
      store: await store(),
      doorbell: regionDoorbell(),
      context,
      cloudPcId: params.id ?? '',
      request: { action: 'endGracePeriod' },
    });
    return empty();
  }),
  defineRoute(contract.powerOnCloudPc, 'admin:write', async ({ context, params, store }) => {
    await requestRemoteAction({
      store: await store(),
      doorbell: regionDoorbell(),
      context,
      cloudPcId: params.id ?? '',
      request: { action: 'powerOn' },
    });
    return empty();
  }),
  defineRoute(contract.powerOffCloudPc, 'admin:write', async ({ context, params, store }) => {
    await requestRemoteAction({
      store: await store(),
      doorbell: regionDoorbell(),
      context,
      cloudPcId: params.id ?? '',
      request: { action: 'powerOff' },
    });
    return empty();
  }),
  defineRoute(contract.retrieveCloudPcSnapshots, 'admin:read', async ({ caller, params, store }) =>
    page(
      await retrieveSnapshots({
        store: await store(),
        tenantId: caller.tenantId,
        cloudPcId: params.id ?? '',
      }),
    ),
  ),

  defineRoute(contract.listCloudPcJobs, 'admin:read', async ({ caller, params, query, store }) =>
    page(
      await listCloudPcJobs({
        store: await store(),
        tenantId: caller.tenantId,
        cloudPcId: params.id ?? '',
        ...(query.$top ? { top: query.$top } : {}),
      }),
    ),
  ),

  defineRoute(contract.retrieveCloudPcRemoteActionResults, 'admin:read', async ({ caller, params, store }) =>
    page(
      await retrieveRemoteActionResults({
        store: await store(),
        tenantId: caller.tenantId,
        cloudPcId: params.id ?? '',
      }),
    ),
  ),

  defineRoute(contract.listAuditEvents, 'admin:read', async ({ caller, query, store }) =>
    page(await listAuditEvents(await store(), { tenantId: caller.tenantId, query })),
  ),
  ...diagnosticsRoutes,
];
