import { COMPUTE_ERRORS } from '../compute/compute-errors.ts';
import { ENGINE_FAILURES } from '../jobs/job-engine.ts';
import type { JobDocument, JobKind } from '../jobs/job-types.ts';
import type { ConnectionEventDocument } from '../launch/launch-repository.ts';
import type { StoredDocument } from '../storage/documents.ts';
import {
  addRoundTrips,
  addSample,
  type Histogram,
  mergeHistograms,
  mergeRoundTrips,
  percentile,
  type RoundTripBuckets,
  successRate,
  totalOf,
} from './histogram.ts';

/**
 * Time-bucketed counter documents and the pure functions that fill and read them.
 * One document per tenant, region, hour and shard holds everything the pipeline and
 * connection-quality pages need about that hour, so a 24-hour page reads at most
 * 24 × regions × shards documents whatever the number of jobs or connections.
 */
export const COUNTER_SHARDS = 4;
/** Per-Cloud PC rows kept in one hourly connection document (the rest only count in totals). */
export const MAX_CLOUD_PCS_PER_HOUR = 500;

export function hourStart(at: Date | string): string {
  const date = new Date(at);
  date.setUTCMinutes(0, 0, 0);
  return date.toISOString();
}

/** Every hour from `fromHour` for `hours` hours, with `empty` where nothing was counted, so charts show gaps as zero. */
export function fillHours<T extends { hourStart: string }>(
  rows: readonly T[],
  fromHour: string,
  hours: number,
  empty: (hourStart: string) => T,
): T[] {
  const byHour = new Map(rows.map((row) => [row.hourStart, row]));
  const start = Date.parse(fromHour);
  return Array.from({ length: hours }, (_, index) => {
    const hour = new Date(start + index * 3_600_000).toISOString();
    return byHour.get(hour) ?? empty(hour);
  });
}

/** Spreads concurrent writers over a few documents so ETag retries stay rare. */
export function shardOf(key: string): number {
  let hash = 0;
  for (let index = 0; index < key.length; index += 1) hash = (hash * 31 + key.charCodeAt(index)) >>> 0;
  return hash % COUNTER_SHARDS;
}

export interface KindCounters {
  succeeded: number;
  failed: number;
  cancelled: number;
  /** Created to finished, in milliseconds. */
  latency: Histogram;
}

export interface FailureCounter {
  count: number;
  kind: JobKind;
  lastJobId: string;
  lastCloudPcId: string | null;
  lastAt: string;
}

export interface JobStatsDocument extends StoredDocument {
  docType: 'jobStats';
  region: string;
  hourStart: string;
  shard: number;
  byKind: Partial<Record<JobKind, KindCounters>>;
  failures: Record<string, FailureCounter>;
  updatedDateTime: string;
}

export interface CloudPcConnectionCounters {
  attempts: number;
  connected: number;
  roundTrip: RoundTripBuckets;
}

export interface ConnectionStatsDocument extends StoredDocument {
  docType: 'connectionStats';
  region: string;
  hourStart: string;
  shard: number;
  attempts: number;
  connected: number;
  refused: Record<string, number>;
  timeToConnect: Histogram;
  roundTrip: RoundTripBuckets;
  roundTripLatency: Histogram;
  perCloudPc: Record<string, CloudPcConnectionCounters>;
  updatedDateTime: string;
}

export function jobStatsId(region: string, hour: string, shard: number): string {
  return `jobStats:${region}:${hour}:${shard}`;
}
export function connectionStatsId(region: string, hour: string, shard: number): string {
  return `connectionStats:${region}:${hour}:${shard}`;
}

export function emptyJobStats(
  tenantId: string,
  region: string,
  hour: string,
  shard: number,
): JobStatsDocument {
  return {
    id: jobStatsId(region, hour, shard),
    tenantId,
    docType: 'jobStats',
    region,
    hourStart: hour,
    shard,
    byKind: {},
    failures: {},
    updatedDateTime: hour,
  };
}

export function emptyConnectionStats(
  tenantId: string,
  region: string,
  hour: string,
  shard: number,
): ConnectionStatsDocument {
  return {
    id: connectionStatsId(region, hour, shard),
    tenantId,
    docType: 'connectionStats',
    region,
    hourStart: hour,
    shard,
    attempts: 0,
    connected: 0,
    refused: {},
    timeToConnect: [],
    roundTrip: { good: 0, average: 0, high: 0 },
    roundTripLatency: [],
    perCloudPc: {},
    updatedDateTime: hour,
  };
}

