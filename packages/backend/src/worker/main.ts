import type { ComputeProvider } from '../compute/compute-provider.ts';
import { createLocalDesktopCompute } from '../compute/local-desktop-compute.ts';
import { createSimulatedCompute } from '../compute/simulated-compute.ts';
import { platformConfig } from '../config/env.ts';
import { createGraphDirectory, type GraphDirectory } from '../directory/graph-directory.ts';
import { createGraphClient } from '../identity/graph-client.ts';
import { loadTelemetryEnv } from '../observability/env.ts';
import { logger } from '../observability/logger.ts';
import { startTelemetry } from '../observability/telemetry.ts';
import { openQueue } from '../queue/queue-adapter.ts';
import { getStore } from '../runtime.ts';
import { loadWorkerEnv } from './env.ts';
import { type RegionWorker, startRegionWorker } from './region-worker.ts';

/**
 * The region worker process: one per region, started by `npm start`. It runs the job
 * consumer, reconciler, reaper, grace sweeper, restore points and directory sync for
 * its region, and publishes the heartbeat the portals' health checks read. SIGTERM
 * lets running jobs finish (or gives their leases back) before it exits.
 */
const config = platformConfig();
const workerEnv = loadWorkerEnv();
const log = logger.child({ component: 'worker', region: config.region });
// OTLP export only when OTEL_EXPORTER_OTLP_ENDPOINT is set; trace context always propagates.
const telemetry = startTelemetry({
  env: loadTelemetryEnv(),
  serviceName: 'cloudpc-worker',
  region: config.region,
  version: config.version,
});
let worker: RegionWorker | undefined;
let stopping = false;

function graphFor(): (tenantId: string) => GraphDirectory {
  const directories = new Map<string, GraphDirectory>();
  return (tenantId) => {
    let directory = directories.get(tenantId);
    if (!directory) {
      const client = createGraphClient({
        authorityHost: config.identity.authorityHost,
        tenantId,
        clientId: config.identity.workerClientId,
        clientSecret: config.identity.workerClientSecret,
        graphBaseUrl: config.identity.graphBaseUrl,
        isLocal: config.identity.isLocal,
      });
      directory = createGraphDirectory({
        baseUrl: config.identity.graphBaseUrl,
        getToken: () => client.getToken(),
      });
      directories.set(tenantId, directory);
    }
    return directory;
  };
}

/** The worker may start before Cosmos answers; it waits rather than crash-looping. */
async function openStore() {
  for (;;) {
    try {
      return await getStore();
    } catch (error) {
      if (stopping) throw error;
      log.warn({ err: error }, 'Cosmos is not reachable yet; retrying in 2 s');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

async function openCompute(): Promise<ComputeProvider> {
  if (workerEnv.compute.provider === 'simulated') {
    return createSimulatedCompute({
      stepMs: workerEnv.compute.stepMs,
      failures: workerEnv.compute.failures,
    });
  }
  const desktops = createLocalDesktopCompute({
    dataDir: config.dataDir,
    log: (message, fields) => log.info({ ...fields, provider: 'local-desktop' }, message),
  });
  // Sessions outlive the worker; after a reboot of the host they are started again here.
  const resumed = await desktops.resume(config.region);
  if (resumed.length) log.info({ count: resumed.length }, 'resumed desktop sessions');
  return desktops;
}

async function main(): Promise<void> {
  const store = await openStore();
  const compute = await openCompute();
  log.info({ provider: compute.name }, 'compute provider');
  const queue = openQueue(config.queue.connectionString, workerEnv.queueName);
  const poisonQueue = openQueue(config.queue.connectionString, `${workerEnv.queueName}-poison`);
  worker = startRegionWorker({
    region: config.region,
    store,
    queue,
    poisonQueue,
    compute,
    tenantIds: config.identity.knownTenants,
    directoryFor: graphFor(),
    workerActor: {
      type: 'application',
      objectId: config.identity.workerClientId,
      userPrincipalName: null,
      applicationId: config.identity.workerClientId,
    },
    logger: log,
    settings: workerEnv.settings,
    heartbeat: true,
    identity: async () => {
      const tenant = config.identity.knownTenants[0] ?? 'organizations';
      const response = await fetch(
        `${config.identity.authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`,
      );
      if (!response.ok) throw new Error(`identity provider answered ${response.status}`);
    },
  });
  if (stopping) await worker.stop();
}

function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping');
  void (worker?.stop() ?? Promise.resolve())
    .then(() => getStore().then((store) => store.dispose()))
    .then(() => telemetry.shutdown())
    .catch((error: unknown) => log.error({ err: error }, 'unclean stop'))
    .finally(() => process.exit(0));
}

process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

main().catch((error: unknown) => {
  log.error({ err: error }, 'worker failed to start');
  process.exit(1);
});
