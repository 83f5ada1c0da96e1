import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, evaluateAlertRules } from './alerts.ts';
import { emptyJobStats, hourStart, type JobStatsDocument } from './counters.ts';
import { stuckReason } from './pipeline.ts';
import { regionHealthFrom } from './region-health.ts';
import { connectionEntry, jobEntry, mergeTimeline } from './timeline.ts';
import { describeUnavailable } from './unavailable-cloud-pcs.ts';

const NOW = new Date('2026-01-01T12:30:00.000Z');

const ok = { status: 'ok' as const, latencyMs: 3, message: null };
const sample = (
  at: string,
  overrides: Record<string, typeof ok | { status: 'down'; latencyMs: number; message: string }> = {},
) => ({
  at,
  checks: { cosmos: ok, queue: ok, poisonQueue: ok, ...overrides },
  queueDepth: 4,
  poisonDepth: 0,
});

describe('region health', () => {
  it('is healthy with a fresh heartbeat and fresh samples', () => {
    const health = regionHealthFrom({
      region: 'eastus',
      heartbeatAt: new Date(NOW.getTime() - 5_000).toISOString(),
      samples: [sample(new Date(NOW.getTime() - 20_000).toISOString())],
      now: NOW,
      staleAfterMs: 30_000,
    });
    expect(health.status).toBe('healthy');
    expect(health.queueDepth).toBe(4);
    expect(health.history).toHaveLength(1);
  });

  it('is degraded when the worker heartbeat is stale (a killed worker)', () => {
    const health = regionHealthFrom({
      region: 'eastus',
      heartbeatAt: new Date(NOW.getTime() - 90_000).toISOString(),
      samples: [sample(new Date(NOW.getTime() - 90_000).toISOString())],
      now: NOW,
      staleAfterMs: 30_000,
    });
    expect(health.status).toBe('degraded');
    expect(health.checks.find((check) => check.name === 'worker')?.message).toMatch(/90 s ago/);
  });

  it('is unhealthy when Cosmos is down, unknown when nothing was ever heard', () => {
    const down = regionHealthFrom({
      region: 'westus',
      heartbeatAt: NOW.toISOString(),
      samples: [
        sample(NOW.toISOString(), { cosmos: { status: 'down', latencyMs: 3000, message: 'timeout' } }),
      ],
      now: NOW,
      staleAfterMs: 30_000,
    });
    expect(down.status).toBe('unhealthy');
    expect(
      regionHealthFrom({ region: 'x', heartbeatAt: null, samples: [], now: NOW, staleAfterMs: 1 }).status,
    ).toBe('unknown');
  });
});

function failures(count: number): JobStatsDocument {
  const stats = emptyJobStats('t', 'eastus', hourStart(NOW), 0);
  return { ...stats, byKind: { provision: { succeeded: 2, failed: count, cancelled: 0, latency: [] } } };
}

describe('alert rules', () => {
  const quiet = {
    now: NOW,
    thresholds: DEFAULT_THRESHOLDS,
    jobStats: [],
    failedCloudPcs: 0,
    graceEnding: [],
    regions: [],
  };

  it('raises nothing when all is well', () => {
    expect(evaluateAlertRules(quiet)).toEqual([]);
  });

  it('raises provisioning failures at the threshold, not below', () => {
    expect(evaluateAlertRules({ ...quiet, jobStats: [failures(2)] })).toEqual([]);
    const [alert] = evaluateAlertRules({ ...quiet, jobStats: [failures(3)] });
    expect(alert).toMatchObject({ rule: 'provisioningFailures', severity: 'high', scope: 'tenant' });
    expect(alert?.message).toMatch(/^3 Cloud PCs failed/);
  });

  it('raises inaccessible Cloud PCs, grace periods ending and unhealthy regions', () => {
    const rules = evaluateAlertRules({
      ...quiet,
      failedCloudPcs: 2,
      graceEnding: [{ id: 'a', displayName: 'CPC-A', gracePeriodEndDateTime: '2026-01-02T00:00:00Z' }],
      regions: [
        { region: 'eastus', status: 'healthy', checks: [] },
        {
          region: 'westus',
          status: 'degraded',
          checks: [
            {
              name: 'worker',
              status: 'degraded',
              latencyMs: null,
              message: 'Last worker heartbeat 90 s ago.',
              observedDateTime: null,
            },
          ],
        },
      ],
    });
    expect(rules.map((rule) => `${rule.rule}:${rule.scope}`)).toEqual([
      'cloudPcsInaccessible:tenant',
      'gracePeriodsEnding:tenant',
      'regionUnhealthy:westus',
    ]);
    expect(rules[2]?.message).toMatch(/heartbeat 90 s ago/);
  });
});

