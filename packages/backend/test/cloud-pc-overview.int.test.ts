import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCloudPc } from '../src/cloud-pcs/cloud-pc-repository.ts';
import type { EngineCloudPcDocument } from '../src/cloud-pcs/cloud-pc-state-repository.ts';
import { insertJob } from '../src/jobs/job-repository.ts';
import { buildJob } from '../src/jobs/new-job.ts';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { makeCloudPc } from './cloud-pc-fixtures.ts';
import { VE } from './fixtures.ts';
import { fabrikam, user } from './seed-identities.ts';

let h: ApiHarness;
const adele = user('adele@contoso.test');
const fab = user('user@fabrikam.test');
const OVERVIEW = `${VE}/reports/cloudPcOverview`;
const base = Date.parse('2026-11-20T08:00:00.000Z');
const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();

beforeAll(async () => {
  h = await startApiHarness();
  const store = await h.store();
  const contoso = (overrides: Partial<EngineCloudPcDocument>) =>
    makeCloudPc({
      tenantId: adele.tenantId,
      userId: adele.id,
      userPrincipalName: adele.userPrincipalName,
      ...overrides,
    });
  for (let index = 0; index < 3; index += 1) await insertCloudPc(store, contoso({ status: 'provisioned' }));
  // 12 failures: only the 10 most recent are listed.
  for (let index = 0; index < 12; index += 1) {
    await insertCloudPc(
      store,
      contoso({
        displayName: `FAILED-${String(index).padStart(2, '0')}`,
        status: 'failed',
        lastModifiedDateTime: at(index),
        statusDetail: {
          code: 'allocationFailed',
          message: 'No capacity in the region.',
          recommendedAction: 'Reprovision later or choose another region.',
        },
      }),
    );
  }
  // Grace periods end at different times: the soonest come first.
  for (const [index, hours] of [30, 2, 100].entries()) {
    await insertCloudPc(
      store,
      contoso({
        displayName: `GRACE-${index}`,
        status: 'inGracePeriod',
        gracePeriodEndDateTime: new Date(base + hours * 3_600_000).toISOString(),
      }),
    );
  }
  // One provisioning Cloud PC with its job (progress from the job), one with only the step detail.
  const job = buildJob(
    {
      tenantId: adele.tenantId,
      cloudPcId: 'will-be-set',
      idempotencyKey: 'overview-provision',
      payload: {
        kind: 'provision',
        userId: adele.id,
        userPrincipalName: adele.userPrincipalName,
        policyId: 'p',
      },
      requestedBy: { type: 'application', objectId: 'w', userPrincipalName: null, applicationId: 'w' },
      correlationId: 'req',
      region: 'eastus',
    },
    new Date(base),
  );
  const withJob = contoso({
    displayName: 'PROV-JOB',
    status: 'provisioning',
    activeJobId: job.id,
    lastModifiedDateTime: at(50),
  });
  await insertCloudPc(store, withJob);
  await insertJob(store, {
    ...job,
    cloudPcId: withJob.id,
    status: 'running',
    progressPercent: 60,
    steps: [
      { name: 'Allocating', status: 'done', startedDateTime: at(50), finishedDateTime: at(51) },
      { name: 'Enrolling in Intune', status: 'running', startedDateTime: at(51), finishedDateTime: null },
    ],
  });
  await insertCloudPc(
    store,
    contoso({
      displayName: 'PROV-DETAIL',
      status: 'provisioning',
      lastModifiedDateTime: at(40),
      statusDetail: { code: 'provisioning', message: 'Step 2 of 4: Joining Microsoft Entra ID' },
    }),
  );
  await insertCloudPc(
    store,
    makeCloudPc({
      tenantId: fabrikam.tenantId,
      userId: fab.id,
      userPrincipalName: fab.userPrincipalName,
      status: 'failed',
    }),
  );
});
afterAll(async () => {
  await h?.close();
});

describe('GET reports/cloudPcOverview', () => {
  it('counts every status and lists what needs attention, bounded and ordered', async () => {
    const response = await h.as('admin@contoso.test').get(OVERVIEW);
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body.totalCount).toBe(20);
    expect(body.statusCounts).toHaveLength(9);
    const counts = Object.fromEntries(body.statusCounts.map((entry: any) => [entry.status, entry.count]));
    expect(counts).toMatchObject({
      provisioned: 3,
      failed: 12,
      inGracePeriod: 3,
      provisioning: 2,
      resizing: 0,
    });

    expect(body.recentFailures).toHaveLength(10);
    expect(body.recentFailures[0]).toMatchObject({
      displayName: 'FAILED-11',
      statusDetail: {
        code: 'allocationFailed',
        recommendedAction: 'Reprovision later or choose another region.',
      },
    });
    expect(body.recentFailures.at(-1).displayName).toBe('FAILED-02');

    expect(body.gracePeriodsEndingSoon.map((pc: any) => pc.displayName)).toEqual([
      'GRACE-1',
      'GRACE-0',
      'GRACE-2',
    ]);
    expect(body.provisioningInProgress).toEqual([
      expect.objectContaining({
        displayName: 'PROV-JOB',
        progressPercent: 60,
        currentStep: 'Enrolling in Intune',
      }),
      expect.objectContaining({
        displayName: 'PROV-DETAIL',
        progressPercent: 25,
        currentStep: 'Joining Microsoft Entra ID',
      }),
    ]);
    expect(response.text).not.toMatch(/tenantId|docType|activeJobId|"_etag"/);
  });

  it('keeps tenants apart', async () => {
    const response = await h.as('admin@fabrikam.test').get(OVERVIEW);
    expect(response.status).toBe(200);
    expect(response.body.totalCount).toBe(1);
    expect(response.body.recentFailures).toHaveLength(1);
    expect(response.body.gracePeriodsEndingSoon).toEqual([]);
  });

  it('lets support staff and automation read; refuses people without a role; refuses query options', async () => {
    expect((await h.as('support@contoso.test').get(OVERVIEW)).status).toBe(200);
    expect((await h.asApp('automation', 'Contoso').get(OVERVIEW)).status).toBe(200);
    expect((await h.as('adele@contoso.test').get(OVERVIEW)).status).toBe(403);
    expect((await h.anonymous.get(OVERVIEW)).status).toBe(401);
    const refused = await h.as('admin@contoso.test').get(`${OVERVIEW}?$top=5`);
    expect(refused.status).toBe(400);
  });
});
