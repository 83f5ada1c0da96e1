import type { ConnectionQuality } from '@cloudpc/api-client';
import type { CloudPcDocument } from '../cloud-pcs/cloud-pc-repository.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { type ConnectionStatsDocument, fillHours, hourStart, summariseConnections } from './counters.ts';
import { listCounters, queryBounded } from './diagnostics-repository.ts';

/** The worst Cloud PCs listed by name; the rest only count in the totals. */
export const MAX_CLOUD_PC_ROWS = 50;

/** Display names for a bounded set of Cloud PC ids, in one query. */
export async function cloudPcNames(
  store: CosmosStore,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, CloudPcDocument>> {
  if (ids.length === 0) return new Map();
  const parameters = ids.map((id, index) => ({ name: `@id${index}`, value: id }));
  const rows = await queryBounded<CloudPcDocument>(
    store,
    'cloudPcs',
    tenantId,
    `c.docType = 'cloudPc' AND c.id IN (${parameters.map((parameter) => parameter.name).join(', ')})`,
    parameters,
    { top: ids.length },
  );
  return new Map(rows.map((row) => [row.id, row]));
}

export async function getConnectionQuality(options: {
  store: CosmosStore;
  tenantId: string;
  hours: number;
  now: Date;
}): Promise<ConnectionQuality> {
  const { store, tenantId, now } = options;
  const fromHour = hourStart(new Date(now.getTime() - (options.hours - 1) * 3_600_000));
  const documents = await listCounters<ConnectionStatsDocument>(store, tenantId, 'connectionStats', fromHour);
  const summary = summariseConnections(documents, MAX_CLOUD_PC_ROWS);
  const names = await cloudPcNames(
    store,
    tenantId,
    summary.cloudPcs.map((row) => row.cloudPcId),
  );
  return {
    generatedDateTime: now.toISOString(),
    hours: options.hours,
    overall: summary.overall,
    regions: summary.regions,
    cloudPcs: summary.cloudPcs.map((row) => ({
      cloudPcId: row.cloudPcId,
      displayName: names.get(row.cloudPcId)?.displayName ?? null,
      attempts: row.attempts,
      connected: row.connected,
      successRate: row.successRate,
      roundTrip: row.roundTrip,
    })),
    hourly: fillHours(summary.hourly, fromHour, options.hours, (hour) => ({
      hourStart: hour,
      attempts: 0,
      connected: 0,
      roundTrip: { good: 0, average: 0, high: 0 },
    })),
  };
}