/** Where a finished job is counted: the hour it finished, the region that created it. */
export function jobCounterKey(job: JobDocument): { region: string; hour: string; shard: number } {
  return {
    region: job.region,
    hour: hourStart(job.finishedDateTime ?? job.lastModifiedDateTime),
    shard: shardOf(job.id),
  };
}

/** Counts one finished job (succeeded, failed or cancelled) into its hour. */
export function applyJobOutcome(stats: JobStatsDocument, job: JobDocument): JobStatsDocument {
  if (job.status !== 'succeeded' && job.status !== 'failed' && job.status !== 'cancelled') return stats;
  const previous = stats.byKind[job.kind] ?? { succeeded: 0, failed: 0, cancelled: 0, latency: [] };
  const finishedAt = job.finishedDateTime ?? job.lastModifiedDateTime;
  const latencyMs = Date.parse(finishedAt) - Date.parse(job.createdDateTime);
  const kind: KindCounters = {
    ...previous,
    [job.status]: previous[job.status] + 1,
    latency: job.status === 'succeeded' ? addSample(previous.latency, latencyMs) : previous.latency,
  };
  const failures = { ...stats.failures };
  if (job.status === 'failed') {
    const code = job.errorCode ?? 'unknown';
    failures[code] = {
      count: (failures[code]?.count ?? 0) + 1,
      kind: job.kind,
      lastJobId: job.id,
      lastCloudPcId: job.cloudPcId,
      lastAt: finishedAt,
    };
  }
  return { ...stats, byKind: { ...stats.byKind, [job.kind]: kind }, failures, updatedDateTime: finishedAt };
}

export function connectionCounterKey(
  event: Pick<ConnectionEventDocument, 'regionName' | 'launchRequestedDateTime' | 'cloudPcId'>,
) {
  return {
    region: event.regionName,
    hour: hourStart(event.launchRequestedDateTime),
    shard: shardOf(event.cloudPcId),
  };
}

function cloudPcRow(
  stats: ConnectionStatsDocument,
  cloudPcId: string,
): CloudPcConnectionCounters | undefined {
  const existing = stats.perCloudPc[cloudPcId];
  if (existing) return existing;
  if (Object.keys(stats.perCloudPc).length >= MAX_CLOUD_PCS_PER_HOUR) return undefined;
  return { attempts: 0, connected: 0, roundTrip: { good: 0, average: 0, high: 0 } };
}

/** Counts one launch attempt (connected or refused) into the hour it was asked for. */
export function applyConnectionAttempt(
  stats: ConnectionStatsDocument,
  event: Pick<
    ConnectionEventDocument,
    'cloudPcId' | 'outcome' | 'timeToConnectMs' | 'launchRequestedDateTime'
  >,
): ConnectionStatsDocument {
  const isConnected = event.outcome === 'connected';
  const row = cloudPcRow(stats, event.cloudPcId);
  const perCloudPc = row
    ? {
        ...stats.perCloudPc,
        [event.cloudPcId]: {
          ...row,
          attempts: row.attempts + 1,
          connected: row.connected + (isConnected ? 1 : 0),
        },
      }
    : stats.perCloudPc;
  return {
    ...stats,
    attempts: stats.attempts + 1,
    connected: stats.connected + (isConnected ? 1 : 0),
    refused: isConnected
      ? stats.refused
      : { ...stats.refused, [event.outcome]: (stats.refused[event.outcome] ?? 0) + 1 },
    timeToConnect:
      isConnected && event.timeToConnectMs !== null
        ? addSample(stats.timeToConnect, event.timeToConnectMs)
        : stats.timeToConnect,
    perCloudPc,
    updatedDateTime: event.launchRequestedDateTime,
  };
}

