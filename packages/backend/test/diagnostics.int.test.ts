import type {
  Alert,
  ConnectionQuality,
  Pipeline,
  ServiceHealth,
  Timeline,
  UnavailableCloudPcs,
} from '@cloudpc/api-client';
import { getTestCloud } from '@cloudpc/local-cloud/testing/test-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCloudPc } from '../src/cloud-pcs/cloud-pc-repository.ts';
import { COMPUTE_ERRORS } from '../src/compute/compute-errors.ts';
import { NO_FAILURES } from '../src/compute/failure-injection.ts';
import { createSimulatedCompute } from '../src/compute/simulated-compute.ts';
import { evaluateTenantAlerts } from '../src/diagnostics/alerts.ts';
import { getServiceHealth } from '../src/diagnostics/region-health.ts';
import { writeHeartbeat } from '../src/health/heartbeat-repository.ts';
import { logger } from '../src/observability/logger.ts';
import { FAST_ENGINE, FAST_SETTINGS, WORKER_ACTOR } from '../src/provisioning/testing/engine-harness.ts';
import { openQueue } from '../src/queue/queue-adapter.ts';
import { type RegionWorker, startRegionWorker } from '../src/worker/region-worker.ts';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { makeCloudPc } from './cloud-pc-fixtures.ts';
import { contoso, fabrikam, user } from './seed-identities.ts';

/**
 * Diagnostics over the real API: failures injected into the simulated compute show up
 * under their Windows 365 error code on the next read of the pipeline, connection
 * attempts show in connection quality, a worker that stops shows its region degraded,
 * and every view stays inside the caller's tenant and roles.
 */
const VE = '/api/v1.0/deviceManagement/virtualEndpoint';
const D = `${VE}/diagnostics`;
const PLAN_4_16_256 = '0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c07';

let h: ApiHarness;
let worker: RegionWorker;
const ids = { resizeA: '', resizeB: '', failed: '', ready: '' };
const adele = user('adele@contoso.test');
const alex = user('alex@contoso.test');
const admin = () => h.as('admin@contoso.test');
const support = () => h.as('support@contoso.test');

