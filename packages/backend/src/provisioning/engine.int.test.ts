import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEngineCloudPc } from '../cloud-pcs/cloud-pc-state-repository.ts';
import { parseFailureInjection } from '../compute/failure-injection.ts';
import { createSimulatedCompute } from '../compute/simulated-compute.ts';
import { cloudPcIdFor } from '../jobs/job-ids.ts';
import { insertJob } from '../jobs/job-repository.ts';
import { reapJobs } from '../jobs/job-sweeps.ts';
import { isTerminal } from '../jobs/job-types.ts';
import { buildJob } from '../jobs/new-job.ts';
import { readPolicyDocument } from '../policies/policy-repository.ts';
import type { ProvisioningPolicyDocument } from '../policies/provisioning-policies.ts';
import { provisioningHandlers } from './job-handlers.ts';
import { requestProvisioning } from './request-provisioning.ts';
import {
  ADMIN,
  CONTOSO,
  type EngineHarness,
  FAST_ENGINE,
  startEngineHarness,
} from './testing/engine-harness.ts';

function fakeUser(label: string) {
  return { id: randomUUID(), userPrincipalName: `${label}-${randomUUID().slice(0, 6)}@contoso.test` };
}

describe('the job engine against the real Cosmos and Azurite', () => {
  let harness: EngineHarness;
  let policy: ProvisioningPolicyDocument;

  beforeAll(async () => {
    harness = await startEngineHarness({ name: 'engine' });
    const policyId = await harness.createPolicy();
    const found = await readPolicyDocument<ProvisioningPolicyDocument>(
      harness.store,
      CONTOSO,
      policyId,
      'provisioningPolicy',
    );
    if (!found) throw new Error('policy not stored');
    policy = found.value;
  });
  afterAll(() => harness?.close());

  async function request(queueName: string, user = fakeUser('user')) {
    const result = await requestProvisioning(
      {
        store: harness.store,
        doorbell: harness.doorbell(queueName),
        now: () => new Date(),
        region: 'eastus',
      },
      { tenantId: CONTOSO, user, policy, trigger: 'test', requestedBy: ADMIN, correlationId: randomUUID() },
    );
    if (result.kind !== 'requested') throw new Error(`expected a request, got ${result.kind}`);
    return { ...result, user };
  }

  it('two workers in two regions with two queues, both handed every job, never both run one', async () => {
    const east = `q-east-${harness.id}`;
    const west = `q-west-${harness.id}`;
    const eastCompute = createSimulatedCompute({ stepMs: 40 });
    const westCompute = createSimulatedCompute({ stepMs: 40 });
    const requested: Awaited<ReturnType<typeof request>>[] = [];
    for (let index = 0; index < 20; index += 1) requested.push(await request(east));
    // The same job in both regions' queues, twice: what a reconciler in each region could cause.
    for (const { jobId } of requested) {
      for (const queueName of [west, east, west]) {
        await harness.doorbell(queueName).ring({ jobId, tenantId: CONTOSO });
      }
    }
    // Both start with every message waiting: were they started first, a slow machine could let
    // east finish all 20 while the requests were still being made, and west would see none.
    const workers = [
      harness.startWorker({
        region: 'eastus',
        queueName: east,
        compute: eastCompute,
        settings: { concurrency: 4 },
      }),
      harness.startWorker({
        region: 'westus',
        queueName: west,
        compute: westCompute,
        settings: { concurrency: 4 },
      }),
    ];
    await harness.waitFor('every job finished', async () => {
      const jobs = (await harness.jobs()).filter((job) => requested.some((r) => r.jobId === job.id));
      return jobs.length === requested.length && jobs.every((job) => job.status === 'succeeded') && jobs;
    });
    const creates = [...eastCompute.calls, ...westCompute.calls].filter(
      (call) => call.operation === 'create',
    );
    for (const { cloudPcId } of requested) {
      expect(creates.filter((call) => call.machineId === cloudPcId)).toHaveLength(1);
    }
    expect(eastCompute.calls.length).toBeGreaterThan(0);
    expect(westCompute.calls.length).toBeGreaterThan(0);
    const jobs = (await harness.jobs()).filter((job) => requested.some((r) => r.jobId === job.id));
    expect(jobs.every((job) => job.attempts === 1)).toBe(true);
    await Promise.all(workers.map((worker) => worker.stop()));
  });

  it('a provision job whose request died before writing the Cloud PC waits for the redone request', async () => {
    const queueName = `q-orphan-${harness.id}`;
    const user = fakeUser('orphan');
    const cloudPcId = cloudPcIdFor(CONTOSO, user.id);
    const trigger = 'round-orphan';
    // What a sync round killed between the two writes leaves: the job, no Cloud PC, no message.
    const { job } = await insertJob(
      harness.store,
      buildJob(
        {
          tenantId: CONTOSO,
          cloudPcId,
          idempotencyKey: `${cloudPcId}:provision:${trigger}`,
          payload: {
            kind: 'provision',
            userId: user.id,
            userPrincipalName: user.userPrincipalName,
            policyId: policy.id,
          },
          requestedBy: ADMIN,
          correlationId: randomUUID(),
          region: 'eastus',
        },
        new Date(),
      ),
    );
    const worker = harness.startWorker({ queueName, compute: createSimulatedCompute({ stepMs: 0 }) });
    // The reconciler re-sends it; the worker must not cancel a job its redone round will need.
    await harness.doorbell(queueName).ring({ jobId: job.value.id, tenantId: CONTOSO });
    const looked = await harness.waitFor('the worker to look at the job', async () => {
      const found = (await harness.jobs()).find((candidate) => candidate.id === job.value.id);
      return found && (isTerminal(found.status) || found.notBefore !== null) && found;
    });
    expect(looked).toMatchObject({ status: 'pending', attempts: 0 });
    const redone = await requestProvisioning(
      {
        store: harness.store,
        doorbell: harness.doorbell(queueName),
        now: () => new Date(),
        region: 'eastus',
      },
      { tenantId: CONTOSO, user, policy, trigger, requestedBy: ADMIN, correlationId: randomUUID() },
    );
    expect(redone).toMatchObject({ kind: 'requested', jobId: job.value.id });
    const finished = await harness.waitFor('the job to finish', async () => {
      const found = (await harness.jobs()).find((candidate) => candidate.id === job.value.id);
      return found && isTerminal(found.status) && found;
    });
    expect(finished).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect((await readEngineCloudPc(harness.store, CONTOSO, cloudPcId))?.value).toMatchObject({
      status: 'provisioned',
      lastJobId: job.value.id,
    });
    await worker.stop();
  });

  it('retries an injected transient failure 3 times in total, then fails the Cloud PC with the code', async () => {
    const queueName = `q-fail-${harness.id}`;
    const flaky = fakeUser('flaky');
    const compute = createSimulatedCompute({
      stepMs: 0,
      failures: parseFailureInjection(
        JSON.stringify({ users: { [flaky.userPrincipalName]: 'allocationFailed' } }),
      ),
    });
    const worker = harness.startWorker({ queueName, compute });
    const { cloudPcId, jobId } = await request(queueName, flaky);
    const failed = await harness.waitFor('the Cloud PC to fail', async () => {
      const pc = await readEngineCloudPc(harness.store, CONTOSO, cloudPcId);
      return pc?.value.status === 'failed' && pc.value;
    });
    expect(failed.statusDetail).toMatchObject({
      code: 'allocationFailed',
      recommendedAction: expect.stringContaining('retry'),
    });
    expect(failed.activeJobId).toBeNull();
    expect(compute.calls.filter((call) => call.machineId === cloudPcId)).toHaveLength(3);
    const job = (await harness.jobs()).find((candidate) => candidate.id === jobId);
    expect(job).toMatchObject({ status: 'failed', attempts: 3, errorCode: 'allocationFailed' });
    const audit = (await harness.auditEvents()).filter(
      (event) => event.resources[0]?.resourceId === cloudPcId,
    );
    expect(audit.find((event) => event.activity === 'Provisioning failed cloudPC')).toMatchObject({
      activityResult: 'failure',
      jobId,
    });
    await worker.stop();
  });

  it('does not retry a failure that cannot succeed (image not found)', async () => {
    const queueName = `q-image-${harness.id}`;
    const compute = createSimulatedCompute({
      stepMs: 0,
      failures: parseFailureInjection(JSON.stringify({ images: { [policy.imageId]: 'imageNotFound' } })),
    });
    const worker = harness.startWorker({ queueName, compute });
    const { cloudPcId, jobId } = await request(queueName);
    const failed = await harness.waitFor('the Cloud PC to fail', async () => {
      const pc = await readEngineCloudPc(harness.store, CONTOSO, cloudPcId);
      return pc?.value.status === 'failed' && pc.value;
    });
    expect(failed.statusDetail?.code).toBe('imageNotFound');
    expect((await harness.jobs()).find((job) => job.id === jobId)).toMatchObject({
      status: 'failed',
      attempts: 1,
    });
    await worker.stop();
  });

  it('moves a message delivered too often to the poison queue and fails its job, never dropping it', async () => {
    const queueName = `q-poison-${harness.id}`;
    const { cloudPcId, jobId } = await request(queueName);
    // Someone received it and never finished (a worker that crashed without deleting).
    await harness.queue(queueName).receive({ max: 1, visibilityTimeoutSeconds: 1 });
    const compute = createSimulatedCompute({ stepMs: 0 });
    const worker = harness.startWorker({
      queueName,
      compute,
      settings: { engine: { ...FAST_ENGINE, maxDequeueCount: 1 } },
    });
    await harness.waitFor('the job to fail', async () => {
      const job = (await harness.jobs()).find((candidate) => candidate.id === jobId);
      return job && isTerminal(job.status) && job;
    });
    const job = (await harness.jobs()).find((candidate) => candidate.id === jobId);
    expect(job).toMatchObject({ status: 'failed', errorCode: 'poisonMessage' });
    const poisoned = await harness
      .queue(`${queueName}-poison`)
      .receive({ max: 32, visibilityTimeoutSeconds: 5 });
    expect(poisoned.map((message) => message.body)).toEqual([{ v: 1, jobId, tenantId: CONTOSO }]);
    expect((await readEngineCloudPc(harness.store, CONTOSO, cloudPcId))?.value).toMatchObject({
      status: 'failed',
      statusDetail: { code: 'poisonMessage' },
    });
    expect(compute.calls).toHaveLength(0);
    await worker.stop();
  });

  it('the reaper fails a job past its time budget after re-reading it, and the worker running it stops', async () => {
    const queueName = `q-reap-${harness.id}`;
    const compute = createSimulatedCompute({ stepMs: 30_000 });
    const worker = harness.startWorker({ queueName, compute });
    const { cloudPcId, jobId } = await request(queueName);
    await harness.waitFor('the job to run', async () => {
      const job = (await harness.jobs()).find((candidate) => candidate.id === jobId);
      return job?.status === 'running';
    });
    // The reaper's clock says the provisioning budget (2 minutes here) has passed.
    const later = () => new Date(Date.now() + 10 * 60_000);
    const context = { ...worker.context, now: later, workerId: 'reaper-test' };
    const report = await reapJobs(context, provisioningHandlers(context), [CONTOSO]);
    expect(report.failed).toBeGreaterThanOrEqual(1);
    const job = (await harness.jobs()).find((candidate) => candidate.id === jobId);
    expect(job).toMatchObject({ status: 'failed', errorCode: 'operationTimedOut', leaseOwner: null });
    const pc = await readEngineCloudPc(harness.store, CONTOSO, cloudPcId);
    expect(pc?.value).toMatchObject({
      status: 'failed',
      statusDetail: { code: 'operationTimedOut' },
      activeJobId: null,
    });
    // The worker notices at its next heartbeat that the job is no longer its own, and stops without writing.
    await worker.stop({ drainMs: 3_000 });
    expect((await harness.jobs()).find((candidate) => candidate.id === jobId)).toMatchObject({
      status: 'failed',
      errorCode: 'operationTimedOut',
    });
  });
});
