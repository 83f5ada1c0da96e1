import type {
  CreateProvisioningPolicy,
  ListQuery,
  ProvisioningPolicy,
  UpdateProvisioningPolicy,
} from '@cloudpc/api-client';
import type { RequestContext } from '../audit/actor.ts';
import { findGalleryImage, findSupportedRegion } from '../catalogs/catalogs.ts';
import { AppError, type ErrorDetail } from '../errors/app-error.ts';
import type { Doorbell } from '../jobs/doorbell.ts';
import { regionDoorbell } from '../jobs/region-doorbell.ts';
import { requestDirectorySync } from '../provisioning/request-directory-sync.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { toPublicEtag } from '../storage/etag.ts';
import {
  assignGroups,
  changePolicy,
  deletePolicy,
  getPolicyResource,
  insertPolicy,
  listPolicyResources,
  type PolicyKind,
} from './policy-lifecycle.ts';
import type { PolicyDocumentBase } from './policy-repository.ts';

export interface ProvisioningPolicyDocument extends PolicyDocumentBase {
  docType: 'provisioningPolicy';
  description: string;
  provisioningType: ProvisioningPolicy['provisioningType'];
  imageId: string;
  imageDisplayName: string;
  imageType: ProvisioningPolicy['imageType'];
  domainJoinConfigurations: ProvisioningPolicy['domainJoinConfigurations'];
  windowsSetting: ProvisioningPolicy['windowsSetting'];
  cloudPcNamingTemplate: string;
  enableSingleSignOn: boolean;
  localAdminEnabled: boolean;
  gracePeriodInHours: number;
}

const GRACE_PERIOD_HOURS = 168;

export const PROVISIONING_POLICY: PolicyKind<ProvisioningPolicyDocument, ProvisioningPolicy> = {
  docType: 'provisioningPolicy',
  resourceType: 'provisioningPolicy',
  label: 'Provisioning policy',
  filterFields: {
    displayName: { path: 'displayName', type: 'string' },
    id: { path: 'id', type: 'guid' },
    imageId: { path: 'imageId', type: 'string' },
    imageType: { path: 'imageType', type: 'enum', values: ['gallery', 'custom'] },
    provisioningType: { path: 'provisioningType', type: 'enum', values: ['dedicated', 'shared'] },
    enableSingleSignOn: { path: 'enableSingleSignOn', type: 'boolean' },
    localAdminEnabled: { path: 'localAdminEnabled', type: 'boolean' },
  },
  toResource(document, etag, { expandAssignments }) {
    return {
      '@odata.type': '#microsoft.graph.cloudPcProvisioningPolicy',
      '@odata.etag': toPublicEtag(etag),
      id: document.id,
      displayName: document.displayName,
      description: document.description,
      provisioningType: document.provisioningType,
      imageId: document.imageId,
      imageDisplayName: document.imageDisplayName,
      imageType: document.imageType,
      domainJoinConfigurations: document.domainJoinConfigurations,
      windowsSetting: document.windowsSetting,
      cloudPcNamingTemplate: document.cloudPcNamingTemplate,
      enableSingleSignOn: document.enableSingleSignOn,
      localAdminEnabled: document.localAdminEnabled,
      gracePeriodInHours: document.gracePeriodInHours,
      managedBy: 'windows365',
      createdDateTime: document.createdDateTime,
      lastModifiedDateTime: document.lastModifiedDateTime,
      ...(expandAssignments
        ? {
            assignments: document.assignments.map((assignment) => ({
              id: assignment.id,
              target: {
                '@odata.type': '#microsoft.graph.cloudPcManagementGroupAssignmentTarget' as const,
                groupId: assignment.groupId,
              },
            })),
          }
        : {}),
    };
  },
};

/**
 * Checks that need the catalogues: the image must exist in the gallery and the
 * region must be one we serve. Field-level rules live in the request schema.
 */
function checkCatalogueReferences(fields: {
  imageId: string;
  imageType: ProvisioningPolicy['imageType'];
  domainJoinConfigurations: ProvisioningPolicy['domainJoinConfigurations'];
}): { imageDisplayName: string } {
  const details: ErrorDetail[] = [];
  const image = fields.imageType === 'gallery' ? findGalleryImage(fields.imageId) : undefined;
  if (fields.imageType === 'custom') {
    details.push({ target: 'imageType', message: 'No custom images are uploaded; choose a gallery image.' });
  } else if (!image) {
    details.push({ target: 'imageId', message: `Image ${fields.imageId} is not in the gallery.` });
  } else if (image.status === 'notSupported') {
    details.push({ target: 'imageId', message: `${image.displayName} is no longer supported.` });
  }
  fields.domainJoinConfigurations.forEach((configuration, index) => {
    if (configuration.domainJoinType !== 'azureADJoin') {
      details.push({
        target: `domainJoinConfigurations[${index}].domainJoinType`,
        message:
          'Only Microsoft Entra join (azureADJoin) is available; hybrid join needs an on-premises network connection.',
      });
    }
    const region = findSupportedRegion(configuration.regionName);
    if (region?.regionStatus !== 'available') {
      details.push({
        target: `domainJoinConfigurations[${index}].regionName`,
        message: `Region ${configuration.regionName} is not supported.`,
      });
    }
  });
  if (details.length > 0) {
    throw new AppError('BadRequest', details.map((detail) => detail.message).join(' '), { details });
  }
  return { imageDisplayName: image?.displayName ?? fields.imageId };
}

