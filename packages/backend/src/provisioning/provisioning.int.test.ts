import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatedCompute } from '../compute/simulated-compute.ts';
import { isTerminal } from '../jobs/job-types.ts';
import { CONTOSO, type EngineHarness, GROUPS, startEngineHarness } from './testing/engine-harness.ts';

describe('assigning a policy to a 500-member group', () => {
  let harness: EngineHarness;
  const compute = createSimulatedCompute({ stepMs: 0 });

  beforeAll(async () => {
    harness = await startEngineHarness({ name: 'assign500', entra: true });
    harness.startWorker({ compute });
  });
  afterAll(() => harness?.close());

  it('provisions every member exactly once, named from the template, in the policy region, audited with job ids', async () => {
    const policyId = await harness.createPolicy({
      template: 'FL-%USERNAME:4%-%RAND:5%',
      regionName: 'westus',
    });
    await harness.assign(policyId, [GROUPS.frontline]);

    const cloudPcs = await harness.waitFor(
      'all 500 Cloud PCs provisioned',
      async () => {
        const all = await harness.cloudPcs();
        return all.length === 500 && all.every((pc) => pc.status === 'provisioned') && all;
      },
      90_000,
    );
    expect(new Set(cloudPcs.map((pc) => pc.userId)).size).toBe(500);
    expect(new Set(cloudPcs.map((pc) => pc.managedDeviceName)).size).toBe(500);
    for (const pc of cloudPcs) {
      expect(pc.managedDeviceName).toMatch(/^FL-USER-[A-Z0-9]{5}$/);
      expect(pc).toMatchObject({
        regionName: 'westus',
        provisioningPolicyId: policyId,
        powerState: 'running',
        statusDetail: null,
        activeJobId: null,
      });
    }
    const creates = compute.calls.filter((call) => call.operation === 'create');
    expect(creates).toHaveLength(500);
    expect(new Set(creates.map((call) => call.machineId)).size).toBe(500);

    // A job's own finishing write lands just after the Cloud PC it provisioned: wait for it.
    const jobs = await harness.waitFor(
      'every provision job finished',
      async () => {
        const all = await harness.jobs();
        const provisioning = all.filter((job) => job.kind === 'provision');
        return provisioning.length === 500 && provisioning.every((job) => isTerminal(job.status)) && all;
      },
      30_000,
    );
    const provisionJobs = jobs.filter((job) => job.kind === 'provision');
    expect(provisionJobs).toHaveLength(500);
    const unexpected = provisionJobs.filter((job) => job.status !== 'succeeded' || job.attempts !== 1);
    expect(unexpected.map((job) => `${job.id} ${job.status} attempt ${job.attempts}`)).toEqual([]);
    const audit = await harness.auditEvents();
    const provisioned = audit.filter((event) => event.activity === 'Provisioned cloudPC');
    expect(provisioned).toHaveLength(500);
    const jobIds = new Set(provisionJobs.map((job) => job.id));
    expect(provisioned.every((event) => event.jobId !== null && jobIds.has(event.jobId))).toBe(true);
    expect(new Set(provisioned.map((event) => event.resources[0]?.resourceId)).size).toBe(500);
  });

  it('ignores duplicate deliveries and a repeated assignment: no second Cloud PC, no second machine', async () => {
    const before = compute.calls.length;
    const jobs = await harness.jobs();
    const doorbell = harness.doorbell();
    // Every provision job's message delivered twice more, out of order.
    for (const job of [...jobs].reverse()) await doorbell.ring({ jobId: job.id, tenantId: CONTOSO });
    for (const job of jobs) await doorbell.ring({ jobId: job.id, tenantId: CONTOSO });
    const policyId = jobs.find(
      (job) => job.kind === 'provision' && job.payload.kind === 'provision',
    )?.payload;
    if (policyId?.kind !== 'provision') throw new Error('no provision job');
    await harness.assign(policyId.policyId, [GROUPS.frontline]);

    await harness.waitFor('the queue to drain and every job to finish', async () => {
      const depth = await harness.queue().approximateDepth();
      const all = await harness.jobs();
      return (
        depth === 0 &&
        all.every((job) => isTerminal(job.status)) &&
        all.filter((job) => job.kind === 'syncDirectory').length === 2
      );
    });
    const cloudPcs = await harness.cloudPcs();
    expect(cloudPcs).toHaveLength(500);
    expect(cloudPcs.every((pc) => pc.status === 'provisioned')).toBe(true);
    expect(compute.calls.length).toBe(before);
    const provisioned = (await harness.auditEvents()).filter(
      (event) => event.activity === 'Provisioned cloudPC',
    );
    expect(provisioned).toHaveLength(500);
  });
});
