import { platformConfig } from '../config/env.ts';
import { writeHeartbeat } from '../health/heartbeat-repository.ts';
import { getQueue, getStore, PROVISIONING_QUEUE } from '../runtime.ts';

/**
 * The region worker: one process per region. It owns background work for its
 * region (provisioning jobs, directory sync and the reconciler arrive with issue 4).
 * Today it makes sure its queue exists and publishes a heartbeat the portals'
 * health checks read.
 */
const HEARTBEAT_INTERVAL_MS = 5_000;
const config = platformConfig();
let stopping = false;

async function beat(): Promise<void> {
  try {
    const store = await getStore();
    await writeHeartbeat(store, {
      component: 'worker',
      region: config.region,
      at: new Date().toISOString(),
      pid: process.pid,
    });
  } catch (error) {
    console.error(`[worker ${config.region}] heartbeat failed: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  await getQueue(PROVISIONING_QUEUE)
    .ensure()
    .catch((error: Error) => console.error(`[worker ${config.region}] queue not ready: ${error.message}`));
  await beat();
  const timer = setInterval(() => void beat(), HEARTBEAT_INTERVAL_MS);
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    console.error(`[worker ${config.region}] ${signal}: stopping`);
    void getStore()
      .then((store) => store.dispose())
      .catch(() => undefined)
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  console.error(`[worker ${config.region}] started (pid ${process.pid})`);
}

void main();
