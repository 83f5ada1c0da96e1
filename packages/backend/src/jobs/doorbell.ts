import { injectTraceContext } from '../observability/telemetry.ts';
import type { QueueAdapter } from '../queue/queue-adapter.ts';
import type { JobMessage } from './job-types.ts';

/**
 * Rings a worker: sends the queue message that points at a job. The job document is
 * always written first, so a failed ring loses nothing (the reconciler re-sends);
 * ring() therefore reports failure instead of throwing.
 */
export interface Doorbell {
  ring(job: { jobId: string; tenantId: string }, options?: { delayMs?: number }): Promise<boolean>;
}

/** A request never waits longer than this on a queue that does not answer. */
const RING_TIMEOUT_MS = 3_000;

export function queueDoorbell(queue: QueueAdapter, onError?: (error: unknown) => void): Doorbell {
  let ready: Promise<void> | undefined;
  const ensure = () => {
    ready ??= queue.ensure().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
  return {
    async ring(job, options = {}) {
      const message: JobMessage = { v: 1, jobId: job.jobId, tenantId: job.tenantId, ...injectTraceContext() };
      const delaySeconds = Math.ceil(Math.max(0, options.delayMs ?? 0) / 1000);
      let timer: NodeJS.Timeout | undefined;
      try {
        // A send that outlives the timeout may still arrive: a duplicate message is harmless.
        await Promise.race([
          ensure().then(() =>
            queue.send(message, delaySeconds > 0 ? { visibilityTimeoutSeconds: delaySeconds } : {}),
          ),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer from queue ${queue.name}`)),
              RING_TIMEOUT_MS,
            );
          }),
        ]);
        return true;
      } catch (error) {
        onError?.(error);
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