describe('stuck jobs', () => {
  const job = {
    status: 'running' as const,
    leaseExpiresAt: null,
    attempts: 1,
    enqueuedAt: NOW.toISOString(),
    notBefore: null,
  };
  it('flags an expired lease, a retried job and a job waiting too long', () => {
    expect(
      stuckReason({ ...job, leaseExpiresAt: new Date(NOW.getTime() - 1).toISOString() }, NOW, 30_000),
    ).toBe('leaseExpired');
    expect(
      stuckReason({ ...job, leaseExpiresAt: new Date(NOW.getTime() + 1).toISOString() }, NOW, 30_000),
    ).toBeUndefined();
    expect(stuckReason({ ...job, status: 'pending' }, NOW, 30_000)).toBe('retried');
    expect(
      stuckReason(
        {
          ...job,
          status: 'pending',
          attempts: 0,
          enqueuedAt: new Date(NOW.getTime() - 61_000).toISOString(),
        },
        NOW,
        30_000,
      ),
    ).toBe('waitingTooLong');
  });
});

describe('unavailable Cloud PCs', () => {
  const pc = {
    id: 'pc1',
    displayName: 'CPC-1',
    userPrincipalName: 'a@b',
    regionName: 'eastus',
    status: 'failed' as const,
    statusDetail: {
      code: 'imageNotFound',
      message: 'The image is gone.',
      recommendedAction: 'Pick another image.',
    },
    gracePeriodEndDateTime: null,
    lastModifiedDateTime: '2026-01-01T10:00:00.000Z',
    lastRemoteActionResult: null,
    powerState: 'unknown' as const,
  };
  it('explains a failed one with its code and action, skips a healthy one, reports stalled provisioning', () => {
    expect(describeUnavailable(pc, NOW)).toMatchObject({
      errorCode: 'imageNotFound',
      likelyCause: 'The image is gone.',
      recommendedAction: 'Pick another image.',
      sinceDateTime: '2026-01-01T10:00:00.000Z',
    });
    expect(
      describeUnavailable({ ...pc, status: 'provisioned', statusDetail: null, powerState: 'running' }, NOW),
    ).toBeUndefined();
    expect(
      describeUnavailable({ ...pc, status: 'provisioning', statusDetail: null }, NOW)?.likelyCause,
    ).toMatch(/150 minutes/);
    expect(
      describeUnavailable(
        { ...pc, status: 'provisioning', statusDetail: null, lastModifiedDateTime: NOW.toISOString() },
        NOW,
      ),
    ).toBeUndefined();
  });
});

describe('timeline', () => {
  it('names a remote action, its outcome and its error code', () => {
    const entry = jobEntry({
      id: 'j1',
      tenantId: 't',
      docType: 'job',
      kind: 'remoteAction',
      cloudPcId: 'pc1',
      idempotencyKey: 'k',
      status: 'failed',
      attempts: 3,
      maxAttempts: 3,
      steps: [],
      progressPercent: 0,
      leaseOwner: null,
      leaseExpiresAt: null,
      heartbeatAt: null,
      errorCode: 'allocationFailed',
      errorMessage: 'No capacity.',
      notBefore: null,
      enqueuedAt: NOW.toISOString(),
      createdDateTime: NOW.toISOString(),
      startedDateTime: NOW.toISOString(),
      finishedDateTime: NOW.toISOString(),
      lastModifiedDateTime: NOW.toISOString(),
      region: 'eastus',
      requestedBy: { type: 'user', objectId: 'u', userPrincipalName: 'admin@x', applicationId: null },
      correlationId: 'req-1',
      payload: { kind: 'remoteAction', action: 'resize' },
    });
    expect(entry).toMatchObject({
      source: 'remoteAction',
      title: 'Remote action resize',
      outcome: 'failure',
      jobId: 'j1',
      correlationId: 'req-1',
      actor: 'admin@x',
    });
    expect(entry.detail).toBe('failed, attempt 3 of 3 · allocationFailed: No capacity.');
  });

  it('merges sources newest first, without duplicates, bounded', () => {
    const connection = connectionEntry({
      id: 'c1',
      tenantId: 't',
      docType: 'connectionEvent',
      userId: 'u',
      userPrincipalName: 'a@b',
      cloudPcId: 'pc1',
      regionName: 'eastus',
      outcome: 'connected',
      message: null,
      launchRequestedDateTime: '2026-01-01T11:00:00.000Z',
      connectedDateTime: '2026-01-01T11:00:01.000Z',
      timeToConnectMs: 1000,
      roundTripSamplesMs: [50, 150],
      disconnectReason: null,
      disconnectedDateTime: null,
    });
    expect(connection.detail).toBe('connected in 1000 ms · average round trip 100 ms');
    const entries = Array.from({ length: 300 }, (_, index) => ({
      ...connection,
      id: `e${index % 250}`,
      at: new Date(Date.parse('2026-01-01T00:00:00Z') + index * 1000).toISOString(),
    }));
    const merged = mergeTimeline(entries, 200);
    expect(merged.value).toHaveLength(200);
    expect(merged.isTruncated).toBe(true);
    expect((merged.value[0]?.at ?? '') >= (merged.value[1]?.at ?? '')).toBe(true);
    expect(new Set(merged.value.map((entry) => entry.id)).size).toBe(200);
  });
});
