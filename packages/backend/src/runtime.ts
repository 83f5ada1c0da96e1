import { platformConfig } from './config/env.ts';
import { checkHealth, type HealthBody } from './health/check-health.ts';
import { openQueue, type QueueAdapter } from './queue/queue-adapter.ts';
import { type CosmosStore, openCosmosStore } from './storage/cosmos-client.ts';

/**
 * Process-wide handles shared by every request of a portal or the worker. Opening
 * Cosmos is lazy and retried after a failure, so a portal that starts before its
 * database still comes up and reports itself unhealthy instead of crashing.
 */
let storePromise: Promise<CosmosStore> | undefined;
const queues = new Map<string, QueueAdapter>();

export function getStore(): Promise<CosmosStore> {
  if (!storePromise) {
    storePromise = openCosmosStore(platformConfig().cosmos);
    storePromise.catch(() => {
      storePromise = undefined;
    });
  }
  return storePromise;
}

export function getQueue(name: string): QueueAdapter {
  let queue = queues.get(name);
  if (!queue) {
    queue = openQueue(platformConfig().queue.connectionString, name);
    queues.set(name, queue);
  }
  return queue;
}

export const PROVISIONING_QUEUE = 'provisioning';

export function getRegionHealth(): Promise<{ httpStatus: 200 | 503; body: HealthBody }> {
  const config = platformConfig();
  return checkHealth({
    region: config.region,
    version: config.version,
    store: getStore,
    queue: () => getQueue(PROVISIONING_QUEUE),
  });
}
