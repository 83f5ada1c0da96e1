import { trace } from '@opentelemetry/api';
import { isComputeError } from '../compute/compute-errors.ts';
import type { StepProgress } from '../compute/compute-provider.ts';
import { recordJobOutcome } from '../diagnostics/record-diagnostics.ts';
import { AppError } from '../errors/app-error.ts';
import type { Logger } from '../observability/logger.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import type { Versioned } from '../storage/documents.ts';
import { type BackoffSettings, backoffDelayMs, DEFAULT_BACKOFF } from './backoff.ts';
import type { Doorbell } from './doorbell.ts';
import { nextJobStatus } from './job-lifecycle.ts';
import { readJob, replaceJob } from './job-repository.ts';
import { isJobMessage, isTerminal, type JobDocument, type JobKind, type JobStep } from './job-types.ts';

/**
 * Runs one job under a lease: claim with an ETag-guarded replace, heartbeat while
 * the handler works, finish with a guarded write. Any guarded write that loses (412)
 * means someone else now owns the job (a reaper, or a worker that took over after
 * our lease expired), so we stop at once and write nothing more.
 */
export interface EngineSettings {
  leaseMs: number;
  heartbeatMs: number;
  /** Progress is persisted at most this often; zero-latency steps cost no writes. */
  progressIntervalMs: number;
  backoff: BackoffSettings;
  /** Deliveries after which a message goes to the poison queue. */
  maxDequeueCount: number;
  /** A pending job whose last message is older than this is re-sent by the reconciler. */
  messageGraceMs: number;
  /** Jobs older than their kind's budget are failed by the reaper. */
  timeBudgetsMs: Record<JobKind, number>;
  /** Finished jobs are deleted after this long. */
  retentionMs: number;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  leaseMs: 30_000,
  heartbeatMs: 10_000,
  progressIntervalMs: 1_000,
  backoff: DEFAULT_BACKOFF,
  maxDequeueCount: 5,
  messageGraceMs: 30_000,
  timeBudgetsMs: {
    syncDirectory: 10 * 60_000,
    provision: 60 * 60_000,
    deprovision: 60 * 60_000,
    startGracePeriod: 10 * 60_000,
    cancelGracePeriod: 10 * 60_000,
    remoteAction: 30 * 60_000,
  },
  retentionMs: 7 * 24 * 3_600_000,
};

export interface EngineContext {
  store: CosmosStore;
  doorbell: Doorbell;
  now: () => Date;
  /** Unique per process: the lease owner. */
  workerId: string;
  region: string;
  logger: Logger;
  settings: EngineSettings;
  random?: () => number;
}

/** Why a job attempt failed, in the terms the Cloud PC's statusDetail uses. */
export interface JobFailure {
  code: string;
  message: string;
  recommendedAction: string;
  retryable: boolean;
}

export const ENGINE_FAILURES = {
  operationTimedOut: {
    message: 'The operation did not finish within its time budget.',
    recommendedAction: 'Retry the action. If it keeps timing out, contact support with the job id.',
  },
  poisonMessage: {
    message: 'The work item was delivered too many times without completing.',
    recommendedAction: 'Retry the action. If it fails again, contact support with the job id.',
  },
  workerStoppedResponding: {
    message: 'The worker running the last attempt stopped responding.',
    recommendedAction: 'Retry the action.',
  },
  internalServerError: {
    message: 'There was an internal server error.',
    recommendedAction: 'Retry the action. If it keeps failing, contact support with the job id.',
  },
  illegalTransition: {
    message: 'The Cloud PC changed state while the action was queued.',
    recommendedAction: 'Refresh the Cloud PC and retry the action if it still applies.',
  },
} as const;

export function engineFailure(code: keyof typeof ENGINE_FAILURES, retryable = false): JobFailure {
  return { code, ...ENGINE_FAILURES[code], retryable };
}

/** Thrown by a handler that cannot proceed yet (a lock is busy): try again later without using an attempt. */
export class JobDeferred extends Error {
  readonly delayMs: number;
  constructor(reason: string, delayMs: number) {
    super(reason);
    this.name = 'JobDeferred';
    this.delayMs = delayMs;
  }
}

class LeaseLost extends Error {
  constructor() {
    super('the job lease was lost');
    this.name = 'LeaseLost';
  }
}

export interface JobExecution {
  readonly job: JobDocument;
  readonly attempt: number;
  readonly signal: AbortSignal;
  readonly context: EngineContext;
  /**
   * Marks a step as started (and the previous one done). Persisted to the job, and
   * through `alsoPersist` wherever else progress shows, at most every
   * progressIntervalMs; the final state is always written when the job ends.
   */
  step(progress: StepProgress, alsoPersist?: (progress: StepProgress) => Promise<void>): Promise<void>;
}

