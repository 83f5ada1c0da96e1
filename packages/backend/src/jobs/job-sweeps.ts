import { AppError } from '../errors/app-error.ts';
import { type EngineContext, engineFailure, giveUpOnJob, type JobHandlers } from './job-engine.ts';
import { nextJobStatus } from './job-lifecycle.ts';
import { listActiveJobs, listFinishedJobsBefore, readJob, removeJob, replaceJob } from './job-repository.ts';
import { isTerminal } from './job-types.ts';

/**
 * The two safety nets that make the queue only a doorbell. Both run in every
 * region's worker, over every tenant, and both act only through guarded writes, so
 * two regions sweeping at once never both act on the same job.
 */

export interface SweepReport {
  requeued: number;
  resent: number;
  failed: number;
  purged: number;
}

const emptyReport = (): SweepReport => ({ requeued: 0, resent: 0, failed: 0, purged: 0 });

function isPreconditionFailed(error: unknown): boolean {
  return error instanceof AppError && error.code === 'PreconditionFailed';
}

/**
 * The reconciler: re-sends the message of a pending job whose message is presumed
 * lost (older than messageGraceMs), and puts a running job whose lease expired
 * (its worker died) back to pending and re-sends it. The guarded write before the
 * send means one sweep, not every region's, re-sends.
 */
export async function reconcileJobs(
  context: EngineContext,
  handlers: JobHandlers,
  tenantIds: readonly string[],
): Promise<SweepReport> {
  const report = emptyReport();
  const now = context.now();
  for (const tenantId of tenantIds) {
    for (const job of await listActiveJobs(context.store, tenantId)) {
      const value = job.value;
      try {
        if (value.status === 'running') {
          if (!value.leaseExpiresAt || new Date(value.leaseExpiresAt) > now) continue;
          if (value.attempts >= value.maxAttempts) {
            if (await giveUpOnJob(context, handlers, job, engineFailure('workerStoppedResponding'))) {
              report.failed += 1;
            }
            continue;
          }
          await replaceJob(
            context.store,
            {
              ...value,
              status: nextJobStatus(value.status, 'requeue'),
              leaseOwner: null,
              leaseExpiresAt: null,
              notBefore: null,
              enqueuedAt: now.toISOString(),
              lastModifiedDateTime: now.toISOString(),
            },
            job.etag,
          );
          await context.doorbell.ring({ jobId: value.id, tenantId });
          report.requeued += 1;
          continue;
        }
        const dueAt = Math.max(
          new Date(value.enqueuedAt).getTime(),
          value.notBefore ? new Date(value.notBefore).getTime() : 0,
        );
        if (dueAt + context.settings.messageGraceMs > now.getTime()) continue;
        await replaceJob(
          context.store,
          { ...value, enqueuedAt: now.toISOString(), lastModifiedDateTime: now.toISOString() },
          job.etag,
        );
        await context.doorbell.ring({ jobId: value.id, tenantId });
        report.resent += 1;
      } catch (error) {
        if (!isPreconditionFailed(error)) throw error;
      }
    }
  }
  if (report.requeued + report.resent + report.failed > 0) {
    context.logger.info({ ...report, region: context.region }, 'reconciler re-sent jobs');
  }
  return report;
}

/**
 * The reaper: fails jobs older than their kind's time budget, after re-reading each
 * one (it may have finished since the list was read), and deletes finished jobs
 * past retention.
 */
export async function reapJobs(
  context: EngineContext,
  handlers: JobHandlers,
  tenantIds: readonly string[],
): Promise<SweepReport> {
  const report = emptyReport();
  const now = context.now();
  for (const tenantId of tenantIds) {
    for (const listed of await listActiveJobs(context.store, tenantId)) {
      const budget = context.settings.timeBudgetsMs[listed.value.kind];
      if (new Date(listed.value.createdDateTime).getTime() + budget > now.getTime()) continue;
      const job = await readJob(context.store, tenantId, listed.value.id);
      if (!job || isTerminal(job.value.status)) continue;
      if (await giveUpOnJob(context, handlers, job, engineFailure('operationTimedOut'))) report.failed += 1;
    }
    const before = new Date(now.getTime() - context.settings.retentionMs).toISOString();
    for (const job of await listFinishedJobsBefore(context.store, tenantId, before, 100)) {
      try {
        await removeJob(context.store, job);
        report.purged += 1;
      } catch (error) {
        if (
          !(error instanceof AppError) ||
          (error.code !== 'NotFound' && error.code !== 'PreconditionFailed')
        ) {
          throw error;
        }
      }
    }
  }
  if (report.failed > 0) context.logger.warn({ ...report, region: context.region }, 'reaper failed jobs');
  return report;
}
