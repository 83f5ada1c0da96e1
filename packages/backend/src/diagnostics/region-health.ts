import type { CheckStatus, RegionHealth, ServiceCheck, ServiceHealth } from '@cloudpc/api-client';
import { SUPPORTED_REGIONS } from '../catalogs/catalogs.ts';
import { pingStore, readHeartbeat } from '../health/heartbeat-repository.ts';
import { recordQueueDepth } from '../observability/telemetry.ts';
import type { QueueAdapter } from '../queue/queue-adapter.ts';
import { SYSTEM_TENANT } from '../storage/containers.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import type { StoredDocument } from '../storage/documents.ts';
import { hourStart } from './counters.ts';
import { listCounters, updateCounter } from './diagnostics-repository.ts';

/**
 * Region health as the workers see it, kept as history. Each region's worker samples
 * its dependencies (Cosmos, its queue and poison queue through the queue adapter,
 * identity when it can reach it) into one document per region and hour; the live
 * heartbeat says whether the worker itself is alive. A killed worker stops both, so
 * its region shows degraded as soon as the heartbeat is stale.
 */
export const MAX_SAMPLES_PER_HOUR = 120;
/** A heartbeat or sample older than this no longer vouches for the region. */
export const DEFAULT_STALE_AFTER_MS = 30_000;

export interface SampledCheck {
  status: 'ok' | 'degraded' | 'down';
  latencyMs: number | null;
  message: string | null;
}

export interface HealthSample {
  at: string;
  checks: Record<string, SampledCheck>;
  queueDepth: number | null;
  poisonDepth: number | null;
}

export interface HealthSampleDocument extends StoredDocument {
  docType: 'healthSample';
  region: string;
  hourStart: string;
  samples: HealthSample[];
}

async function timed(probe: () => Promise<unknown>, timeoutMs: number): Promise<SampledCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started), message: null };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      message: error instanceof Error ? error.message : 'unreachable',
    };
  } finally {
    clearTimeout(timer);
  }
}

export interface SampleOptions {
  store: CosmosStore;
  region: string;
  queue: QueueAdapter;
  poisonQueue: QueueAdapter;
  /** Optional identity probe (the worker's Graph/Entra reachability). */
  identity?: () => Promise<unknown>;
  now: () => Date;
  timeoutMs?: number;
}

/** Takes one sample of the region's dependencies and appends it to the hour's document. */
export async function sampleRegionHealth(options: SampleOptions): Promise<HealthSample> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  let queueDepth: number | null = null;
  let poisonDepth: number | null = null;
  const [cosmos, queue, poison, identity] = await Promise.all([
    timed(() => pingStore(options.store), timeoutMs),
    timed(async () => {
      queueDepth = await options.queue.approximateDepth();
    }, timeoutMs),
    timed(async () => {
      poisonDepth = await options.poisonQueue.approximateDepth();
    }, timeoutMs),
    options.identity ? timed(options.identity, timeoutMs) : Promise.resolve(undefined),
  ]);
  const at = options.now();
  if (queueDepth !== null)
    recordQueueDepth({ queue: options.queue.name, region: options.region }, queueDepth);
  if (poisonDepth !== null) {
    recordQueueDepth({ queue: options.poisonQueue.name, region: options.region }, poisonDepth);
  }
  const sample: HealthSample = {
    at: at.toISOString(),
    checks: {
      cosmos,
      queue,
      // An unreadable poison queue hides lost work but does not stop the region.
      poisonQueue: poison.status === 'ok' ? poison : { ...poison, status: 'degraded' },
      ...(identity ? { identity } : {}),
    },
    queueDepth,
    poisonDepth,
  };
  const hour = hourStart(at);
  await updateCounter<HealthSampleDocument>(
    options.store,
    {
      id: `health:${options.region}:${hour}`,
      tenantId: SYSTEM_TENANT,
      docType: 'healthSample',
      region: options.region,
      hourStart: hour,
      samples: [],
    },
    (document) => ({ ...document, samples: [...document.samples, sample].slice(-MAX_SAMPLES_PER_HOUR) }),
  );
  return sample;
}

const RANK: Record<CheckStatus, number> = { ok: 0, unknown: 1, degraded: 2, down: 3 };

export function worstOf(statuses: readonly CheckStatus[]): CheckStatus {
  return statuses.reduce<CheckStatus>(
    (worst, status) => ((RANK[status] ?? 0) > (RANK[worst] ?? 0) ? status : worst),
    'ok',
  );
}

export interface RegionInputs {
  region: string;
  heartbeatAt: string | null;
  samples: HealthSample[];
  now: Date;
  staleAfterMs: number;
}