/** Adds round-trip samples reported during a connection to the hour the connection started. */
export function applyRoundTrips(
  stats: ConnectionStatsDocument,
  cloudPcId: string,
  samplesMs: readonly number[],
): ConnectionStatsDocument {
  if (samplesMs.length === 0) return stats;
  const row = cloudPcRow(stats, cloudPcId);
  let latency = stats.roundTripLatency;
  for (const sample of samplesMs) latency = addSample(latency, sample);
  return {
    ...stats,
    roundTrip: addRoundTrips(stats.roundTrip, samplesMs),
    roundTripLatency: latency,
    perCloudPc: row
      ? { ...stats.perCloudPc, [cloudPcId]: { ...row, roundTrip: addRoundTrips(row.roundTrip, samplesMs) } }
      : stats.perCloudPc,
  };
}

/** What an admin should do about a failure code: the engine's and compute's own words. */
export function recommendedActionFor(code: string): { message: string; recommendedAction: string } {
  if (Object.hasOwn(COMPUTE_ERRORS, code)) {
    const entry = COMPUTE_ERRORS[code as keyof typeof COMPUTE_ERRORS];
    return { message: entry.message, recommendedAction: entry.recommendedAction };
  }
  if (Object.hasOwn(ENGINE_FAILURES, code)) {
    const entry = ENGINE_FAILURES[code as keyof typeof ENGINE_FAILURES];
    return { message: entry.message, recommendedAction: entry.recommendedAction };
  }
  return {
    message: 'The job failed with a code this version does not describe.',
    recommendedAction: 'Retry the action. If it keeps failing, contact support with the job id.',
  };
}

export interface FailureGroup {
  code: string;
  count: number;
  kinds: JobKind[];
  message: string;
  recommendedAction: string;
  lastJobId: string;
  lastCloudPcId: string | null;
  lastDateTime: string;
}

