import { createLocalDesktopCompute } from '../compute/local-desktop-compute.ts';
import { createSimulatedCompute } from '../compute/simulated-compute.ts';
import { platformConfig } from '../config/env.ts';
import { writeHeartbeat } from '../health/heartbeat-repository.ts';
import { authenticate } from '../identity/authenticate.ts';
import { logger } from '../observability/logger.ts';
import { getStore } from '../runtime.ts';
import { loadGatewayEnv } from './env.ts';
import { createGateway } from './gateway-server.ts';

/**
 * The region's connection gateway process, started by `npm start` beside the
 * portals and the worker. It reads desktops through the same compute provider the
 * worker runs (local-desktop sessions are found through their state files) and never
 * starts or stops one.
 */
const config = platformConfig();
const gatewayEnv = loadGatewayEnv();
const log = logger.child({ component: 'gateway', region: config.region });

const compute =
  gatewayEnv.computeProvider === 'local-desktop'
    ? createLocalDesktopCompute({ dataDir: config.dataDir })
    : createSimulatedCompute({ stepMs: 0 });

const gateway = createGateway({
  region: config.region,
  version: config.version,
  store: getStore,
  compute,
  ticketSecret: config.launchTicketSecret,
  authenticate: (accessToken) =>
    authenticate(
      { headers: { authorization: `Bearer ${accessToken}` } },
      {
        authorityHost: config.identity.authorityHost,
        apiClientId: config.identity.apiClientId,
        knownTenants: config.identity.knownTenants,
      },
    ),
  logger: log,
  pingIntervalMs: gatewayEnv.pingIntervalMs,
  reportIntervalMs: gatewayEnv.reportIntervalMs,
});

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping');
  void gateway
    .close()
    .then(() => getStore().then((store) => store.dispose()))
    .catch((error: unknown) => log.error({ err: error }, 'unclean stop'))
    .finally(() => process.exit(0));
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

// Diagnostics' service health shows the gateway from this heartbeat, like the worker's:
// older than 30 s means the region's desktop streaming is degraded.
const HEARTBEAT_MS = 10_000;
async function beat(): Promise<void> {
  try {
    await writeHeartbeat(await getStore(), {
      component: 'gateway',
      region: config.region,
      at: new Date().toISOString(),
      pid: process.pid,
    });
  } catch (error) {
    log.warn({ err: error }, 'gateway heartbeat not written');
  }
}

gateway.listen(gatewayEnv.port, gatewayEnv.host).then(
  (port) => {
    log.info({ port, computeProvider: compute.name }, 'gateway listening');
    void beat();
    setInterval(() => void beat(), HEARTBEAT_MS).unref();
  },
  (error: unknown) => {
    log.error({ err: error }, 'gateway failed to start');
    process.exit(1);
  },
);
