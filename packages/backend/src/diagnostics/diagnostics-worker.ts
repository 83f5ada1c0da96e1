import type { Logger } from '../observability/logger.ts';
import type { QueueAdapter } from '../queue/queue-adapter.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { evaluateTenantAlerts } from './alerts.ts';
import { pruneDiagnostics } from './prune.ts';
import { getServiceHealth, sampleRegionHealth } from './region-health.ts';

/**
 * The worker's diagnostics round: sample this region's health into history, then
 * evaluate the alert rules for every tenant. Pruning runs on its own, slower timer.
 */
export async function runDiagnosticsRound(options: {
  store: CosmosStore;
  region: string;
  queue: QueueAdapter;
  poisonQueue: QueueAdapter;
  tenantIds: readonly string[];
  identity?: () => Promise<unknown>;
  now: () => Date;
  logger: Logger;
}): Promise<void> {
  await sampleRegionHealth(options);
  const health = await getServiceHealth({
    store: options.store,
    servedByRegion: options.region,
    hours: 1,
    now: options.now(),
  });
  for (const tenantId of options.tenantIds) {
    const result = await evaluateTenantAlerts({
      store: options.store,
      tenantId,
      regions: health.regions,
      now: options.now(),
    });
    if (result.opened + result.resolved > 0) {
      options.logger.info({ tenantId, opened: result.opened, resolved: result.resolved }, 'alerts changed');
    }
  }
}

export async function runPruneRound(options: {
  store: CosmosStore;
  tenantIds: readonly string[];
  now: () => Date;
  logger: Logger;
}): Promise<void> {
  const report = await pruneDiagnostics({
    store: options.store,
    tenantIds: options.tenantIds,
    now: options.now(),
  });
  if (Object.values(report).some((count) => count > 0))
    options.logger.info({ ...report }, 'pruned old diagnostics data');
}
