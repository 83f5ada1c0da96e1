import type { CloudPcJob, CloudPcJobKind, CloudPcRemoteActionResult } from '@cloudpc/api-client';
import { readCloudPc } from '../cloud-pcs/cloud-pc-repository.ts';
import { AppError } from '../errors/app-error.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { listRecentJobsOfCloudPc } from './job-repository.ts';
import type { JobDocument } from './job-types.ts';

export const DEFAULT_JOB_HISTORY = 20;

/** The public face of a job: no lease, fence or idempotency internals. */
export function toCloudPcJobResource(job: JobDocument & { cloudPcId: string }): CloudPcJob {
  return {
    '@odata.type': '#cloudpc.cloudPcJob',
    id: job.id,
    cloudPcId: job.cloudPcId,
    kind: job.kind as CloudPcJobKind,
    actionName: job.payload.kind === 'remoteAction' ? job.payload.action : null,
    status: job.status,
    progressPercent: job.progressPercent,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    steps: job.steps.map((step) => ({
      name: step.name,
      status: step.status,
      startDateTime: step.startedDateTime,
      endDateTime: step.finishedDateTime,
    })),
    errorCode: job.errorCode,
    errorMessage: job.errorMessage,
    createdDateTime: job.createdDateTime,
    startDateTime: job.startedDateTime,
    endDateTime: job.finishedDateTime,
    lastModifiedDateTime: job.lastModifiedDateTime,
    requestedByUserPrincipalName: job.requestedBy.userPrincipalName,
    requestedByType: job.requestedBy.type,
    regionName: job.region,
    correlationId: job.correlationId,
  };
}

/**
 * The recent jobs of one Cloud PC of the caller's tenant, newest first. A Cloud PC of
 * another tenant, or none, is 404: jobs are only reachable through a Cloud PC the caller
 * may see.
 */
export async function listCloudPcJobs(options: {
  store: CosmosStore;
  tenantId: string;
  cloudPcId: string;
  top?: number;
}): Promise<{ items: CloudPcJob[] }> {
  const cloudPc = await readCloudPc(options.store, options.tenantId, options.cloudPcId);
  if (!cloudPc) throw new AppError('NotFound', `Cloud PC ${options.cloudPcId} was not found.`);
  const jobs = await listRecentJobsOfCloudPc(
    options.store,
    options.tenantId,
    options.cloudPcId,
    options.top ?? DEFAULT_JOB_HISTORY,
  );
  return {
    items: jobs.flatMap(({ value }) =>
      value.cloudPcId !== null && value.kind !== 'syncDirectory'
        ? [toCloudPcJobResource({ ...value, cloudPcId: value.cloudPcId })]
        : [],
    ),
  };
}

const ACTION_STATES = {
  pending: 'pending',
  running: 'active',
  succeeded: 'done',
  failed: 'failed',
  cancelled: 'canceled',
} as const satisfies Record<CloudPcJob['status'], CloudPcRemoteActionResult['actionState']>;

/** Graph beta's remote action results of a Cloud PC: its recent remote-action jobs in Graph's shape. */
export async function retrieveRemoteActionResults(options: {
  store: CosmosStore;
  tenantId: string;
  cloudPcId: string;
}): Promise<{ items: CloudPcRemoteActionResult[] }> {
  const { items } = await listCloudPcJobs({ ...options, top: 50 });
  return {
    items: items
      .filter((job) => job.kind === 'remoteAction' && job.actionName !== null)
      .map((job) => ({
        actionName: job.actionName ?? '',
        actionState: ACTION_STATES[job.status],
        startDateTime: job.startDateTime ?? job.createdDateTime,
        lastUpdatedDateTime: job.lastModifiedDateTime,
        cloudPcId: job.cloudPcId,
        managedDeviceId: null,
        statusDetail: job.errorCode ? { code: job.errorCode, message: job.errorMessage ?? '' } : null,
      })),
  };
}