export interface KindSummary {
  kind: JobKind;
  succeeded: number;
  failed: number;
  cancelled: number;
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface JobSummary {
  kinds: KindSummary[];
  failures: FailureGroup[];
  hourly: { hourStart: string; succeeded: number; failed: number }[];
}

/** Merges hourly job documents into the pipeline page's numbers. */
export function summariseJobs(documents: readonly JobStatsDocument[]): JobSummary {
  const kinds = new Map<JobKind, { counters: KindCounters[] }>();
  const failures = new Map<string, FailureGroup>();
  const hourly = new Map<string, { succeeded: number; failed: number }>();
  for (const document of documents) {
    const hour = hourly.get(document.hourStart) ?? { succeeded: 0, failed: 0 };
    for (const [kind, counters] of Object.entries(document.byKind) as [JobKind, KindCounters][]) {
      const entry = kinds.get(kind) ?? { counters: [] };
      entry.counters.push(counters);
      kinds.set(kind, entry);
      hour.succeeded += counters.succeeded;
      hour.failed += counters.failed;
    }
    hourly.set(document.hourStart, hour);
    for (const [code, failure] of Object.entries(document.failures)) {
      const known = failures.get(code);
      const isNewer = !known || failure.lastAt > known.lastDateTime;
      failures.set(code, {
        code,
        count: (known?.count ?? 0) + failure.count,
        kinds: [...new Set([...(known?.kinds ?? []), failure.kind])],
        ...recommendedActionFor(code),
        lastJobId: isNewer ? failure.lastJobId : (known?.lastJobId ?? failure.lastJobId),
        lastCloudPcId: isNewer ? failure.lastCloudPcId : (known?.lastCloudPcId ?? null),
        lastDateTime: isNewer ? failure.lastAt : (known?.lastDateTime ?? failure.lastAt),
      });
    }
  }
  const kindSummaries = [...kinds.entries()].map(([kind, { counters }]) => {
    const latency = mergeHistograms(counters.map((counter) => counter.latency));
    const succeeded = counters.reduce((sum, counter) => sum + counter.succeeded, 0);
    const failed = counters.reduce((sum, counter) => sum + counter.failed, 0);
    const cancelled = counters.reduce((sum, counter) => sum + counter.cancelled, 0);
    return {
      kind,
      succeeded,
      failed,
      cancelled,
      successRate: successRate(succeeded, succeeded + failed),
      p50Ms: percentile(latency, 0.5),
      p95Ms: percentile(latency, 0.95),
    };
  });
  return {
    kinds: kindSummaries.sort((a, b) => a.kind.localeCompare(b.kind)),
    failures: [...failures.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    hourly: [...hourly.entries()]
      .map(([hour, counts]) => ({ hourStart: hour, ...counts }))
      .sort((a, b) => a.hourStart.localeCompare(b.hourStart)),
  };
}

export interface ConnectionQuality {
  attempts: number;
  connected: number;
  successRate: number | null;
  timeToConnectP50Ms: number | null;
  timeToConnectP95Ms: number | null;
  roundTripP50Ms: number | null;
  roundTripP95Ms: number | null;
  roundTrip: RoundTripBuckets;
  refused: Record<string, number>;
}

function quality(documents: readonly ConnectionStatsDocument[]): ConnectionQuality {
  const attempts = documents.reduce((sum, document) => sum + document.attempts, 0);
  const connected = documents.reduce((sum, document) => sum + document.connected, 0);
  const timeToConnect = mergeHistograms(documents.map((document) => document.timeToConnect));
  const roundTripLatency = mergeHistograms(documents.map((document) => document.roundTripLatency));
  const refused: Record<string, number> = {};
  for (const document of documents) {
    for (const [outcome, count] of Object.entries(document.refused))
      refused[outcome] = (refused[outcome] ?? 0) + count;
  }
  return {
    attempts,
    connected,
    successRate: successRate(connected, attempts),
    timeToConnectP50Ms: percentile(timeToConnect, 0.5),
    timeToConnectP95Ms: percentile(timeToConnect, 0.95),
    roundTripP50Ms: totalOf(roundTripLatency) > 0 ? percentile(roundTripLatency, 0.5) : null,
    roundTripP95Ms: totalOf(roundTripLatency) > 0 ? percentile(roundTripLatency, 0.95) : null,
    roundTrip: mergeRoundTrips(documents.map((document) => document.roundTrip)),
    refused,
  };
}

export interface ConnectionSummary {
  overall: ConnectionQuality;
  regions: ({ region: string } & ConnectionQuality)[];
  cloudPcs: ({ cloudPcId: string; successRate: number | null } & CloudPcConnectionCounters)[];
  hourly: { hourStart: string; attempts: number; connected: number; roundTrip: RoundTripBuckets }[];
}

/** Merges hourly connection documents into the connection-quality page's numbers. */
export function summariseConnections(
  documents: readonly ConnectionStatsDocument[],
  maxCloudPcs = 200,
): ConnectionSummary {
  const byRegion = new Map<string, ConnectionStatsDocument[]>();
  const byHour = new Map<string, ConnectionStatsDocument[]>();
  const cloudPcs = new Map<string, CloudPcConnectionCounters>();
  for (const document of documents) {
    byRegion.set(document.region, [...(byRegion.get(document.region) ?? []), document]);
    byHour.set(document.hourStart, [...(byHour.get(document.hourStart) ?? []), document]);
    for (const [cloudPcId, row] of Object.entries(document.perCloudPc)) {
      const known = cloudPcs.get(cloudPcId);
      cloudPcs.set(cloudPcId, {
        attempts: (known?.attempts ?? 0) + row.attempts,
        connected: (known?.connected ?? 0) + row.connected,
        roundTrip: mergeRoundTrips([known?.roundTrip, row.roundTrip]),
      });
    }
  }
  // Worst first: the Cloud PCs support staff should look at.
  const rows = [...cloudPcs.entries()]
    .map(([cloudPcId, row]) => ({ cloudPcId, ...row, successRate: successRate(row.connected, row.attempts) }))
    .sort(
      (a, b) =>
        (a.successRate ?? 1) - (b.successRate ?? 1) ||
        b.roundTrip.high - a.roundTrip.high ||
        a.cloudPcId.localeCompare(b.cloudPcId),
    )
    .slice(0, maxCloudPcs);
  return {
    overall: quality(documents),
    regions: [...byRegion.entries()]
      .map(([region, group]) => ({ region, ...quality(group) }))
      .sort((a, b) => a.region.localeCompare(b.region)),
    cloudPcs: rows,
    hourly: [...byHour.entries()]
      .map(([hour, group]) => ({
        hourStart: hour,
        attempts: group.reduce((sum, document) => sum + document.attempts, 0),
        connected: group.reduce((sum, document) => sum + document.connected, 0),
        roundTrip: mergeRoundTrips(group.map((document) => document.roundTrip)),
      }))
      .sort((a, b) => a.hourStart.localeCompare(b.hourStart)),
  };
}
