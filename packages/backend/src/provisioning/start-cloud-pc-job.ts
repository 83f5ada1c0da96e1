import type { CloudPcStatus } from '@cloudpc/api-client';
import type { EngineCloudPcDocument } from '../cloud-pcs/cloud-pc-state-repository.ts';
import { replaceEngineCloudPc } from '../cloud-pcs/cloud-pc-state-repository.ts';
import { AppError } from '../errors/app-error.ts';
import type { Doorbell } from '../jobs/doorbell.ts';
import { nextJobStatus } from '../jobs/job-lifecycle.ts';
import { insertJob, replaceJob } from '../jobs/job-repository.ts';
import type { JobDocument } from '../jobs/job-types.ts';
import { buildJob, type NewJob } from '../jobs/new-job.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import type { Versioned } from '../storage/documents.ts';

/** What request paths (HTTP handlers, directory sync, sweepers) need to start work. */
export interface RequestDeps {
  store: CosmosStore;
  doorbell: Doorbell;
  now: () => Date;
  region: string;
}

export type StartResult =
  | { kind: 'started'; job: JobDocument; cloudPc: Versioned<EngineCloudPcDocument> }
  /** Another job holds the Cloud PC, or the Cloud PC changed while we asked. */
  | { kind: 'busy'; activeJobId: string | null }
  | { kind: 'notAllowed'; status: CloudPcStatus };

/** Marks a job that never got its fence as cancelled, so no worker runs it. Best effort: a worker would cancel it anyway. */
export async function cancelUnfencedJob(
  store: CosmosStore,
  job: Versioned<JobDocument>,
  now: Date,
): Promise<void> {
  try {
    await replaceJob(
      store,
      {
        ...job.value,
        status: nextJobStatus(job.value.status, 'cancel'),
        errorCode: 'superseded',
        errorMessage: 'Another job took the Cloud PC first.',
        finishedDateTime: now.toISOString(),
        lastModifiedDateTime: now.toISOString(),
      },
      job.etag,
    );
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}

/**
 * Starts a job on an existing Cloud PC: job document first, then the Cloud PC's
 * fence (`activeJobId`, guarded by the ETag the caller read), then the message.
 * A Cloud PC takes one job at a time; asking while one runs is `busy` (409 at HTTP).
 * If we crash between the steps, the job has no fence and is cancelled when a
 * worker (or the reconciler's re-send) picks it up.
 */
export async function startCloudPcJob(
  deps: RequestDeps,
  input: {
    cloudPc: Versioned<EngineCloudPcDocument>;
    job: Omit<NewJob, 'cloudPcId' | 'tenantId' | 'region'>;
    allowedFrom: readonly CloudPcStatus[];
    /** Fields set together with the fence (e.g. lastRemoteActionResult: pending). */
    withFence?: (cloudPc: EngineCloudPcDocument, job: JobDocument) => Partial<EngineCloudPcDocument>;
    /** Runs once the fence is set, before the message goes out (e.g. the request's audit event). */
    beforeRing?: (job: JobDocument, cloudPc: Versioned<EngineCloudPcDocument>) => Promise<void>;
  },
): Promise<StartResult> {
  const { cloudPc } = input;
  const active = cloudPc.value.activeJobId ?? null;
  if (active) return { kind: 'busy', activeJobId: active };
  if (!input.allowedFrom.includes(cloudPc.value.status))
    return { kind: 'notAllowed', status: cloudPc.value.status };
  const now = deps.now();
  const job = buildJob(
    {
      ...input.job,
      tenantId: cloudPc.value.tenantId,
      cloudPcId: cloudPc.value.id,
      region: deps.region,
    },
    now,
  );
  const inserted = await insertJob(deps.store, job);
  // The key includes the Cloud PC version, so an existing job means the same request raced us.
  if (!inserted.created) return { kind: 'busy', activeJobId: inserted.job.value.id };
  let fenced: Versioned<EngineCloudPcDocument>;
  try {
    fenced = await replaceEngineCloudPc(
      deps.store,
      {
        ...cloudPc.value,
        ...(input.withFence?.(cloudPc.value, job) ?? {}),
        activeJobId: job.id,
        lastModifiedDateTime: now.toISOString(),
      },
      cloudPc.etag,
    );
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'PreconditionFailed') throw error;
    await cancelUnfencedJob(deps.store, inserted.job, now);
    return { kind: 'busy', activeJobId: null };
  }
  await input.beforeRing?.(job, fenced);
  await deps.doorbell.ring({ jobId: job.id, tenantId: job.tenantId });
  return { kind: 'started', job, cloudPc: fenced };
}
