import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { ZListQuery, ZPage } from '../odata.ts';

export const CLOUD_PC_STATUSES = [
  'notProvisioned',
  'provisioning',
  'provisioned',
  'provisionedWithWarnings',
  'inGracePeriod',
  'deprovisioning',
  'failed',
  'resizing',
  'restoring',
] as const;
export const ZCloudPcStatus = z.enum(CLOUD_PC_STATUSES);
export type CloudPcStatus = z.infer<typeof ZCloudPcStatus>;

export const REMOTE_ACTIONS = [
  'reboot',
  'rename',
  'reprovision',
  'resize',
  'restore',
  'troubleshoot',
  'endGracePeriod',
  'powerOn',
  'powerOff',
] as const;
export const ZRemoteActionName = z.enum(REMOTE_ACTIONS);
export type RemoteActionName = z.infer<typeof ZRemoteActionName>;

export const ZStatusDetail = z.object({
  code: z.string(),
  message: z.string(),
  recommendedAction: z.string().optional(),
});

export const ZRemoteActionResult = z.object({
  actionName: z.string(),
  actionState: z.enum(['none', 'pending', 'active', 'done', 'failed']),
  startDateTime: z.string(),
  lastUpdatedDateTime: z.string(),
  statusDetail: ZStatusDetail.nullable(),
});

export const ZCloudPc = z.object({
  '@odata.type': z.literal('#microsoft.graph.cloudPC'),
  id: z.string(),
  displayName: z.string(),
  managedDeviceName: z.string(),
  userPrincipalName: z.string(),
  provisioningPolicyId: z.string(),
  provisioningPolicyName: z.string(),
  imageDisplayName: z.string(),
  servicePlanId: z.string(),
  servicePlanName: z.string(),
  status: ZCloudPcStatus,
  statusDetail: ZStatusDetail.nullable(),
  gracePeriodEndDateTime: z.string().nullable(),
  powerState: z.enum(['running', 'poweredOff', 'unknown']),
  regionName: z.string(),
  lastModifiedDateTime: z.string(),
  lastRemoteActionResult: ZRemoteActionResult.nullable(),
  provisioningType: z.enum(['dedicated', 'shared']),
});
export type CloudPc = z.infer<typeof ZCloudPc>;

const adminBase = '/api/v1.0/deviceManagement/virtualEndpoint/cloudPCs';
const meBase = '/api/v1.0/me/cloudPCs';

export const listCloudPcs = defineEndpoint({
  method: 'GET',
  path: adminBase,
  query: ZListQuery,
  response: ZPage(ZCloudPc),
});
export const getCloudPc = defineEndpoint({
  method: 'GET',
  path: `${adminBase}/{id}`,
  response: ZCloudPc,
});
export const listMyCloudPcs = defineEndpoint({
  method: 'GET',
  path: meBase,
  query: ZListQuery,
  response: ZPage(ZCloudPc),
});
export const getMyCloudPc = defineEndpoint({
  method: 'GET',
  path: `${meBase}/{id}`,
  response: ZCloudPc,
});
