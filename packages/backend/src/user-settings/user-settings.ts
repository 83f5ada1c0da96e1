import type { CreateUserSetting, ListQuery, UpdateUserSetting, UserSetting } from '@cloudpc/api-client';
import type { RequestContext } from '../audit/actor.ts';
import {
  assignGroups,
  changePolicy,
  deletePolicy,
  getPolicyResource,
  insertPolicy,
  listPolicyResources,
  type PolicyKind,
} from '../policies/policy-lifecycle.ts';
import type { PolicyDocumentBase } from '../policies/policy-repository.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { toPublicEtag } from '../storage/etag.ts';

/** User settings policies: local admin, reset, restore points; assigned to groups like provisioning policies. */
export interface UserSettingDocument extends PolicyDocumentBase {
  docType: 'userSetting';
  localAdminEnabled: boolean;
  resetEnabled: boolean;
  restorePointSetting: UserSetting['restorePointSetting'];
}

export const USER_SETTING: PolicyKind<UserSettingDocument, UserSetting> = {
  docType: 'userSetting',
  resourceType: 'userSetting',
  label: 'User setting',
  filterFields: {
    displayName: { path: 'displayName', type: 'string' },
    id: { path: 'id', type: 'guid' },
    localAdminEnabled: { path: 'localAdminEnabled', type: 'boolean' },
    resetEnabled: { path: 'resetEnabled', type: 'boolean' },
  },
  toResource(document, etag, { expandAssignments }) {
    return {
      '@odata.type': '#microsoft.graph.cloudPcUserSetting',
      '@odata.etag': toPublicEtag(etag),
      id: document.id,
      displayName: document.displayName,
      localAdminEnabled: document.localAdminEnabled,
      resetEnabled: document.resetEnabled,
      restorePointSetting: document.restorePointSetting,
      createdDateTime: document.createdDateTime,
      lastModifiedDateTime: document.lastModifiedDateTime,
      ...(expandAssignments
        ? {
            assignments: document.assignments.map((assignment) => ({
              id: assignment.id,
              target: {
                '@odata.type': '#microsoft.graph.cloudPcManagementGroupAssignmentTarget',
                groupId: assignment.groupId,
              },
            })),
          }
        : {}),
    };
  },
};

export function createUserSetting(options: {
  store: CosmosStore;
  context: RequestContext;
  input: CreateUserSetting;
}) {
  const { input } = options;
  return insertPolicy(options.store, USER_SETTING, options.context, {
    displayName: input.displayName,
    localAdminEnabled: input.localAdminEnabled,
    resetEnabled: input.resetEnabled,
    restorePointSetting: input.restorePointSetting,
  });
}

export function getUserSetting(options: {
  store: CosmosStore;
  tenantId: string;
  id: string;
  expand?: string;
}) {
  return getPolicyResource(options.store, USER_SETTING, options);
}

export function listUserSettings(options: { store: CosmosStore; tenantId: string; query: ListQuery }) {
  return listPolicyResources(options.store, USER_SETTING, options);
}

export function updateUserSetting(options: {
  store: CosmosStore;
  context: RequestContext;
  id: string;
  ifMatch?: string | null;
  input: UpdateUserSetting;
}) {
  const { input } = options;
  return changePolicy(options.store, USER_SETTING, {
    context: options.context,
    id: options.id,
    ifMatch: options.ifMatch ?? null,
    activity: 'Update userSetting',
    change: (current) => ({
      ...current,
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.localAdminEnabled !== undefined ? { localAdminEnabled: input.localAdminEnabled } : {}),
      ...(input.resetEnabled !== undefined ? { resetEnabled: input.resetEnabled } : {}),
      ...(input.restorePointSetting !== undefined ? { restorePointSetting: input.restorePointSetting } : {}),
    }),
  });
}

export function deleteUserSetting(options: {
  store: CosmosStore;
  context: RequestContext;
  id: string;
  ifMatch?: string | null;
}) {
  return deletePolicy(options.store, USER_SETTING, options);
}

export function assignUserSetting(options: {
  store: CosmosStore;
  context: RequestContext;
  id: string;
  groupIds: string[];
}) {
  return assignGroups(options.store, USER_SETTING, options);
}
