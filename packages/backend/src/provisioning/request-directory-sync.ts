import type { Actor } from '../audit/actor.ts';
import { insertJob } from '../jobs/job-repository.ts';
import type { JobDocument } from '../jobs/job-types.ts';
import { buildJob } from '../jobs/new-job.ts';
import type { RequestDeps } from './start-cloud-pc-job.ts';

/**
 * Asks a worker to run a directory sync round for the tenant now, instead of at the
 * next poll: what an assignment change needs so its Cloud PCs start within seconds.
 * `key` names the change (policy id and its new version), so asking twice for the
 * same change is one job.
 */
export async function requestDirectorySync(
  deps: RequestDeps,
  input: { tenantId: string; key: string; reason: string; requestedBy: Actor; correlationId: string },
): Promise<JobDocument> {
  const { job, created } = await insertJob(
    deps.store,
    buildJob(
      {
        tenantId: input.tenantId,
        cloudPcId: null,
        idempotencyKey: `${input.tenantId}:syncDirectory:${input.key}`,
        payload: { kind: 'syncDirectory', reason: input.reason },
        requestedBy: input.requestedBy,
        correlationId: input.correlationId,
        region: deps.region,
      },
      deps.now(),
    ),
  );
  if (created || job.value.status === 'pending') {
    await deps.doorbell.ring({ jobId: job.value.id, tenantId: input.tenantId });
  }
  return job.value;
}