async function waitFor<T>(what: string, probe: () => Promise<T | false | undefined>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

beforeAll(async () => {
  h = await startApiHarness();
  const store = await h.store();
  const connection = getTestCloud().queues.connectionString;
  const queueName = `q-diag-${Date.now().toString(36)}`;
  // The portal rings the shared 'provisioning' queue; this worker listens on its own and
  // finds the work through the reconciler, as the remote-actions test does.
  worker = startRegionWorker({
    region: 'eastus',
    store,
    queue: openQueue(connection, queueName),
    poisonQueue: openQueue(connection, `${queueName}-poison`),
    compute: createSimulatedCompute({
      stepMs: 0,
      failures: { ...NO_FAILURES, rate: 1, rateCode: 'resizeNotSupported', operations: ['resize'] },
    }),
    tenantIds: [contoso.tenantId],
    workerActor: WORKER_ACTOR,
    logger: logger.child({ test: 'diagnostics' }),
    settings: { ...FAST_SETTINGS, reconcileIntervalMs: 200, engine: { ...FAST_ENGINE, messageGraceMs: 600 } },
  });
  const add = async (owner: typeof adele, overrides: Partial<Parameters<typeof makeCloudPc>[0]> = {}) =>
    (
      await insertCloudPc(
        store,
        makeCloudPc({
          tenantId: owner.tenantId,
          userId: owner.id,
          userPrincipalName: owner.userPrincipalName,
          ...overrides,
        }),
      )
    ).value.id;
  ids.resizeA = await add(adele, { displayName: 'Adele resize' });
  ids.resizeB = await add(alex, { displayName: 'Alex resize' });
  ids.failed = await add(user('megan@contoso.test'), {
    displayName: 'Megan failed',
    status: 'failed',
    statusDetail: {
      code: 'domainJoinFailed',
      message: COMPUTE_ERRORS.domainJoinFailed.message,
      recommendedAction: COMPUTE_ERRORS.domainJoinFailed.recommendedAction,
    },
  });
  ids.ready = await add(user('grady@contoso.test'), { displayName: 'Grady ready' });
}, 60_000);

afterAll(async () => {
  await worker?.stop({ drainMs: 1_000 });
  await h?.close();
});

describe('provisioning pipeline', () => {
  it('shows injected failures under their error code with the recommended action on the next read', async () => {
    for (const id of [ids.resizeA, ids.resizeB]) {
      const response = await admin().post(`${VE}/cloudPCs/${id}/resize`, {
        targetServicePlanId: PLAN_4_16_256,
      });
      expect(response.status).toBe(204);
    }
    const store = await h.store();
    // The job's finish and its counter are written by the consumer before it lets go of the message.
    await waitFor('both resize jobs failed and the consumer idle', async () => {
      const { resources } = await store
        .container('jobs')
        .items.query<{ status: string }>({
          query: "SELECT c.status FROM c WHERE c.tenantId = @t AND c.kind = 'remoteAction'",
          parameters: [{ name: '@t', value: contoso.tenantId }],
        })
        .fetchAll();
      return (
        resources.length === 2 &&
        resources.every((job) => job.status === 'failed') &&
        worker.consumer.inFlight() === 0
      );
    });
    const pipeline = await support().get<Pipeline>(`${D}/pipeline?hours=1`);
    expect(pipeline.status).toBe(200);
    const group = pipeline.body.failures.find((failure) => failure.code === 'resizeNotSupported');
    expect(group).toMatchObject({
      count: 2,
      kinds: ['remoteAction'],
      recommendedAction: COMPUTE_ERRORS.resizeNotSupported.recommendedAction,
    });
    expect([ids.resizeA, ids.resizeB]).toContain(group?.lastCloudPcId);
    expect(pipeline.body.jobsByState.failed).toBe(2);
    expect(pipeline.body.kinds.find((kind) => kind.kind === 'remoteAction')).toMatchObject({
      failed: 2,
      successRate: 0,
    });
  });

  it('lists the failed Cloud PC as unavailable with its cause, and its timeline merges jobs, actions and audit', async () => {
    const unavailable = await support().get<UnavailableCloudPcs>(`${D}/unavailableCloudPCs`);
    expect(unavailable.status).toBe(200);
    const failed = unavailable.body.value.find((row) => row.cloudPcId === ids.failed);
    expect(failed).toMatchObject({
      status: 'failed',
      errorCode: 'domainJoinFailed',
      recommendedAction: COMPUTE_ERRORS.domainJoinFailed.recommendedAction,
    });
    expect(unavailable.body.value.map((row) => row.cloudPcId)).not.toContain(ids.ready);

    const timeline = await support().get<Timeline>(`${D}/cloudPCs/${ids.resizeA}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.subject).toMatchObject({
      type: 'cloudPc',
      id: ids.resizeA,
      displayName: 'Adele resize',
    });
    const action = timeline.body.value.find((entry) => entry.source === 'remoteAction');
    expect(action).toMatchObject({ title: 'Remote action resize', outcome: 'failure' });
    expect(action?.detail).toMatch(/resizeNotSupported/);
    const audits = timeline.body.value.filter((entry) => entry.source === 'audit');
    expect(audits.length).toBeGreaterThan(0);
    expect(audits.some((entry) => entry.jobId === action?.jobId)).toBe(true);
    const ordered = timeline.body.value.map((entry) => entry.at);
    expect(ordered).toEqual([...ordered].sort().reverse());
  });
});

describe('connection quality', () => {
  it('counts launches, refusals, time to connect and round trips in the Windows 365 buckets', async () => {
    const me = h.as('grady@contoso.test');
    const info = await me.get<{ cloudPcLaunchUrl: string }>(
      `/api/v1.0/me/cloudPCs/${ids.ready}/getCloudPcLaunchInfo`,
    );
    expect(info.status).toBe(200);
    const ticket = new URL(info.body.cloudPcLaunchUrl, 'http://x').searchParams.get('ticket');
    const session = await me.post<{ connectionId: string }>('/api/v1.0/me/launchTickets/redeem', { ticket });
    expect(session.status).toBe(200);
    const report = await me.post(`/api/v1.0/me/connections/${session.body.connectionId}/report`, {
      roundTripMs: [40, 150, 320, 90],
    });
    expect(report.status).toBe(204);
    // Megan's Cloud PC is failed: her launch is refused, and that is an attempt too.
    const refused = await h
      .as('megan@contoso.test')
      .get(`/api/v1.0/me/cloudPCs/${ids.failed}/getCloudPcLaunchInfo`);
    expect(refused.status).toBe(409);

    const quality = await support().get<ConnectionQuality>(`${D}/connectionQuality`);
    expect(quality.status).toBe(200);
    expect(quality.body.overall).toMatchObject({
      attempts: 2,
      connected: 1,
      successRate: 0.5,
      roundTrip: { good: 2, average: 1, high: 1 },
      refused: { refusedNotRunning: 1 },
    });
    expect(quality.body.overall.timeToConnectP50Ms).not.toBeNull();
    expect(quality.body.regions.map((region) => region.region)).toEqual(['eastus']);
    expect(quality.body.cloudPcs.find((row) => row.cloudPcId === ids.ready)).toMatchObject({
      displayName: 'Grady ready',
      attempts: 1,
      connected: 1,
    });

    const timeline = await support().get<Timeline>(`${D}/users/grady@contoso.test/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.subject.cloudPcIds).toEqual([ids.ready]);
    expect(timeline.body.value.find((entry) => entry.source === 'connection')).toMatchObject({
      connectionId: session.body.connectionId,
      outcome: 'success',
    });
  });
});

describe('service health and alerts', () => {
  it('shows a region healthy while its worker beats and degraded once the worker is gone; the alert is acknowledged by support', async () => {
    const store = await h.store();
    const connection = getTestCloud().queues.connectionString;
    const queueName = `q-diag-west-${Date.now().toString(36)}`;
    const west = startRegionWorker({
      region: 'westus',
      store,
      queue: openQueue(connection, queueName),
      poisonQueue: openQueue(connection, `${queueName}-poison`),
      compute: createSimulatedCompute({ stepMs: 0 }),
      tenantIds: [contoso.tenantId],
      workerActor: WORKER_ACTOR,
      logger: logger.child({ test: 'diagnostics-west' }),
      settings: {
        ...FAST_SETTINGS,
        heartbeatIntervalMs: 200,
        diagnosticsIntervalMs: 300,
        pruneIntervalMs: 0,
      },
      heartbeat: true,
    });
    try {
      const healthy = await waitFor('westus healthy', async () => {
        const response = await support().get<ServiceHealth>(`${D}/serviceHealth?hours=1`);
        const region = response.body.regions.find((candidate) => candidate.region === 'westus');
        return region?.status === 'healthy' && region;
      });
      expect(healthy.queueDepth).not.toBeNull();
      expect(healthy.checks.map((check) => check.name)).toEqual(['worker', 'cosmos', 'queue', 'poisonQueue']);
      // The region serving the request reports its own portal as a live check.
      const served = await support().get<ServiceHealth>(`${D}/serviceHealth?hours=1`);
      expect(served.body.servedByRegion).toBe('eastus');
      expect(served.body.regions.find((region) => region.region === 'eastus')?.checks[0]).toMatchObject({
        name: 'portal',
        status: 'ok',
      });
      expect(healthy.history.length).toBeGreaterThan(0);
    } finally {
      await west.stop({ drainMs: 500 });
    }
    // A gateway that publishes a heartbeat shows as a check of its region.
    await writeHeartbeat(store, {
      component: 'gateway',
      region: 'westus',
      at: new Date().toISOString(),
      pid: 1,
    });
    const withGateway = await getServiceHealth({
      store,
      servedByRegion: 'eastus',
      hours: 1,
      now: new Date(),
    });
    expect(
      withGateway.regions
        .find((region) => region.region === 'westus')
        ?.checks.find((check) => check.name === 'gateway'),
    ).toMatchObject({ status: 'ok' });
    // The worker is gone; a minute later its heartbeat no longer vouches for the region.
    const later = new Date(Date.now() + 60_000);
    const health = await getServiceHealth({ store, servedByRegion: 'eastus', hours: 1, now: later });
    const westus = health.regions.find((region) => region.region === 'westus');
    expect(westus?.status).toBe('degraded');
    expect(westus?.checks.find((check) => check.name === 'worker')?.message).toMatch(/heartbeat \d+ s ago/);
    expect(westus?.checks.find((check) => check.name === 'gateway')?.message).toMatch(
      /gateway heartbeat \d+ s ago/,
    );

    // What the workers' alert round does with that picture.
    await evaluateTenantAlerts({ store, tenantId: contoso.tenantId, regions: health.regions, now: later });
    const alerts = await support().get<{ value: Alert[] }>(`${D}/alerts`);
    expect(alerts.status).toBe(200);
    const regionAlert = alerts.body.value.find((alert) => alert.id === 'alert:regionUnhealthy:westus');
    expect(regionAlert).toMatchObject({ status: 'active', severity: 'medium', acknowledgedBy: null });
    expect(alerts.body.value.find((alert) => alert.rule === 'cloudPcsInaccessible')).toMatchObject({
      status: 'active',
    });

    const ack = await support().post<Alert>(
      `${D}/alerts/${encodeURIComponent('alert:regionUnhealthy:westus')}/acknowledge`,
    );
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ acknowledgedBy: 'support@contoso.test', status: 'active' });
    const audit = await admin().get<{ value: { activity: string; actor: { userPrincipalName: string } }[] }>(
      `${VE}/auditEvents?$filter=activity eq 'Acknowledge alert'`,
    );
    expect(audit.body.value[0]?.actor.userPrincipalName).toBe('support@contoso.test');

    // The region recovers: the next evaluation resolves the alert.
    await evaluateTenantAlerts({ store, tenantId: contoso.tenantId, regions: [], now: new Date() });
    const after = await support().get<{ value: Alert[] }>(`${D}/alerts`);
    expect(after.body.value.find((alert) => alert.id === 'alert:regionUnhealthy:westus')?.status).toBe(
      'resolved',
    );
  });
});

