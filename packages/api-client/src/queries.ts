import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type { ApiClient } from './client.ts';
import * as auditContract from './contracts/audit-events.ts';
import * as catalogContract from './contracts/catalogs.ts';
import * as actionContract from './contracts/cloud-pc-actions.ts';
import * as jobContract from './contracts/cloud-pc-jobs.ts';
import * as overviewContract from './contracts/cloud-pc-overview.ts';
import * as cloudPcContract from './contracts/cloud-pcs.ts';
import * as groupContract from './contracts/directory-groups.ts';
import * as launchContract from './contracts/launch.ts';
import * as policyContract from './contracts/provisioning-policies.ts';
import * as settingContract from './contracts/user-settings.ts';
import type { ListQuery } from './odata.ts';

/**
 * TanStack Query option factories, one place for every screen: nouns for queries,
 * verbs for mutations, and each mutation invalidates exactly what it changed.
 * Keys are exported so views and tests can address the cache.
 */
export const queryKeys = {
  policies: ['provisioningPolicies'] as const,
  policyList: (query: ListQuery) => ['provisioningPolicies', 'list', query] as const,
  policy: (id: string) => ['provisioningPolicies', 'detail', id] as const,
  cloudPcs: ['cloudPcs'] as const,
  cloudPcList: (query: ListQuery) => ['cloudPcs', 'list', query] as const,
  cloudPc: (id: string) => ['cloudPcs', 'detail', id] as const,
  myCloudPcs: ['me', 'cloudPcs'] as const,
  myCloudPc: (id: string) => ['me', 'cloudPcs', id] as const,
  userSettings: ['userSettings'] as const,
  userSetting: (id: string) => ['userSettings', 'detail', id] as const,
  auditEvents: (query: ListQuery) => ['auditEvents', query] as const,
  catalogs: ['catalogs'] as const,
  snapshots: (id: string) => ['cloudPcs', 'snapshots', id] as const,
  cloudPcJobs: (id: string) => ['cloudPcs', 'jobs', id] as const,
  cloudPcOverview: ['cloudPcs', 'overview'] as const,
  groupSearch: (text: string) => ['directoryGroups', 'search', text] as const,
  group: (id: string) => ['directoryGroups', 'detail', id] as const,
  mySnapshots: (id: string) => ['me', 'cloudPcs', id, 'snapshots'] as const,
  mySelfServiceSettings: ['me', 'selfServiceSettings'] as const,
};

/** An admin remote action and the body it needs, if any. */
export type CloudPcAction =
  | { action: 'reboot' | 'reprovision' | 'troubleshoot' | 'endGracePeriod' | 'powerOn' | 'powerOff' }
  | { action: 'rename'; body: actionContract.RenameCloudPc }
  | { action: 'resize'; body: actionContract.ResizeCloudPc }
  | { action: 'restore'; body: actionContract.RestoreCloudPc };

/** A self-service action a person may run on their own Cloud PC. */
export type MyCloudPcAction =
  | { action: 'reboot' | 'troubleshoot' }
  | { action: 'rename'; body: actionContract.RenameCloudPc }
  | { action: 'restore'; body: actionContract.RestoreCloudPc };