function withRegionGroup(
  configurations: ProvisioningPolicy['domainJoinConfigurations'],
): ProvisioningPolicy['domainJoinConfigurations'] {
  return configurations.map((configuration) => ({
    domainJoinType: configuration.domainJoinType,
    regionName: configuration.regionName,
    regionGroup: findSupportedRegion(configuration.regionName)?.regionGroup ?? configuration.regionGroup,
  }));
}

export function createProvisioningPolicy(options: {
  store: CosmosStore;
  context: RequestContext;
  input: CreateProvisioningPolicy;
}) {
  const { input } = options;
  const { imageDisplayName } = checkCatalogueReferences(input);
  return insertPolicy(options.store, PROVISIONING_POLICY, options.context, {
    displayName: input.displayName,
    description: input.description,
    provisioningType: input.provisioningType,
    imageId: input.imageId,
    imageDisplayName,
    imageType: input.imageType,
    domainJoinConfigurations: withRegionGroup(input.domainJoinConfigurations),
    windowsSetting: input.windowsSetting,
    cloudPcNamingTemplate: input.cloudPcNamingTemplate,
    enableSingleSignOn: input.enableSingleSignOn,
    localAdminEnabled: input.localAdminEnabled,
    gracePeriodInHours: GRACE_PERIOD_HOURS,
  });
}

export function getProvisioningPolicy(options: {
  store: CosmosStore;
  tenantId: string;
  id: string;
  expand?: string;
}) {
  return getPolicyResource(options.store, PROVISIONING_POLICY, options);
}

export function listProvisioningPolicies(options: {
  store: CosmosStore;
  tenantId: string;
  query: ListQuery;
}) {
  return listPolicyResources(options.store, PROVISIONING_POLICY, options);
}

export function updateProvisioningPolicy(options: {
  store: CosmosStore;
  context: RequestContext;
  id: string;
  ifMatch?: string | null;
  input: UpdateProvisioningPolicy;
}) {
  const { input } = options;
  return changePolicy(options.store, PROVISIONING_POLICY, {
    context: options.context,
    id: options.id,
    ifMatch: options.ifMatch ?? null,
    activity: 'Update provisioningPolicy',
    change: (current) => {
      if (input.provisioningType !== undefined && input.provisioningType !== current.provisioningType) {
        throw new AppError('BadRequest', 'provisioningType cannot be changed after the policy is created.', {
          details: [
            { target: 'provisioningType', message: 'Create a new policy to change the license type.' },
          ],
        });
      }
      const merged = {
        ...current,
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.imageId !== undefined ? { imageId: input.imageId } : {}),
        ...(input.imageType !== undefined ? { imageType: input.imageType } : {}),
        ...(input.domainJoinConfigurations !== undefined
          ? { domainJoinConfigurations: withRegionGroup(input.domainJoinConfigurations) }
          : {}),
        ...(input.windowsSetting !== undefined ? { windowsSetting: input.windowsSetting } : {}),
        ...(input.cloudPcNamingTemplate !== undefined
          ? { cloudPcNamingTemplate: input.cloudPcNamingTemplate }
          : {}),
        ...(input.enableSingleSignOn !== undefined ? { enableSingleSignOn: input.enableSingleSignOn } : {}),
        ...(input.localAdminEnabled !== undefined ? { localAdminEnabled: input.localAdminEnabled } : {}),
      };
      const { imageDisplayName } = checkCatalogueReferences(merged);
      return { ...merged, imageDisplayName };
    },
  });
}

export function deleteProvisioningPolicy(options: {
  store: CosmosStore;
  context: RequestContext;
  id: string;
  ifMatch?: string | null;
}) {
  return deletePolicy(options.store, PROVISIONING_POLICY, options);
}

/**
 * Replaces the groups a policy is assigned to, then asks the region worker for a
 * directory sync round (a job, written before its message): the round provisions a
 * Cloud PC for every member who has none and starts grace periods for members of
 * groups that were unassigned.
 */
export async function assignProvisioningPolicy(options: {
  store: CosmosStore;
  context: RequestContext;
  id: string;
  groupIds: string[];
  /** Rings the worker; the region's provisioning queue when omitted. */
  doorbell?: Doorbell;
}) {
  const { context } = options;
  const assigned = await assignGroups(options.store, PROVISIONING_POLICY, options);
  await requestDirectorySync(
    {
      store: options.store,
      doorbell: options.doorbell ?? regionDoorbell(),
      now: context.now,
      region: context.region,
    },
    {
      tenantId: context.tenantId,
      key: `${options.id}:${assigned.etag}`,
      reason: `Provisioning policy ${options.id} assigned to ${options.groupIds.length} group(s)`,
      requestedBy: context.actor,
      correlationId: context.requestId,
    },
  );
  return assigned;
}
