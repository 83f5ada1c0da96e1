import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { ZPage } from '../odata.ts';
import { ZRemoteActionName } from './cloud-pcs.ts';

/**
 * The work the service did or is doing on one Cloud PC: provisioning, remote actions,
 * grace periods and deprovisioning, each with its steps. Graph has no public jobs
 * resource (the Intune admin center reads an internal one), so this is our extension
 * under the Cloud PC, shaped like Graph (camelCase, `value`, `@odata.type`); see
 * docs/adr/0007-admin-read-models.md. Only the newest jobs are kept: the reaper purges
 * finished jobs after their retention, so this is recent history, not an archive.
 */
export const CLOUD_PC_JOB_KINDS = [
  'provision',
  'deprovision',
  'startGracePeriod',
  'cancelGracePeriod',
  'remoteAction',
] as const;
export const ZCloudPcJobKind = z.enum(CLOUD_PC_JOB_KINDS);
export type CloudPcJobKind = z.infer<typeof ZCloudPcJobKind>;

export const ZCloudPcJobStatus = z.enum(['pending', 'running', 'succeeded', 'failed', 'cancelled']);
export type CloudPcJobStatus = z.infer<typeof ZCloudPcJobStatus>;

export const ZCloudPcJobStep = z.object({
  name: z.string(),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  startDateTime: z.string().nullable(),
  endDateTime: z.string().nullable(),
});
export type CloudPcJobStep = z.infer<typeof ZCloudPcJobStep>;

export const ZCloudPcJob = z.object({
  '@odata.type': z.literal('#cloudpc.cloudPcJob'),
  id: z.string(),
  cloudPcId: z.string(),
  kind: ZCloudPcJobKind,
  /** For remote actions: which one (reboot, rename, …); null otherwise. */
  actionName: ZRemoteActionName.nullable(),
  status: ZCloudPcJobStatus,
  progressPercent: z.number(),
  attempts: z.number(),
  maxAttempts: z.number(),
  steps: z.array(ZCloudPcJobStep),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  createdDateTime: z.string(),
  startDateTime: z.string().nullable(),
  endDateTime: z.string().nullable(),
  lastModifiedDateTime: z.string(),
  /** Who asked: a person's sign-in name, or null for the service and app-only callers. */
  requestedByUserPrincipalName: z.string().nullable(),
  requestedByType: z.enum(['user', 'application']),
  /** The region that accepted the request. */
  regionName: z.string(),
  /** The request id the job was started in (matches the audit log's correlation). */
  correlationId: z.string(),
});
export type CloudPcJob = z.infer<typeof ZCloudPcJob>;

/** Newest first; `$top` 1–50 (default 20). No paging: the history is short-lived by design. */
export const ZCloudPcJobsQuery = z
  .object({
    $top: z.coerce
      .number({ error: '$top must be a whole number' })
      .int('$top must be a whole number')
      .min(1, '$top must be at least 1')
      .max(50, '$top must be at most 50')
      .optional(),
  })
  .strict();
export type CloudPcJobsQuery = z.infer<typeof ZCloudPcJobsQuery>;

export const listCloudPcJobs = defineEndpoint({
  method: 'GET',
  path: '/api/v1.0/deviceManagement/virtualEndpoint/cloudPCs/{id}/jobs',
  query: ZCloudPcJobsQuery,
  response: ZPage(ZCloudPcJob),
});

/**
 * Graph beta's `cloudPcRemoteActionResult`, for scripts written against
 * `cloudPCs/{id}/retrieveCloudPcRemoteActionResults`: the same remote-action jobs as above,
 * in Graph's shape (newest first, at most 50).
 */
export const ZCloudPcRemoteActionResult = z.object({
  actionName: z.string(),
  actionState: z.enum(['pending', 'canceled', 'active', 'done', 'failed']),
  startDateTime: z.string(),
  lastUpdatedDateTime: z.string(),
  cloudPcId: z.string(),
  managedDeviceId: z.string().nullable(),
  statusDetail: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type CloudPcRemoteActionResult = z.infer<typeof ZCloudPcRemoteActionResult>;

export const retrieveCloudPcRemoteActionResults = defineEndpoint({
  method: 'GET',
  path: '/api/v1.0/deviceManagement/virtualEndpoint/cloudPCs/{id}/retrieveCloudPcRemoteActionResults',
  response: ZPage(ZCloudPcRemoteActionResult),
});
