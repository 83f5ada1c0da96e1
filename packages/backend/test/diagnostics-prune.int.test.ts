import { randomUUID } from 'node:crypto';
import { getTestCloud } from '@cloudpc/local-cloud/testing/test-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyConnectionStats, hourStart } from '../src/diagnostics/counters.ts';
import { pruneDiagnostics } from '../src/diagnostics/prune.ts';
import type { ConnectionEventDocument } from '../src/launch/launch-repository.ts';
import { SYSTEM_TENANT } from '../src/storage/containers.ts';
import { type CosmosStore, openCosmosStore } from '../src/storage/cosmos-client.ts';

/** The local Cosmos has no TTL: the pruning job deletes old raw events in bounded batches and keeps recent ones. */
const TENANT = 'prune-tenant';
const NOW = new Date('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;
let store: CosmosStore;

beforeAll(async () => {
  const cloud = getTestCloud();
  store = await openCosmosStore({
    endpoint: cloud.cosmos.endpoint,
    key: cloud.cosmos.key,
    databaseId: `prune-${randomUUID().slice(0, 8)}`,
    insecureTls: true,
    preferredLocations: [],
  });
});
afterAll(async () => {
  await store.database.delete().catch(() => undefined);
  store.dispose();
});

function event(ageDays: number): ConnectionEventDocument {
  const at = new Date(NOW.getTime() - ageDays * DAY).toISOString();
  return {
    id: randomUUID(),
    tenantId: TENANT,
    docType: 'connectionEvent',
    userId: 'u',
    userPrincipalName: 'u@contoso.test',
    cloudPcId: 'pc',
    regionName: 'eastus',
    outcome: 'connected',
    message: null,
    launchRequestedDateTime: at,
    connectedDateTime: at,
    timeToConnectMs: 10,
    roundTripSamplesMs: [],
    disconnectReason: null,
    disconnectedDateTime: null,
  };
}

async function count(name: 'connections' | 'diagnostics', tenantId: string): Promise<number> {
  const { resources } = await store
    .container(name)
    .items.query<number>({
      query: 'SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @t',
      parameters: [{ name: '@t', value: tenantId }],
    })
    .fetchAll();
  return resources[0] ?? 0;
}

describe('pruning old diagnostics data', () => {
  it('deletes events, counters and samples past retention in batches, and keeps recent ones', async () => {
    const old = Array.from({ length: 7 }, () => event(40));
    const recent = Array.from({ length: 3 }, () => event(2));
    for (const document of [...old, ...recent]) await store.container('connections').items.create(document);
    for (const ageDays of [45, 1]) {
      const hour = hourStart(new Date(NOW.getTime() - ageDays * DAY));
      await store.container('diagnostics').items.create(emptyConnectionStats(TENANT, 'eastus', hour, 0));
      await store.container('diagnostics').items.create({
        id: `health:eastus:${hour}`,
        tenantId: SYSTEM_TENANT,
        docType: 'healthSample',
        region: 'eastus',
        hourStart: hour,
        samples: [],
      });
    }
    const retention = {
      connectionEventsMs: 30 * DAY,
      launchTicketsMs: DAY,
      countersMs: 30 * DAY,
      healthSamplesMs: 2 * DAY,
      resolvedAlertsMs: 30 * DAY,
      batch: 5,
    };
    const first = await pruneDiagnostics({ store, tenantIds: [TENANT], now: NOW, retention });
    expect(first).toMatchObject({ connectionEvents: 5, counters: 1, healthSamples: 1 });
    const second = await pruneDiagnostics({ store, tenantIds: [TENANT], now: NOW, retention });
    expect(second.connectionEvents).toBe(2);
    expect(await count('connections', TENANT)).toBe(3);
    expect(await count('diagnostics', TENANT)).toBe(1);
    expect(await count('diagnostics', SYSTEM_TENANT)).toBe(1);
    const third = await pruneDiagnostics({ store, tenantIds: [TENANT], now: NOW, retention });
    expect(Object.values(third).every((deleted) => deleted === 0)).toBe(true);
  });
});
