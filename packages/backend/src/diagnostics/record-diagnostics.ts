import type { JobDocument } from '../jobs/job-types.ts';
import type { ConnectionEventDocument } from '../launch/launch-repository.ts';
import { type Logger, logger as rootLogger } from '../observability/logger.ts';
import { recordJobFinished } from '../observability/telemetry.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import {
  applyConnectionAttempt,
  applyJobOutcome,
  applyRoundTrips,
  type ConnectionStatsDocument,
  connectionCounterKey,
  emptyConnectionStats,
  emptyJobStats,
  type JobStatsDocument,
  jobCounterKey,
} from './counters.ts';
import { updateCounter } from './diagnostics-repository.ts';

/**
 * The hooks the engine and the launch flow call when something worth counting has
 * been stored. They never throw: a lost count must not fail a job or a connection,
 * and the raw job and connection documents still hold the truth.
 */

export async function recordJobOutcome(
  store: CosmosStore,
  job: JobDocument,
  log: Logger = rootLogger,
): Promise<void> {
  recordJobFinished({ kind: job.kind, status: job.status, code: job.errorCode, region: job.region });
  try {
    const { region, hour, shard } = jobCounterKey(job);
    await updateCounter<JobStatsDocument>(store, emptyJobStats(job.tenantId, region, hour, shard), (stats) =>
      applyJobOutcome(stats, job),
    );
  } catch (error) {
    log.warn({ err: error, jobId: job.id }, 'could not count a finished job for diagnostics');
  }
}

export async function recordConnectionAttempt(
  store: CosmosStore,
  event: ConnectionEventDocument,
  log: Logger = rootLogger,
): Promise<void> {
  try {
    const { region, hour, shard } = connectionCounterKey(event);
    await updateCounter<ConnectionStatsDocument>(
      store,
      emptyConnectionStats(event.tenantId, region, hour, shard),
      (stats) => applyConnectionAttempt(stats, event),
    );
  } catch (error) {
    log.warn({ err: error, connectionId: event.id }, 'could not count a connection for diagnostics');
  }
}

export async function recordRoundTrips(
  store: CosmosStore,
  event: ConnectionEventDocument,
  samplesMs: readonly number[],
  log: Logger = rootLogger,
): Promise<void> {
  if (samplesMs.length === 0) return;
  try {
    const { region, hour, shard } = connectionCounterKey(event);
    await updateCounter<ConnectionStatsDocument>(
      store,
      emptyConnectionStats(event.tenantId, region, hour, shard),
      (stats) => applyRoundTrips(stats, event.cloudPcId, samplesMs),
    );
  } catch (error) {
    log.warn({ err: error, connectionId: event.id }, 'could not count round trips for diagnostics');
  }
}
