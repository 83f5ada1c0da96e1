import { describe, expect, it } from 'vitest';
import type { JobDocument, JobKind } from '../jobs/job-types.ts';
import {
  applyConnectionAttempt,
  applyJobOutcome,
  applyRoundTrips,
  emptyConnectionStats,
  emptyJobStats,
  fillHours,
  hourStart,
  type JobStatsDocument,
  jobCounterKey,
  recommendedActionFor,
  shardOf,
  summariseConnections,
  summariseJobs,
} from './counters.ts';

const TENANT = 't1';

/** A small deterministic generator, so failures reproduce. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function finishedJob(overrides: Partial<JobDocument> & { id: string; kind: JobKind }): JobDocument {
  return {
    tenantId: TENANT,
    docType: 'job',
    cloudPcId: `pc-${overrides.id}`,
    idempotencyKey: overrides.id,
    status: 'succeeded',
    attempts: 1,
    maxAttempts: 3,
    steps: [],
    progressPercent: 100,
    leaseOwner: null,
    leaseExpiresAt: null,
    heartbeatAt: null,
    errorCode: null,
    errorMessage: null,
    notBefore: null,
    enqueuedAt: '2026-01-01T10:00:00.000Z',
    createdDateTime: '2026-01-01T10:00:00.000Z',
    startedDateTime: '2026-01-01T10:00:00.000Z',
    finishedDateTime: '2026-01-01T10:01:00.000Z',
    lastModifiedDateTime: '2026-01-01T10:01:00.000Z',
    region: 'eastus',
    requestedBy: { type: 'user', objectId: 'u', userPrincipalName: 'a@b', applicationId: null },
    correlationId: 'c',
    payload: { kind: 'provision', userId: 'u', userPrincipalName: 'a@b', policyId: 'p' },
    ...overrides,
  } as JobDocument;
}

/** Counts generated jobs the way the recorder does: into documents keyed by region, hour and shard. */
function countIntoDocuments(jobs: JobDocument[]): JobStatsDocument[] {
  const documents = new Map<string, JobStatsDocument>();
  for (const job of jobs) {
    const { region, hour, shard } = jobCounterKey(job);
    const key = `${region}|${hour}|${shard}`;
    documents.set(
      key,
      applyJobOutcome(documents.get(key) ?? emptyJobStats(TENANT, region, hour, shard), job),
    );
  }
  return [...documents.values()];
}