/** Pure: one region's status from its heartbeat and samples. */
export function regionHealthFrom(input: RegionInputs): RegionHealth {
  const { now, staleAfterMs } = input;
  const ordered = [...input.samples].sort((a, b) => a.at.localeCompare(b.at));
  const latest = ordered.at(-1);
  const heartbeatAge = input.heartbeatAt ? now.getTime() - Date.parse(input.heartbeatAt) : null;
  const worker: ServiceCheck = {
    name: 'worker',
    status: heartbeatAge === null ? 'unknown' : heartbeatAge > staleAfterMs ? 'degraded' : 'ok',
    latencyMs: null,
    message:
      heartbeatAge === null
        ? 'No heartbeat from this region’s worker.'
        : heartbeatAge > staleAfterMs
          ? `Last worker heartbeat ${Math.round(heartbeatAge / 1000)} s ago.`
          : null,
    observedDateTime: input.heartbeatAt,
  };
  // A sample only speaks for the region while it is fresh (samples come from the worker).
  const sampleAge = latest ? now.getTime() - Date.parse(latest.at) : null;
  const isFresh = sampleAge !== null && sampleAge <= Math.max(staleAfterMs * 4, 120_000);
  const sampled: ServiceCheck[] = ['cosmos', 'queue', 'poisonQueue', 'identity'].flatMap(
    (name): ServiceCheck[] => {
      const check = latest?.checks[name];
      if (!check) {
        if (name === 'identity') return [];
        return [
          { name, status: 'unknown', latencyMs: null, message: 'Not sampled yet.', observedDateTime: null },
        ];
      }
      return [
        {
          name,
          status: isFresh ? check.status : ('unknown' as const),
          latencyMs: check.latencyMs,
          message: isFresh ? check.message : 'The last sample is too old to vouch for this check.',
          observedDateTime: latest?.at ?? null,
        },
      ];
    },
  );
  const checks = [worker, ...sampled];
  const worst = worstOf(checks.map((check) => check.status));
  const status =
    worker.status === 'unknown' && !latest
      ? 'unknown'
      : worst === 'ok'
        ? 'healthy'
        : checks.some((check) => check.name === 'cosmos' && check.status === 'down')
          ? 'unhealthy'
          : 'degraded';
  return {
    region: input.region,
    status,
    checks,
    lastHeartbeatDateTime: input.heartbeatAt,
    queueDepth: isFresh ? (latest?.queueDepth ?? null) : null,
    poisonQueueDepth: isFresh ? (latest?.poisonDepth ?? null) : null,
    history: ordered.map((sample) => ({
      at: sample.at,
      status: worstOf(Object.values(sample.checks).map((check) => check.status)),
      queueDepth: sample.queueDepth,
    })),
  };
}

/** A region with other checks: its status is recomputed so a degraded check counts. */
function withChecks(health: RegionHealth, checks: ServiceCheck[]): RegionHealth {
  const worst = worstOf(checks.map((check) => check.status));
  const status =
    health.status === 'unknown' || health.status === 'unhealthy'
      ? health.status
      : worst === 'ok'
        ? 'healthy'
        : 'degraded';
  return { ...health, checks, status };
}

export async function listHealthSamples(
  store: CosmosStore,
  fromHour: string,
): Promise<HealthSampleDocument[]> {
  return listCounters<HealthSampleDocument>(store, SYSTEM_TENANT, 'healthSample', fromHour);
}

/** Every known region's health, with `hours` of history: O(hours × regions) reads. */
export async function getServiceHealth(options: {
  store: CosmosStore;
  servedByRegion: string;
  hours: number;
  now: Date;
  staleAfterMs?: number;
}): Promise<ServiceHealth> {
  const { store, now } = options;
  const from = new Date(now.getTime() - options.hours * 3_600_000);
  const documents = await listHealthSamples(store, hourStart(from));
  const regions = [
    ...new Set([
      ...SUPPORTED_REGIONS.map((region) => region.id),
      ...documents.map((document) => document.region),
    ]),
  ].sort();
  const fromIso = from.toISOString();
  // The portal answering this request is itself a check of its region: it is up, and this
  // is how long its Cosmos round trip takes right now.
  const live = await timed(() => pingStore(store), 3_000);
  const result = await Promise.all(
    regions.map(async (region) => {
      const [heartbeat, gatewayBeat] = await Promise.all([
        readHeartbeat(store, 'worker', region),
        readHeartbeat(store, 'gateway', region),
      ]);
      const samples = documents
        .filter((document) => document.region === region)
        .flatMap((document) => document.samples)
        .filter((sample) => sample.at >= fromIso);
      const health = regionHealthFrom({
        region,
        heartbeatAt: heartbeat?.at ?? null,
        samples,
        now,
        staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
      });
      const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
      // The connection gateway shows once it publishes a heartbeat like the worker's.
      const gatewayAge = gatewayBeat ? now.getTime() - Date.parse(gatewayBeat.at) : null;
      const gateway: ServiceCheck[] =
        gatewayAge === null
          ? []
          : [
              {
                name: 'gateway',
                status: gatewayAge > staleAfterMs ? 'degraded' : 'ok',
                latencyMs: null,
                message:
                  gatewayAge > staleAfterMs
                    ? `Last gateway heartbeat ${Math.round(gatewayAge / 1000)} s ago.`
                    : null,
                observedDateTime: gatewayBeat?.at ?? null,
              },
            ];
      const withGateway = gateway.length > 0 ? withChecks(health, [...health.checks, ...gateway]) : health;
      if (region !== options.servedByRegion) return withGateway;
      const portal: ServiceCheck = {
        name: 'portal',
        status: live.status === 'ok' ? 'ok' : 'degraded',
        latencyMs: live.latencyMs,
        message: live.status === 'ok' ? 'Served this page; latency is its Cosmos round trip.' : live.message,
        observedDateTime: now.toISOString(),
      };
      return withChecks(withGateway, [portal, ...withGateway.checks]);
    }),
  );
  return { generatedDateTime: now.toISOString(), servedByRegion: options.servedByRegion, regions: result };
}
