import { SYSTEM_TENANT } from '../storage/containers.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { hourStart } from './counters.ts';
import { deleteOldDocuments } from './diagnostics-repository.ts';

/**
 * The local Cosmos server has no TTL and slows down sharply past ~10k documents per
 * container, so old raw events are deleted by this job (on Azure a container TTL
 * would do the same). Each round deletes a bounded batch per tenant and kind; a
 * backlog drains over the next rounds.
 */
export interface RetentionSettings {
  connectionEventsMs: number;
  launchTicketsMs: number;
  countersMs: number;
  healthSamplesMs: number;
  resolvedAlertsMs: number;
  batch: number;
}

export const DEFAULT_RETENTION: RetentionSettings = {
  connectionEventsMs: 30 * 86_400_000,
  launchTicketsMs: 86_400_000,
  countersMs: 30 * 86_400_000,
  healthSamplesMs: 2 * 86_400_000,
  resolvedAlertsMs: 30 * 86_400_000,
  batch: 200,
};

export interface PruneReport {
  connectionEvents: number;
  launchTickets: number;
  counters: number;
  healthSamples: number;
  alerts: number;
}

export async function pruneDiagnostics(options: {
  store: CosmosStore;
  tenantIds: readonly string[];
  now: Date;
  retention?: RetentionSettings;
}): Promise<PruneReport> {
  const { store, now } = options;
  const retention = options.retention ?? DEFAULT_RETENTION;
  const before = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const report: PruneReport = {
    connectionEvents: 0,
    launchTickets: 0,
    counters: 0,
    healthSamples: 0,
    alerts: 0,
  };
  for (const tenantId of options.tenantIds) {
    report.connectionEvents += await deleteOldDocuments(
      store,
      'connections',
      tenantId,
      "c.docType = 'connectionEvent' AND c.launchRequestedDateTime < @before",
      [{ name: '@before', value: before(retention.connectionEventsMs) }],
      retention.batch,
    );
    report.launchTickets += await deleteOldDocuments(
      store,
      'connections',
      tenantId,
      "c.docType = 'launchTicket' AND c.expirationDateTime < @before",
      [{ name: '@before', value: before(retention.launchTicketsMs) }],
      retention.batch,
    );
    report.counters += await deleteOldDocuments(
      store,
      'diagnostics',
      tenantId,
      "(c.docType = 'jobStats' OR c.docType = 'connectionStats') AND c.hourStart < @before",
      [{ name: '@before', value: hourStart(before(retention.countersMs)) }],
      retention.batch,
    );
    report.alerts += await deleteOldDocuments(
      store,
      'diagnostics',
      tenantId,
      "c.docType = 'alert' AND c.status = 'resolved' AND c.resolvedDateTime < @before",
      [{ name: '@before', value: before(retention.resolvedAlertsMs) }],
      retention.batch,
    );
  }
  report.healthSamples += await deleteOldDocuments(
    store,
    'diagnostics',
    SYSTEM_TENANT,
    "c.docType = 'healthSample' AND c.hourStart < @before",
    [{ name: '@before', value: hourStart(before(retention.healthSamplesMs)) }],
    retention.batch,
  );
  return report;
}