describe('job counters', () => {
  const next = random(42);
  const codes = ['allocationFailed', 'imageNotFound', 'domainJoinFailed', 'poisonMessage'];
  const jobs = Array.from({ length: 2_000 }, (_, index) => {
    const created = Date.parse('2026-01-01T00:00:00.000Z') + Math.floor(next() * 24) * 3_600_000;
    const latencyMs = Math.floor(next() * 600_000);
    const roll = next();
    const status = roll < 0.8 ? 'succeeded' : roll < 0.95 ? 'failed' : 'cancelled';
    return finishedJob({
      id: `job-${index}`,
      kind: next() < 0.7 ? 'provision' : 'remoteAction',
      status,
      errorCode: status === 'failed' ? (codes[Math.floor(next() * codes.length)] ?? null) : null,
      region: next() < 0.5 ? 'eastus' : 'westus',
      createdDateTime: new Date(created).toISOString(),
      finishedDateTime: new Date(created + latencyMs).toISOString(),
    });
  });
  const documents = countIntoDocuments(jobs);
  const summary = summariseJobs(documents);

  it('keeps one document per region, hour and shard, whatever the number of jobs', () => {
    // 25 hours (latencies spill into the next) × 2 regions × 4 shards at most.
    expect(documents.length).toBeLessThanOrEqual(25 * 2 * 4);
  });

  it('adds up to exactly the jobs generated, per kind and status', () => {
    for (const kind of ['provision', 'remoteAction'] as const) {
      const ofKind = jobs.filter((job) => job.kind === kind);
      const row = summary.kinds.find((entry) => entry.kind === kind);
      expect(row?.succeeded).toBe(ofKind.filter((job) => job.status === 'succeeded').length);
      expect(row?.failed).toBe(ofKind.filter((job) => job.status === 'failed').length);
      expect(row?.cancelled).toBe(ofKind.filter((job) => job.status === 'cancelled').length);
    }
    expect(summary.hourly.reduce((sum, hour) => sum + hour.succeeded + hour.failed, 0)).toBe(
      jobs.filter((job) => job.status !== 'cancelled').length,
    );
  });

  it('groups failures by error code, most frequent first, with the recommended action', () => {
    const expected = new Map<string, number>();
    for (const job of jobs.filter((candidate) => candidate.status === 'failed')) {
      expected.set(job.errorCode ?? '', (expected.get(job.errorCode ?? '') ?? 0) + 1);
    }
    expect(Object.fromEntries(summary.failures.map((group) => [group.code, group.count]))).toEqual(
      Object.fromEntries(expected),
    );
    const counts = summary.failures.map((group) => group.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const allocation = summary.failures.find((group) => group.code === 'allocationFailed');
    expect(allocation?.recommendedAction).toMatch(/another region/);
    const poison = summary.failures.find((group) => group.code === 'poisonMessage');
    expect(poison?.recommendedAction).toMatch(/job id/);
  });

  it('reports p50/p95 of provisioning time within a bucket of the exact values', () => {
    const latencies = jobs
      .filter((job) => job.kind === 'provision' && job.status === 'succeeded')
      .map((job) => Date.parse(job.finishedDateTime ?? '') - Date.parse(job.createdDateTime))
      .sort((a, b) => a - b);
    const exactP95 = latencies[Math.ceil(0.95 * latencies.length) - 1] ?? 0;
    const row = summary.kinds.find((entry) => entry.kind === 'provision');
    // Uniform 0-600 s: p95 ≈ 570 s; the bucket is 300-600 s.
    expect(row?.p95Ms).toBeGreaterThanOrEqual(300_000);
    expect(row?.p95Ms).toBeLessThanOrEqual(600_000);
    expect(Math.abs((row?.p95Ms ?? 0) - exactP95)).toBeLessThan(60_000);
    expect(row?.successRate).toBeGreaterThan(0.8);
  });

  it('ignores jobs that are still running', () => {
    const stats = emptyJobStats(TENANT, 'eastus', hourStart('2026-01-01T10:00:00Z'), 0);
    expect(applyJobOutcome(stats, finishedJob({ id: 'x', kind: 'provision', status: 'running' }))).toBe(
      stats,
    );
  });

  it('describes unknown codes with a generic action rather than nothing', () => {
    expect(recommendedActionFor('somethingNew').recommendedAction).toMatch(/Retry/);
    expect(recommendedActionFor('imageNotFound').recommendedAction).toMatch(/gallery image/);
  });
});

describe('connection counters', () => {
  it('computes success rate, time to connect and round-trip buckets per region and Cloud PC', () => {
    const next = random(7);
    const hour = hourStart('2026-01-01T10:00:00Z');
    const documents = new Map<string, ReturnType<typeof emptyConnectionStats>>();
    let connected = 0;
    let attempts = 0;
    const rtt = { good: 0, average: 0, high: 0 };
    for (let index = 0; index < 500; index += 1) {
      const region = index % 2 === 0 ? 'eastus' : 'westus';
      const cloudPcId = `pc-${index % 20}`;
      const key = `${region}|${shardOf(cloudPcId)}`;
      let document = documents.get(key) ?? emptyConnectionStats(TENANT, region, hour, shardOf(cloudPcId));
      const isConnected = next() < 0.9;
      attempts += 1;
      if (isConnected) connected += 1;
      document = applyConnectionAttempt(document, {
        cloudPcId,
        outcome: isConnected ? 'connected' : 'refusedNotRunning',
        timeToConnectMs: isConnected ? Math.floor(next() * 2_000) : null,
        launchRequestedDateTime: hour,
      });
      if (isConnected) {
        const samples = [Math.floor(next() * 300), Math.floor(next() * 300)];
        for (const sample of samples) {
          if (sample < 100) rtt.good += 1;
          else if (sample <= 200) rtt.average += 1;
          else rtt.high += 1;
        }
        document = applyRoundTrips(document, cloudPcId, samples);
      }
      documents.set(key, document);
    }
    const summary = summariseConnections([...documents.values()]);
    expect(summary.overall.attempts).toBe(attempts);
    expect(summary.overall.connected).toBe(connected);
    expect(summary.overall.successRate).toBeCloseTo(connected / attempts, 3);
    expect(summary.overall.roundTrip).toEqual(rtt);
    expect(summary.overall.refused.refusedNotRunning).toBe(attempts - connected);
    expect(summary.overall.timeToConnectP50Ms).toBeGreaterThan(500);
    expect(summary.overall.timeToConnectP50Ms).toBeLessThan(1_500);
    expect(summary.regions.map((region) => region.region)).toEqual(['eastus', 'westus']);
    expect(summary.regions.reduce((sum, region) => sum + region.attempts, 0)).toBe(attempts);
    expect(summary.cloudPcs).toHaveLength(20);
    expect(summary.cloudPcs.reduce((sum, row) => sum + row.attempts, 0)).toBe(attempts);
    // Worst first.
    const rates = summary.cloudPcs.map((row) => row.successRate ?? 1);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
  });
});

describe('hour filling', () => {
  it('returns every hour of the window, zero where nothing was counted', () => {
    const rows = [{ hourStart: '2026-01-01T02:00:00.000Z', n: 5 }];
    const filled = fillHours(rows, '2026-01-01T00:00:00.000Z', 4, (hour) => ({ hourStart: hour, n: 0 }));
    expect(filled.map((row) => row.n)).toEqual([0, 0, 5, 0]);
    expect(filled[3]?.hourStart).toBe('2026-01-01T03:00:00.000Z');
  });
});