export function createQueries(api: ApiClient) {
  return {
    policies: (query: ListQuery = {}) =>
      queryOptions({
        queryKey: queryKeys.policyList(query),
        queryFn: async ({ signal }) =>
          (await api.call(policyContract.listProvisioningPolicies, { query, signal })).data,
      }),
    policy: (id: string) =>
      queryOptions({
        queryKey: queryKeys.policy(id),
        queryFn: async ({ signal }) => {
          const { data } = await api.call(policyContract.getProvisioningPolicy, {
            params: { id },
            query: { $expand: 'assignments' },
            signal,
          });
          return data;
        },
      }),
    cloudPcs: (query: ListQuery = {}) =>
      queryOptions({
        queryKey: queryKeys.cloudPcList(query),
        queryFn: async ({ signal }) => (await api.call(cloudPcContract.listCloudPcs, { query, signal })).data,
      }),
    cloudPc: (id: string) =>
      queryOptions({
        queryKey: queryKeys.cloudPc(id),
        queryFn: async ({ signal }) =>
          (await api.call(cloudPcContract.getCloudPc, { params: { id }, signal })).data,
      }),
    myCloudPcs: () =>
      queryOptions({
        queryKey: queryKeys.myCloudPcs,
        queryFn: async ({ signal }) => (await api.call(cloudPcContract.listMyCloudPcs, { signal })).data,
      }),
    myCloudPc: (id: string) =>
      queryOptions({
        queryKey: queryKeys.myCloudPc(id),
        queryFn: async ({ signal }) =>
          (await api.call(cloudPcContract.getMyCloudPc, { params: { id }, signal })).data,
      }),
    userSettings: () =>
      queryOptions({
        queryKey: queryKeys.userSettings,
        queryFn: async ({ signal }) =>
          (await api.call(settingContract.listUserSettings, { query: { $expand: 'assignments' }, signal }))
            .data,
      }),
    auditEvents: (query: ListQuery = {}) =>
      queryOptions({
        queryKey: queryKeys.auditEvents(query),
        queryFn: async ({ signal }) =>
          (await api.call(auditContract.listAuditEvents, { query, signal })).data,
      }),
    snapshots: (id: string) =>
      queryOptions({
        queryKey: queryKeys.snapshots(id),
        queryFn: async ({ signal }) =>
          (await api.call(actionContract.retrieveCloudPcSnapshots, { params: { id }, signal })).data,
      }),
    cloudPcJobs: (id: string, top = 20) =>
      queryOptions({
        queryKey: queryKeys.cloudPcJobs(id),
        queryFn: async ({ signal }) =>
          (await api.call(jobContract.listCloudPcJobs, { params: { id }, query: { $top: top }, signal }))
            .data,
      }),
    cloudPcOverview: () =>
      queryOptions({
        queryKey: queryKeys.cloudPcOverview,
        queryFn: async ({ signal }) => (await api.call(overviewContract.getCloudPcOverview, { signal })).data,
      }),
    /** Directory groups whose name starts with `text` (all groups, first page, when empty). */
    groupSearch: (text: string) =>
      queryOptions({
        queryKey: queryKeys.groupSearch(text),
        staleTime: 60_000,
        queryFn: async ({ signal }) =>
          (
            await api.call(groupContract.searchDirectoryGroups, {
              query: { ...(text ? { $search: `"displayName:${text}"` } : {}), $top: 20 },
              signal,
            })
          ).data.value,
      }),
    group: (id: string) =>
      queryOptions({
        queryKey: queryKeys.group(id),
        staleTime: 10 * 60_000,
        queryFn: async ({ signal }) =>
          (await api.call(groupContract.getDirectoryGroup, { params: { id }, signal })).data,
      }),
    mySnapshots: (id: string) =>
      queryOptions({
        queryKey: queryKeys.mySnapshots(id),
        queryFn: async ({ signal }) =>
          (await api.call(actionContract.retrieveMyCloudPcSnapshots, { params: { id }, signal })).data,
      }),
    mySelfServiceSettings: () =>
      queryOptions({
        queryKey: queryKeys.mySelfServiceSettings,
        staleTime: 5 * 60_000,
        queryFn: async ({ signal }) =>
          (await api.call(launchContract.getMySelfServiceSettings, { signal })).data,
      }),
    catalogs: () =>
      queryOptions({
        queryKey: queryKeys.catalogs,
        // The editor needs all three at once; they change with releases, not by the minute.
        staleTime: 60 * 60_000,
        queryFn: async ({ signal }) => {
          const [plans, images, regions] = await Promise.all([
            api.call(catalogContract.listServicePlans, { signal }),
            api.call(catalogContract.listGalleryImages, { signal }),
            api.call(catalogContract.listSupportedRegions, { signal }),
          ]);
          return {
            servicePlans: plans.data.value,
            galleryImages: images.data.value,
            regions: regions.data.value,
          };
        },
      }),
  };
}

