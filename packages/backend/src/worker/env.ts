import { z } from 'zod';
import { parseFailureInjection } from '../compute/failure-injection.ts';
import { DEFAULT_ENGINE_SETTINGS } from '../jobs/job-engine.ts';
import { DEFAULT_WORKER_SETTINGS, type WorkerSettings } from './region-worker.ts';

/**
 * The region worker's own settings (the shared ones, Cosmos, queues and Entra, come
 * from config/env.ts). Defaults suit `npm start`: steps of a couple of seconds so
 * progress is visible, directory sync every 5 s.
 */
const ms = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const ZWorkerEnv = z.object({
  CLOUDPC_WORKER_QUEUE: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/, 'a valid Azure Storage queue name')
    .default('provisioning'),
  // local-desktop: real desktops on this host (compute/local-desktop-compute.ts); npm start picks it when installed.
  CLOUDPC_COMPUTE_PROVIDER: z.enum(['simulated', 'local-desktop']).default('simulated'),
  CLOUDPC_SIMULATED_STEP_MS: ms(2_000),
  CLOUDPC_SIMULATED_FAILURES: z.string().optional(),
  CLOUDPC_WORKER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .default(DEFAULT_WORKER_SETTINGS.concurrency),
  CLOUDPC_DIRECTORY_SYNC_INTERVAL_MS: ms(DEFAULT_WORKER_SETTINGS.directorySyncIntervalMs),
  CLOUDPC_DIRECTORY_LEASE_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_WORKER_SETTINGS.directoryLeaseMs),
  CLOUDPC_RECONCILE_INTERVAL_MS: ms(DEFAULT_WORKER_SETTINGS.reconcileIntervalMs),
  CLOUDPC_REAPER_INTERVAL_MS: ms(DEFAULT_WORKER_SETTINGS.reaperIntervalMs),
  CLOUDPC_GRACE_SWEEP_INTERVAL_MS: ms(DEFAULT_WORKER_SETTINGS.graceSweepIntervalMs),
  CLOUDPC_RESTORE_POINT_INTERVAL_MS: ms(DEFAULT_WORKER_SETTINGS.restorePointIntervalMs),
  CLOUDPC_JOB_LEASE_MS: ms(DEFAULT_ENGINE_SETTINGS.leaseMs),
  CLOUDPC_JOB_HEARTBEAT_MS: ms(DEFAULT_ENGINE_SETTINGS.heartbeatMs),
  CLOUDPC_MESSAGE_GRACE_MS: ms(DEFAULT_ENGINE_SETTINGS.messageGraceMs),
  CLOUDPC_BACKOFF_BASE_MS: ms(DEFAULT_ENGINE_SETTINGS.backoff.baseMs),
  CLOUDPC_QUEUE_VISIBILITY_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_WORKER_SETTINGS.visibilityTimeoutSeconds),
  CLOUDPC_WORKER_DRAIN_MS: ms(DEFAULT_WORKER_SETTINGS.drainMs),
  CLOUDPC_DIAGNOSTICS_INTERVAL_MS: ms(DEFAULT_WORKER_SETTINGS.diagnosticsIntervalMs),
  CLOUDPC_PRUNE_INTERVAL_MS: ms(DEFAULT_WORKER_SETTINGS.pruneIntervalMs),
});

export interface WorkerEnv {
  queueName: string;
  compute: {
    provider: 'simulated' | 'local-desktop';
    stepMs: number;
    failures: ReturnType<typeof parseFailureInjection>;
  };
  settings: WorkerSettings;
}

export function loadWorkerEnv(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = ZWorkerEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid worker configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    queueName: e.CLOUDPC_WORKER_QUEUE,
    compute: {
      provider: e.CLOUDPC_COMPUTE_PROVIDER,
      stepMs: e.CLOUDPC_SIMULATED_STEP_MS,
      failures: parseFailureInjection(e.CLOUDPC_SIMULATED_FAILURES),
    },
    settings: {
      ...DEFAULT_WORKER_SETTINGS,
      concurrency: e.CLOUDPC_WORKER_CONCURRENCY,
      directorySyncIntervalMs: e.CLOUDPC_DIRECTORY_SYNC_INTERVAL_MS,
      directoryLeaseMs: e.CLOUDPC_DIRECTORY_LEASE_MS,
      reconcileIntervalMs: e.CLOUDPC_RECONCILE_INTERVAL_MS,
      reaperIntervalMs: e.CLOUDPC_REAPER_INTERVAL_MS,
      graceSweepIntervalMs: e.CLOUDPC_GRACE_SWEEP_INTERVAL_MS,
      restorePointIntervalMs: e.CLOUDPC_RESTORE_POINT_INTERVAL_MS,
      visibilityTimeoutSeconds: e.CLOUDPC_QUEUE_VISIBILITY_SECONDS,
      drainMs: e.CLOUDPC_WORKER_DRAIN_MS,
      diagnosticsIntervalMs: e.CLOUDPC_DIAGNOSTICS_INTERVAL_MS,
      pruneIntervalMs: e.CLOUDPC_PRUNE_INTERVAL_MS,
      engine: {
        ...DEFAULT_ENGINE_SETTINGS,
        leaseMs: e.CLOUDPC_JOB_LEASE_MS,
        heartbeatMs: e.CLOUDPC_JOB_HEARTBEAT_MS,
        messageGraceMs: e.CLOUDPC_MESSAGE_GRACE_MS,
        backoff: { ...DEFAULT_ENGINE_SETTINGS.backoff, baseMs: e.CLOUDPC_BACKOFF_BASE_MS },
      },
    },
  };
}