export type JobResult = { outcome: 'succeeded' } | { outcome: 'cancelled'; reason: string };

/**
 * What the engine gives up with: `applied` when the handler recorded the failure on
 * its target, `alreadyCompleted` when the target shows the job had in fact finished
 * (so the job is marked succeeded instead).
 */
export type GiveUpOutcome = 'applied' | 'alreadyCompleted';

export interface JobHandler {
  run(execution: JobExecution): Promise<JobResult>;
  /** Records a final failure on the job's target. Idempotent; may run from any process. */
  giveUp(context: EngineContext, job: JobDocument, failure: JobFailure): Promise<GiveUpOutcome>;
  /** Optional: shows that another attempt follows. */
  retrying?(
    context: EngineContext,
    job: JobDocument,
    failure: JobFailure,
    nextAttemptAt: Date,
  ): Promise<void>;
}

export type JobHandlers = Record<JobKind, JobHandler>;

export type MessageDisposition = 'delete' | 'keep' | 'poison';

function isPreconditionFailed(error: unknown): boolean {
  return error instanceof AppError && error.code === 'PreconditionFailed';
}

export function classifyFailure(error: unknown): JobFailure {
  if (isComputeError(error)) {
    return {
      code: error.code,
      message: error.message,
      recommendedAction: error.recommendedAction,
      retryable: error.retryable,
    };
  }
  if (error instanceof AppError && error.code === 'Conflict') return engineFailure('illegalTransition');
  // Anything else (a store or Graph outage, a bug) is worth another attempt.
  return engineFailure('internalServerError', true);
}

/** Expected failures (compute errors) are logged by code and message; anything else with its stack. */
function describe(error: unknown): unknown {
  return isComputeError(error) ? { code: error.code, message: error.message } : error;
}

function addMs(date: Date, ms: number): string {
  return new Date(date.getTime() + ms).toISOString();
}

function withStep(steps: JobStep[], progress: StepProgress, at: string): JobStep[] {
  const next = steps.map((step) =>
    step.status === 'running' ? { ...step, status: 'done' as const, finishedDateTime: at } : step,
  );
  next.push({ name: progress.name, status: 'running', startedDateTime: at, finishedDateTime: null });
  return next;
}

function closeSteps(steps: JobStep[], status: 'done' | 'failed', at: string): JobStep[] {
  return steps.map((step) => (step.status === 'running' ? { ...step, status, finishedDateTime: at } : step));
}

/**
 * Gives up on a job from anywhere (the runner, the reaper, the poison path): the
 * handler records the failure on the Cloud PC first, then the job is finished with
 * a guarded write. If that write loses, someone else changed the job meanwhile and
 * the next sweep decides again. Returns whether this call finished the job.
 */
export async function giveUpOnJob(
  context: EngineContext,
  handlers: JobHandlers,
  job: Versioned<JobDocument>,
  failure: JobFailure,
): Promise<boolean> {
  const outcome = await handlers[job.value.kind].giveUp(context, job.value, failure);
  const now = context.now().toISOString();
  const status = outcome === 'alreadyCompleted' ? 'succeeded' : 'failed';
  const finished: JobDocument = {
    ...job.value,
    status: nextJobStatus(job.value.status, status === 'succeeded' ? 'succeed' : 'fail'),
    errorCode: status === 'failed' ? failure.code : null,
    errorMessage: status === 'failed' ? failure.message : null,
    steps: closeSteps(job.value.steps, status === 'failed' ? 'failed' : 'done', now),
    leaseOwner: null,
    leaseExpiresAt: null,
    finishedDateTime: now,
    lastModifiedDateTime: now,
  };
  try {
    await replaceJob(context.store, finished, job.etag);
    await recordJobOutcome(context.store, finished, context.logger);
    context.logger.warn(
      { jobId: job.value.id, kind: job.value.kind, code: failure.code, status },
      'gave up on job',
    );
    return true;
  } catch (error) {
    if (isPreconditionFailed(error)) return false;
    throw error;
  }
}

/** Puts a job back to pending and rings for it after `delayMs`. The write comes first: a lost ring is recovered by the reconciler. */
async function requeue(
  context: EngineContext,
  current: Versioned<JobDocument>,
  change: Partial<JobDocument>,
  delayMs: number,
): Promise<void> {
  const now = context.now();
  await replaceJob(
    context.store,
    {
      ...current.value,
      ...change,
      status: 'pending',
      leaseOwner: null,
      leaseExpiresAt: null,
      notBefore: delayMs > 0 ? addMs(now, delayMs) : null,
      enqueuedAt: now.toISOString(),
      lastModifiedDateTime: now.toISOString(),
    },
    current.etag,
  );
  await context.doorbell.ring({ jobId: current.value.id, tenantId: current.value.tenantId }, { delayMs });
}

