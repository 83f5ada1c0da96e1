import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Actor } from '../audit/actor.ts';
import type { ComputeProvider } from '../compute/compute-provider.ts';
import { runDiagnosticsRound, runPruneRound } from '../diagnostics/diagnostics-worker.ts';
import type { GraphDirectory } from '../directory/graph-directory.ts';
import { syncTenantDirectory } from '../directory/sync-directory.ts';
import { writeHeartbeat } from '../health/heartbeat-repository.ts';
import { queueDoorbell } from '../jobs/doorbell.ts';
import { type Consumer, startJobConsumer } from '../jobs/job-consumer.ts';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../jobs/job-engine.ts';
import { reapJobs, reconcileJobs } from '../jobs/job-sweeps.ts';
import type { Logger } from '../observability/logger.ts';
import { sweepGracePeriods } from '../provisioning/grace-sweeper.ts';
import { provisioningHandlers } from '../provisioning/job-handlers.ts';
import {
  DEFAULT_GRACE_PERIOD_HOURS,
  type ProvisioningContext,
} from '../provisioning/provisioning-context.ts';
import { takeDueRestorePoints } from '../provisioning/restore-points.ts';
import type { QueueAdapter } from '../queue/queue-adapter.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';

export interface WorkerSettings {
  engine: EngineSettings;
  concurrency: number;
  visibilityTimeoutSeconds: number;
  idlePollMs: number;
  directorySyncIntervalMs: number;
  directoryLeaseMs: number;
  reconcileIntervalMs: number;
  reaperIntervalMs: number;
  graceSweepIntervalMs: number;
  restorePointIntervalMs: number;
  heartbeatIntervalMs: number;
  /** Health sample + alert rules (only in workers that publish a heartbeat). */
  diagnosticsIntervalMs: number;
  /** Deletes old raw events; the local Cosmos has no TTL. */
  pruneIntervalMs: number;
  /** How long a stopping worker lets running jobs finish before releasing their leases. */
  drainMs: number;
  gracePeriodHours: number;
}

export const DEFAULT_WORKER_SETTINGS: WorkerSettings = {
  engine: DEFAULT_ENGINE_SETTINGS,
  concurrency: 16,
  visibilityTimeoutSeconds: 60,
  idlePollMs: 1_000,
  directorySyncIntervalMs: 5_000,
  // Renewed every third of its length while a round runs: short, so a dead worker's round is redone soon.
  directoryLeaseMs: 30_000,
  reconcileIntervalMs: 5_000,
  reaperIntervalMs: 30_000,
  graceSweepIntervalMs: 60_000,
  restorePointIntervalMs: 300_000,
  heartbeatIntervalMs: 5_000,
  diagnosticsIntervalMs: 30_000,
  pruneIntervalMs: 600_000,
  drainMs: 10_000,
  gracePeriodHours: DEFAULT_GRACE_PERIOD_HOURS,
};

export interface RegionWorkerOptions {
  region: string;
  store: CosmosStore;
  queue: QueueAdapter;
  poisonQueue: QueueAdapter;
  compute: ComputeProvider;
  tenantIds: readonly string[];
  /** Graph per tenant; without it the worker runs no directory sync (jobs still run). */
  directoryFor?: (tenantId: string) => GraphDirectory;
  workerActor: Actor;
  logger: Logger;
  settings?: Partial<WorkerSettings>;
  now?: () => Date;
  random?: () => number;
  workerId?: string;
  /** Publish the heartbeat the portals' health checks read. */
  heartbeat?: boolean;
  /** Probes the identity provider for the diagnostics health samples (optional). */
  identity?: () => Promise<unknown>;
}

export interface RegionWorker {
  context: ProvisioningContext;
  consumer: Consumer;
  /** Stops every loop; running jobs finish or give their lease back. */
  stop(options?: { drainMs?: number }): Promise<void>;
}

function noGraph(): GraphDirectory {
  const refuse = () => Promise.reject(new Error('this worker has no Graph access configured'));
  return { listGroupMembers: refuse, groupsDelta: refuse, getUsers: refuse };
}