export function createMutations(api: ApiClient, queryClient: QueryClient) {
  return {
    /** Runs an admin remote action; the work is asynchronous, so the Cloud PC views refetch. */
    cloudPcAction: {
      mutationFn: async (input: { id: string } & CloudPcAction) => {
        const params = { id: input.id };
        switch (input.action) {
          case 'rename':
            return api.call(actionContract.renameCloudPc, { params, body: input.body });
          case 'resize':
            return api.call(actionContract.resizeCloudPc, { params, body: input.body });
          case 'restore':
            return api.call(actionContract.restoreCloudPc, { params, body: input.body });
          case 'reboot':
            return api.call(actionContract.rebootCloudPc, { params });
          case 'reprovision':
            return api.call(actionContract.reprovisionCloudPc, { params });
          case 'troubleshoot':
            return api.call(actionContract.troubleshootCloudPc, { params });
          case 'endGracePeriod':
            return api.call(actionContract.endGracePeriodCloudPc, { params });
          case 'powerOn':
            return api.call(actionContract.powerOnCloudPc, { params });
          case 'powerOff':
            return api.call(actionContract.powerOffCloudPc, { params });
        }
      },
      // The ['cloudPcs'] prefix covers lists, the detail and its restore points.
      onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.cloudPcs }),
    },
    myCloudPcAction: {
      mutationFn: async (input: { id: string } & MyCloudPcAction) => {
        const params = { id: input.id };
        switch (input.action) {
          case 'rename':
            return api.call(actionContract.renameMyCloudPc, { params, body: input.body });
          case 'restore':
            return api.call(actionContract.restoreMyCloudPc, { params, body: input.body });
          case 'reboot':
            return api.call(actionContract.rebootMyCloudPc, { params });
          case 'troubleshoot':
            return api.call(actionContract.troubleshootMyCloudPc, { params });
        }
      },
      onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.myCloudPcs }),
    },
    createPolicy: {
      mutationFn: async (body: policyContract.CreateProvisioningPolicy) =>
        (await api.call(policyContract.createProvisioningPolicy, { body })).data,
      onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.policies }),
    },
    updatePolicy: {
      mutationFn: async (input: {
        id: string;
        etag: string;
        body: policyContract.UpdateProvisioningPolicy;
      }) =>
        api.call(policyContract.updateProvisioningPolicy, {
          params: { id: input.id },
          body: input.body,
          ifMatch: input.etag,
        }),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.policies }),
    },
    deletePolicy: {
      mutationFn: async (input: { id: string; etag?: string }) =>
        api.call(policyContract.deleteProvisioningPolicy, {
          params: { id: input.id },
          ...(input.etag ? { ifMatch: input.etag } : {}),
        }),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.policies }),
    },
    assignPolicy: {
      mutationFn: async (input: { id: string; groupIds: string[] }) =>
        api.call(policyContract.assignProvisioningPolicy, {
          params: { id: input.id },
          body: { assignments: input.groupIds.map((groupId) => ({ target: { groupId } })) },
        }),
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: queryKeys.policies }),
          queryClient.invalidateQueries({ queryKey: queryKeys.cloudPcs }),
        ]),
    },
    createUserSetting: {
      mutationFn: async (body: settingContract.CreateUserSetting) =>
        (await api.call(settingContract.createUserSetting, { body })).data,
      onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.userSettings }),
    },
    updateUserSetting: {
      mutationFn: async (input: { id: string; etag: string; body: settingContract.UpdateUserSetting }) =>
        api.call(settingContract.updateUserSetting, {
          params: { id: input.id },
          body: input.body,
          ifMatch: input.etag,
        }),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.userSettings }),
    },
    assignUserSetting: {
      mutationFn: async (input: { id: string; groupIds: string[] }) =>
        api.call(settingContract.assignUserSetting, {
          params: { id: input.id },
          body: { assignments: input.groupIds.map((groupId) => ({ target: { groupId } })) },
        }),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.userSettings }),
    },
  };
}