/**
 * Handles one delivery of a job message. The answer tells the consumer what to do
 * with the message: `delete` only once the job's state is durable, `keep` to let it
 * come back after its visibility timeout (the store was unreachable), `poison` when
 * it has been delivered too often.
 */
export async function handleJobMessage(
  context: EngineContext,
  handlers: JobHandlers,
  message: { body: unknown; dequeueCount: number },
  stopSignal?: AbortSignal,
): Promise<MessageDisposition> {
  if (!isJobMessage(message.body)) {
    context.logger.warn({ body: message.body }, 'dropping a message that is not a job pointer');
    return 'poison';
  }
  const found = await readJob(context.store, message.body.tenantId, message.body.jobId);
  // The job document is written before its message, so a missing job is a stale
  // message (the job was purged) and a finished one a duplicate.
  if (!found || isTerminal(found.value.status)) return 'delete';
  if (message.dequeueCount > context.settings.maxDequeueCount) {
    await giveUpOnJob(context, handlers, found, engineFailure('poisonMessage'));
    return 'poison';
  }
  await runJob(context, handlers, found, stopSignal);
  return 'delete';
}

/** Claims and runs a job if it is runnable now; returns without doing anything otherwise. */
export async function runJob(
  context: EngineContext,
  handlers: JobHandlers,
  found: Versioned<JobDocument>,
  stopSignal?: AbortSignal,
): Promise<void> {
  const { store, settings, logger } = context;
  const job = found.value;
  const now = context.now();
  if (isTerminal(job.status)) return;
  if (job.status === 'running' && job.leaseExpiresAt && new Date(job.leaseExpiresAt) > now) {
    // Another worker holds a live lease. If it dies, the reconciler re-sends.
    return;
  }
  if (job.status === 'pending' && job.notBefore) {
    const waitMs = new Date(job.notBefore).getTime() - now.getTime();
    if (waitMs > 250) {
      // Early delivery (a duplicate, or a re-send): ring again for the right time.
      await context.doorbell.ring({ jobId: job.id, tenantId: job.tenantId }, { delayMs: waitMs });
      return;
    }
  }
  if (job.attempts >= job.maxAttempts) {
    const failure =
      job.errorCode && job.errorMessage
        ? { ...engineFailure('internalServerError'), code: job.errorCode, message: job.errorMessage }
        : engineFailure('workerStoppedResponding');
    await giveUpOnJob(context, handlers, found, failure);
    return;
  }

  let current: Versioned<JobDocument>;
  try {
    current = await replaceJob(
      store,
      {
        ...job,
        status: nextJobStatus(job.status, 'claim'),
        attempts: job.attempts + 1,
        leaseOwner: context.workerId,
        leaseExpiresAt: addMs(now, settings.leaseMs),
        heartbeatAt: now.toISOString(),
        notBefore: null,
        startedDateTime: job.startedDateTime ?? now.toISOString(),
        lastModifiedDateTime: now.toISOString(),
      },
      found.etag,
    );
  } catch (error) {
    if (isPreconditionFailed(error)) return; // someone else claimed it first
    throw error;
  }
  const attempt = current.value.attempts;
  const log = logger.child({
    jobId: job.id,
    tenantId: job.tenantId,
    kind: job.kind,
    cloudPcId: job.cloudPcId,
    attempt,
  });

  const lease = new AbortController();
  const onStop = () => lease.abort(new Error('worker stopping'));
  stopSignal?.addEventListener('abort', onStop, { once: true });
  let writes: Promise<unknown> = Promise.resolve();
  let steps = current.value.steps;

  /** Serialises writes to the job so each uses the ETag of the one before. */
  const writeJob = (change: (job: JobDocument) => JobDocument): Promise<void> => {
    const next = writes.then(async () => {
      if (lease.signal.aborted) throw lease.signal.reason;
      try {
        current = await replaceJob(store, change(current.value), current.etag);
      } catch (error) {
        if (isPreconditionFailed(error)) {
          const lost = new LeaseLost();
          lease.abort(lost);
          throw lost;
        }
        throw error;
      }
    });
    writes = next.catch(() => undefined);
    return next;
  };

  const heartbeat = setInterval(() => {
    const at = context.now();
    writeJob((latest) => ({
      ...latest,
      steps,
      leaseExpiresAt: addMs(at, settings.leaseMs),
      heartbeatAt: at.toISOString(),
      lastModifiedDateTime: at.toISOString(),
    })).catch((error: unknown) => {
      if (!(error instanceof LeaseLost)) log.warn({ err: error }, 'heartbeat failed');
    });
  }, settings.heartbeatMs);
  heartbeat.unref?.();

  // A step's progress is written only if the step is still running after
  // progressIntervalMs, so instant steps cost nothing and slow ones all show.
  let progressTimer: NodeJS.Timeout | undefined;
  let progressWrites: Promise<unknown> = Promise.resolve();
  const execution: JobExecution = {
    job: current.value,
    attempt,
    signal: lease.signal,
    context,
    async step(progress, alsoPersist) {
      const at = context.now();
      trace.getActiveSpan()?.addEvent(`step ${progress.name}`, { 'cloudpc.job.id': job.id });
      steps = withStep(steps, progress, at.toISOString());
      clearTimeout(progressTimer);
      const snapshot = steps;
      progressTimer = setTimeout(() => {
        const percent = Math.round((progress.index / Math.max(1, progress.count)) * 100);
        progressWrites = writeJob((latest) => ({
          ...latest,
          steps: snapshot,
          progressPercent: percent,
          lastModifiedDateTime: context.now().toISOString(),
        }))
          .then(() => alsoPersist?.(progress))
          .catch((error: unknown) => {
            if (!(error instanceof LeaseLost)) log.warn({ err: error }, 'progress write failed');
          });
      }, settings.progressIntervalMs);
      progressTimer.unref?.();
    },
  };

  let result: JobResult | undefined;
  let failure: unknown;
  try {
    result = await handlers[job.kind].run(execution);
  } catch (error) {
    failure = error;
  } finally {
    clearInterval(heartbeat);
    clearTimeout(progressTimer);
    stopSignal?.removeEventListener('abort', onStop);
    await progressWrites;
    await writes;
  }

  const reason = lease.signal.reason;
  if (reason instanceof LeaseLost) {
    log.warn('lease lost; another worker or the reaper owns the job now');
    return;
  }
  const at = context.now();
  try {
    if (lease.signal.aborted && stopSignal?.aborted && !result) {
      // Shutting down mid-job: give the lease back so another worker starts at once.
      await requeue(context, current, { attempts: current.value.attempts - 1, steps }, 0);
      log.info('released the job lease on shutdown');
      return;
    }
    if (result?.outcome === 'succeeded') {
      const done = await replaceJob(
        store,
        {
          ...current.value,
          status: nextJobStatus(current.value.status, 'succeed'),
          steps: closeSteps(steps, 'done', at.toISOString()),
          progressPercent: 100,
          errorCode: null,
          errorMessage: null,
          leaseOwner: null,
          leaseExpiresAt: null,
          finishedDateTime: at.toISOString(),
          lastModifiedDateTime: at.toISOString(),
        },
        current.etag,
      );
      await recordJobOutcome(store, done.value, log);
      return;
    }
    if (result?.outcome === 'cancelled') {
      const done = await replaceJob(
        store,
        {
          ...current.value,
          status: nextJobStatus(current.value.status, 'cancel'),
          steps: closeSteps(steps, 'done', at.toISOString()),
          errorCode: 'superseded',
          errorMessage: result.reason,
          leaseOwner: null,
          leaseExpiresAt: null,
          finishedDateTime: at.toISOString(),
          lastModifiedDateTime: at.toISOString(),
        },
        current.etag,
      );
      await recordJobOutcome(store, done.value, log);
      log.info({ reason: result.reason }, 'job cancelled');
      return;
    }
    if (failure instanceof JobDeferred) {
      log.info({ reason: failure.message, delayMs: failure.delayMs }, 'job deferred');
      await requeue(
        context,
        current,
        { attempts: current.value.attempts - 1, steps: closeSteps(steps, 'done', at.toISOString()) },
        failure.delayMs,
      );
      return;
    }
    const classified = classifyFailure(failure);
    const failedSteps = closeSteps(steps, 'failed', at.toISOString());
    if (classified.retryable && attempt < current.value.maxAttempts) {
      const delayMs = backoffDelayMs(attempt, settings.backoff, context.random);
      log.warn({ code: classified.code, delayMs, err: describe(failure) }, 'job attempt failed; retrying');
      await handlers[job.kind].retrying?.(
        context,
        current.value,
        classified,
        new Date(at.getTime() + delayMs),
      );
      await requeue(
        context,
        current,
        { steps: failedSteps, errorCode: classified.code, errorMessage: classified.message },
        delayMs,
      );
      return;
    }
    log.warn({ code: classified.code, err: describe(failure) }, 'job attempt failed; giving up');
    await giveUpOnJob(
      context,
      handlers,
      { ...current, value: { ...current.value, steps: failedSteps } },
      classified,
    );
  } catch (error) {
    if (isPreconditionFailed(error)) {
      log.warn('job changed under us while finishing; the newer write stands');
      return;
    }
    throw error;
  }
}
