import type { Pipeline, StuckJob } from '@cloudpc/api-client';
import { DEFAULT_ENGINE_SETTINGS } from '../jobs/job-engine.ts';
import type { JobDocument } from '../jobs/job-types.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { fillHours, hourStart, type JobStatsDocument, summariseJobs } from './counters.ts';
import { listCounters, queryBounded } from './diagnostics-repository.ts';
import { listHealthSamples } from './region-health.ts';

/** In-flight jobs are few (work in progress, not history); this bounds the read anyway. */
export const MAX_ACTIVE_JOBS_READ = 1_000;

/** Pure: why an in-flight job deserves a look, or undefined. */
export function stuckReason(
  job: Pick<JobDocument, 'status' | 'leaseExpiresAt' | 'attempts' | 'enqueuedAt' | 'notBefore'>,
  now: Date,
  messageGraceMs: number,
): StuckJob['reason'] | undefined {
  if (job.status === 'running' && job.leaseExpiresAt && Date.parse(job.leaseExpiresAt) < now.getTime()) {
    return 'leaseExpired';
  }
  if (job.status === 'pending' && job.attempts > 0) return 'retried';
  const due = Math.max(Date.parse(job.enqueuedAt), job.notBefore ? Date.parse(job.notBefore) : 0);
  if (job.status === 'pending' && now.getTime() - due > messageGraceMs * 2) return 'waitingTooLong';
  return undefined;
}

export async function getPipeline(options: {
  store: CosmosStore;
  tenantId: string;
  hours: number;
  now: Date;
  messageGraceMs?: number;
}): Promise<Pipeline> {
  const { store, tenantId, now } = options;
  const fromHour = hourStart(new Date(now.getTime() - (options.hours - 1) * 3_600_000));
  const [counters, active, samples] = await Promise.all([
    listCounters<JobStatsDocument>(store, tenantId, 'jobStats', fromHour),
    queryBounded<JobDocument>(
      store,
      'jobs',
      tenantId,
      "c.docType = 'job' AND (c.status = 'pending' OR c.status = 'running')",
      [],
      { top: MAX_ACTIVE_JOBS_READ },
    ),
    // The last hour is enough for the current depth.
    listHealthSamples(store, hourStart(new Date(now.getTime() - 3_600_000))),
  ]);
  const summary = summariseJobs(counters);
  const grace = options.messageGraceMs ?? DEFAULT_ENGINE_SETTINGS.messageGraceMs;
  const stuckJobs = active
    .flatMap((job) => {
      const reason = stuckReason(job, now, grace);
      return reason
        ? [
            {
              jobId: job.id,
              kind: job.kind,
              cloudPcId: job.cloudPcId,
              status: job.status,
              reason,
              attempts: job.attempts,
              maxAttempts: job.maxAttempts,
              errorCode: job.errorCode,
              createdDateTime: job.createdDateTime,
              lastModifiedDateTime: job.lastModifiedDateTime,
              region: job.region,
            },
          ]
        : [];
    })
    .sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime))
    .slice(0, 200);
  const regions = [...new Set(samples.map((document) => document.region))].sort();
  const queues = regions.map((region) => {
    const latest = samples
      .filter((document) => document.region === region)
      .flatMap((document) => document.samples)
      .sort((a, b) => a.at.localeCompare(b.at))
      .at(-1);
    return {
      region,
      depth: latest?.queueDepth ?? null,
      poisonDepth: latest?.poisonDepth ?? null,
      observedDateTime: latest?.at ?? null,
    };
  });
  const totals = summary.kinds.reduce(
    (sum, kind) => ({
      succeeded: sum.succeeded + kind.succeeded,
      failed: sum.failed + kind.failed,
      cancelled: sum.cancelled + kind.cancelled,
    }),
    { succeeded: 0, failed: 0, cancelled: 0 },
  );
  const poisonFailures = summary.failures.find((failure) => failure.code === 'poisonMessage')?.count ?? 0;
  return {
    generatedDateTime: now.toISOString(),
    hours: options.hours,
    queues,
    jobsByState: {
      pending: active.filter((job) => job.status === 'pending').length,
      running: active.filter((job) => job.status === 'running').length,
      ...totals,
    },
    kinds: summary.kinds,
    failures: summary.failures,
    stuckJobs,
    poisonMessages: Math.max(
      poisonFailures,
      queues.reduce((sum, queue) => sum + (queue.poisonDepth ?? 0), 0),
    ),
    hourly: fillHours(summary.hourly, fromHour, options.hours, (hour) => ({
      hourStart: hour,
      succeeded: 0,
      failed: 0,
    })),
  };
}
