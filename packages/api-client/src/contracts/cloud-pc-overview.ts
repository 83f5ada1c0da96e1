import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { ZCloudPcStatus, ZStatusDetail } from './cloud-pcs.ts';

/**
 * The admin center's home in one call: Cloud PCs counted by status, and short lists of
 * what needs attention (provisioning in progress, recent failures, grace periods ending
 * soonest). Every part is a bounded query: counts, and the first OVERVIEW_LIST_SIZE of
 * each list, so the cost does not grow with the lists. Our extension under Graph's
 * `virtualEndpoint/reports` (docs/adr/0007-admin-read-models.md).
 */
export const OVERVIEW_LIST_SIZE = 10;

export const ZOverviewCloudPc = z.object({
  id: z.string(),
  displayName: z.string(),
  userPrincipalName: z.string(),
  managedDeviceName: z.string(),
  lastModifiedDateTime: z.string(),
});

export const ZCloudPcOverview = z.object({
  '@odata.type': z.literal('#cloudpc.cloudPcOverview'),
  totalCount: z.number(),
  /** Every status of the contract, zeros included, in the contract's order. */
  statusCounts: z.array(z.object({ status: ZCloudPcStatus, count: z.number() })),
  provisioningInProgress: z.array(
    ZOverviewCloudPc.extend({
      /** 0–100, from the provisioning job's steps. */
      progressPercent: z.number(),
      currentStep: z.string().nullable(),
    }),
  ),
  recentFailures: z.array(ZOverviewCloudPc.extend({ statusDetail: ZStatusDetail.nullable() })),
  gracePeriodsEndingSoon: z.array(ZOverviewCloudPc.extend({ gracePeriodEndDateTime: z.string() })),
  generatedDateTime: z.string(),
});
export type CloudPcOverview = z.infer<typeof ZCloudPcOverview>;

export const getCloudPcOverview = defineEndpoint({
  method: 'GET',
  path: '/api/v1.0/deviceManagement/virtualEndpoint/reports/cloudPcOverview',
  response: ZCloudPcOverview,
});
