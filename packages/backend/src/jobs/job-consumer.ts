import { setMaxListeners } from 'node:events';
import { extractTraceContext, inSpan, SpanKind } from '../observability/telemetry.ts';
import type { QueueAdapter, QueueMessage } from '../queue/queue-adapter.ts';
import { type EngineContext, handleJobMessage, type JobHandlers } from './job-engine.ts';

export interface ConsumerOptions {
  context: EngineContext;
  handlers: JobHandlers;
  queue: QueueAdapter;
  /** Where messages delivered too often go, so they are kept for inspection, never dropped. */
  poisonQueue: QueueAdapter;
  /** Jobs run at once by this worker. */
  concurrency: number;
  /** How long a received message stays invisible; must exceed the time to run a job's attempt. */
  visibilityTimeoutSeconds: number;
  /** Longest pause between polls of an empty queue. */
  idlePollMs: number;
}

export interface Consumer {
  /** Jobs being handled right now. */
  inFlight(): number;
  /**
   * Stops taking messages and waits up to `drainMs` for running jobs; jobs still
   * running then are stopped at their next step and their leases given back.
   */
  stop(options?: { drainMs?: number }): Promise<void>;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Polls the region's queue and hands each message to the job engine, at most
 * `concurrency` at a time. A message is deleted only after the engine says the job's
 * state is durable; on any error it is left to reappear (the job is idempotent).
 */
export function startJobConsumer(options: ConsumerOptions): Consumer {
  const { context, queue, poisonQueue } = options;
  const log = context.logger.child({ component: 'consumer', queue: queue.name });
  const stopping = new AbortController();
  const abortJobs = new AbortController();
  // Every running job listens for the stop signal.
  setMaxListeners(0, abortJobs.signal);
  const running = new Set<Promise<void>>();
  let slotFreed: () => void = () => undefined;

  async function handle(message: QueueMessage<unknown>): Promise<void> {
    try {
      const body = (message.body ?? {}) as { jobId?: unknown; tenantId?: unknown };
      // The worker step continues the trace of the request that rang (context in the message).
      const disposition = await inSpan(
        `process ${queue.name}`,
        {
          parent: extractTraceContext(message.body),
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.destination.name': queue.name,
            'messaging.message.id': message.messageId,
            'cloudpc.job.id': String(body.jobId ?? ''),
            'cloudpc.tenant.id': String(body.tenantId ?? ''),
            'cloudpc.region': context.region,
            'cloudpc.message.dequeue_count': message.dequeueCount,
          },
        },
        () => handleJobMessage(context, options.handlers, message, abortJobs.signal),
      );
      if (disposition === 'keep') return;
      if (disposition === 'poison') await poisonQueue.send(message.body);
      await queue.remove(message);
    } catch (error) {
      // The message comes back after its visibility timeout; the lease or the
      // reconciler covers the job meanwhile.
      log.warn(
        { err: error, messageId: message.messageId },
        'message handling failed; it will be redelivered',
      );
    }
  }

  const loop = (async () => {
    await Promise.all([queue.ensure(), poisonQueue.ensure()]).catch((error: unknown) =>
      log.error({ err: error }, 'queues not ready yet'),
    );
    let idleMs = 25;
    while (!stopping.signal.aborted) {
      const free = options.concurrency - running.size;
      if (free <= 0) {
        await new Promise<void>((resolve) => {
          slotFreed = resolve;
        });
        continue;
      }
      let messages: QueueMessage<unknown>[];
      try {
        messages = await queue.receive<unknown>({
          max: Math.min(32, free),
          visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
        });
      } catch (error) {
        log.warn({ err: error }, 'receiving from the queue failed');
        await wait(options.idlePollMs, stopping.signal);
        continue;
      }
      if (messages.length === 0) {
        await wait(idleMs, stopping.signal);
        idleMs = Math.min(options.idlePollMs, idleMs * 2);
        continue;
      }
      idleMs = 25;
      for (const message of messages) {
        const task = handle(message).finally(() => {
          running.delete(task);
          slotFreed();
        });
        running.add(task);
      }
    }
  })();

  return {
    inFlight: () => running.size,
    async stop({ drainMs = 10_000 } = {}) {
      stopping.abort();
      slotFreed();
      await loop;
      if (running.size > 0) {
        const drained = Promise.all(running).then(() => true);
        const timedOut = new Promise<false>((resolve) => setTimeout(() => resolve(false), drainMs).unref());
        if (!(await Promise.race([drained, timedOut]))) {
          log.info({ jobs: running.size }, 'stopping running jobs and releasing their leases');
          abortJobs.abort();
          await Promise.all(running);
        }
      }
    },
  };
}