describe('tenant isolation and roles', () => {
  const fab = () => h.as('admin@fabrikam.test');

  it('shows a Fabrikam admin nothing of Contoso', async () => {
    const pipeline = await fab().get<Pipeline>(`${D}/pipeline`);
    expect(pipeline.status).toBe(200);
    expect(pipeline.body.failures).toEqual([]);
    expect((await fab().get<UnavailableCloudPcs>(`${D}/unavailableCloudPCs`)).body.value).toEqual([]);
    expect((await fab().get<ConnectionQuality>(`${D}/connectionQuality`)).body.overall.attempts).toBe(0);
    expect((await fab().get(`${D}/cloudPCs/${ids.resizeA}/timeline`)).status).toBe(404);
    expect((await fab().get(`${D}/users/${adele.id}/timeline`)).status).toBe(404);
    expect((await fab().get<{ value: Alert[] }>(`${D}/alerts`)).body.value).toEqual([]);
    const ack = await fab().post(
      `${D}/alerts/${encodeURIComponent('alert:cloudPcsInaccessible:tenant')}/acknowledge`,
    );
    expect(ack.status).toBe(404);
    expect(fabrikam.tenantId).not.toBe(contoso.tenantId);
  });

  it('admits support and admins, refuses people without a role (403) and anonymous callers (401)', async () => {
    const paths = ['serviceHealth', 'pipeline', 'connectionQuality', 'unavailableCloudPCs', 'alerts'];
    for (const path of paths) {
      expect((await support().get(`${D}/${path}`)).status).toBe(200);
      expect((await admin().get(`${D}/${path}`)).status).toBe(200);
      expect((await h.as('adele@contoso.test').get(`${D}/${path}`)).status).toBe(403);
      expect((await h.anonymous.get(`${D}/${path}`)).status).toBe(401);
    }
    const ack = await h.as('adele@contoso.test').post(`${D}/alerts/x/acknowledge`);
    expect(ack.status).toBe(403);
    expect((await support().get(`${D}/pipeline?hours=500`)).status).toBe(400);
  });
});