/**
 * Everything one region runs in the background: the queue consumer, and on timers
 * the reconciler, the reaper, the grace sweeper, restore points, directory sync and
 * the heartbeat. Every timer waits for its previous run to end, and every piece is
 * safe to run in both regions at once (guarded writes, leases, idempotent jobs).
 */
export function startRegionWorker(options: RegionWorkerOptions): RegionWorker {
  const settings: WorkerSettings = { ...DEFAULT_WORKER_SETTINGS, ...options.settings };
  const now = options.now ?? (() => new Date());
  const workerId =
    options.workerId ?? `${options.region}/${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  const logger = options.logger.child({ region: options.region, workerId });
  const directoryFor = options.directoryFor ?? noGraph;
  const context: ProvisioningContext = {
    store: options.store,
    doorbell: queueDoorbell(options.queue, (error) =>
      logger.warn({ err: error }, 'could not send a job message; the reconciler will re-send'),
    ),
    now,
    workerId,
    region: options.region,
    logger,
    settings: settings.engine,
    ...(options.random ? { random: options.random } : {}),
    compute: options.compute,
    directoryFor,
    workerActor: options.workerActor,
    tenantIds: options.tenantIds,
    gracePeriodHours: settings.gracePeriodHours,
    directoryLeaseMs: settings.directoryLeaseMs,
  };
  const handlers = provisioningHandlers(context);
  const consumer = startJobConsumer({
    context,
    handlers,
    queue: options.queue,
    poisonQueue: options.poisonQueue,
    concurrency: settings.concurrency,
    visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
    idlePollMs: settings.idlePollMs,
  });

  const stopping = new AbortController();
  const loops: Promise<void>[] = [];
  function every(name: string, intervalMs: number, task: () => Promise<unknown>): void {
    if (intervalMs <= 0) return;
    loops.push(
      (async () => {
        while (!stopping.signal.aborted) {
          try {
            await task();
          } catch (error) {
            logger.warn({ err: error, task: name }, 'background task failed; it runs again next interval');
          }
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              stopping.signal.removeEventListener('abort', done);
              resolve();
            };
            const timer = setTimeout(done, intervalMs);
            stopping.signal.addEventListener('abort', done, { once: true });
          });
        }
      })(),
    );
  }

  if (options.heartbeat) {
    every('heartbeat', settings.heartbeatIntervalMs, () =>
      writeHeartbeat(options.store, {
        component: 'worker',
        region: options.region,
        at: now().toISOString(),
        pid: process.pid,
      }),
    );
  }
  if (options.heartbeat) {
    const diagnostics = { ...options, now, logger, tenantIds: options.tenantIds };
    every('diagnostics', settings.diagnosticsIntervalMs, () => runDiagnosticsRound(diagnostics));
    every('prune', settings.pruneIntervalMs, () => runPruneRound(diagnostics));
  }
  every('reconciler', settings.reconcileIntervalMs, () =>
    reconcileJobs(context, handlers, options.tenantIds),
  );
  every('reaper', settings.reaperIntervalMs, () => reapJobs(context, handlers, options.tenantIds));
  every('grace sweeper', settings.graceSweepIntervalMs, () => sweepGracePeriods(context));
  every('restore points', settings.restorePointIntervalMs, () => takeDueRestorePoints(context));
  if (options.directoryFor) {
    every('directory sync', settings.directorySyncIntervalMs, async () => {
      for (const tenantId of options.tenantIds) {
        await syncTenantDirectory(
          {
            ...context,
            graph: directoryFor(tenantId),
            actor: options.workerActor,
            leaseMs: settings.directoryLeaseMs,
          },
          tenantId,
          { correlationId: `directory-sync-${workerId}` },
        );
      }
    });
  }
  logger.info({ tenants: options.tenantIds.length, queue: options.queue.name }, 'region worker started');

  return {
    context,
    consumer,
    async stop(stopOptions = {}) {
      stopping.abort();
      await Promise.all([consumer.stop({ drainMs: stopOptions.drainMs ?? settings.drainMs }), ...loops]);
      logger.info('region worker stopped');
    },
  };
}
