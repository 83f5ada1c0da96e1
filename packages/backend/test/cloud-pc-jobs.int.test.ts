import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/audit/actor.ts';
import { insertCloudPc } from '../src/cloud-pcs/cloud-pc-repository.ts';
import { insertJob } from '../src/jobs/job-repository.ts';
import type { JobDocument, JobPayload } from '../src/jobs/job-types.ts';
import { buildJob } from '../src/jobs/new-job.ts';
import type { CosmosStore } from '../src/storage/cosmos-client.ts';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { makeCloudPc } from './cloud-pc-fixtures.ts';
import { VE } from './fixtures.ts';
import { fabrikam, user } from './seed-identities.ts';

let h: ApiHarness;
const adele = user('adele@contoso.test');
const admin = user('admin@contoso.test');
const fab = user('user@fabrikam.test');
let contosoPc: string;
let quietPc: string;
let fabrikamPc: string;

const asAdmin: Actor = {
  type: 'user',
  objectId: admin.id,
  userPrincipalName: admin.userPrincipalName,
  applicationId: null,
};

async function addJob(
  store: CosmosStore,
  tenantId: string,
  cloudPcId: string | null,
  payload: JobPayload,
  at: Date,
  change: Partial<JobDocument> = {},
) {
  const job = buildJob(
    {
      tenantId,
      cloudPcId,
      idempotencyKey: `${cloudPcId}:${payload.kind}:${at.toISOString()}`,
      payload,
      requestedBy: asAdmin,
      correlationId: `req-${at.getTime()}`,
      region: 'eastus',
    },
    at,
  );
  await insertJob(store, { ...job, ...change });
}

beforeAll(async () => {
  h = await startApiHarness();
  const store = await h.store();
  const pc = makeCloudPc({
    tenantId: adele.tenantId,
    userId: adele.id,
    userPrincipalName: adele.userPrincipalName,
  });
  const quiet = makeCloudPc({
    tenantId: adele.tenantId,
    userId: admin.id,
    userPrincipalName: admin.userPrincipalName,
  });
  const other = makeCloudPc({
    tenantId: fabrikam.tenantId,
    userId: fab.id,
    userPrincipalName: fab.userPrincipalName,
  });
  for (const doc of [pc, quiet, other]) await insertCloudPc(store, doc);
  contosoPc = pc.id;
  quietPc = quiet.id;
  fabrikamPc = other.id;

  const start = Date.parse('2026-11-01T08:00:00.000Z');
  await addJob(
    store,
    adele.tenantId,
    pc.id,
    { kind: 'provision', userId: adele.id, userPrincipalName: adele.userPrincipalName, policyId: 'p1' },
    new Date(start),
    {
      status: 'succeeded',
      attempts: 2,
      progressPercent: 100,
      steps: [
        {
          name: 'Allocating',
          status: 'done',
          startedDateTime: '2026-11-01T08:00:01.000Z',
          finishedDateTime: '2026-11-01T08:00:02.000Z',
        },
        {
          name: 'Joining Microsoft Entra ID',
          status: 'done',
          startedDateTime: '2026-11-01T08:00:02.000Z',
          finishedDateTime: '2026-11-01T08:00:03.000Z',
        },
      ],
      startedDateTime: '2026-11-01T08:00:01.000Z',
      finishedDateTime: '2026-11-01T08:00:03.000Z',
      leaseOwner: 'worker-eastus-1',
    },
  );
  // 24 remote actions, one a minute, the last one failed.
  for (let index = 1; index <= 24; index += 1) {
    await addJob(
      store,
      adele.tenantId,
      pc.id,
      { kind: 'remoteAction', action: index % 2 ? 'reboot' : 'troubleshoot' },
      new Date(start + index * 60_000),
      index === 24
        ? { status: 'failed', errorCode: 'allocationFailed', errorMessage: 'No capacity.' }
        : { status: 'succeeded' },
    );
  }
  // Directory sync jobs have no Cloud PC; another tenant's job targets its own Cloud PC.
  await addJob(store, adele.tenantId, null, { kind: 'syncDirectory', reason: 'test' }, new Date(start));
  await addJob(
    store,
    fabrikam.tenantId,
    other.id,
    { kind: 'remoteAction', action: 'reboot' },
    new Date(start),
  );
});
afterAll(async () => {
  await h?.close();
});

const jobsOf = (id: string, query = '') => `${VE}/cloudPCs/${id}/jobs${query}`;

describe('GET cloudPCs/{id}/jobs', () => {
  it('lists the newest 20 jobs, newest first, with steps and no engine internals', async () => {
    const response = await h.as('admin@contoso.test').get(jobsOf(contosoPc));
    expect(response.status).toBe(200);
    const jobs = response.body.value;
    expect(jobs).toHaveLength(20);
    const created = jobs.map((job: any) => job.createdDateTime);
    expect(created).toEqual([...created].sort().reverse());
    expect(jobs[0]).toMatchObject({
      '@odata.type': '#cloudpc.cloudPcJob',
      cloudPcId: contosoPc,
      kind: 'remoteAction',
      actionName: 'troubleshoot',
      status: 'failed',
      errorCode: 'allocationFailed',
      requestedByUserPrincipalName: 'admin@contoso.test',
      requestedByType: 'user',
      regionName: 'eastus',
    });
    expect(response.body['@odata.nextLink']).toBeUndefined();
    expect(response.text).not.toMatch(/leaseOwner|idempotencyKey|tenantId|docType|"payload"|"_etag"/);
  });

  it('honours $top up to 50 and reaches the oldest job (provisioning, with its steps)', async () => {
    const admin = h.as('admin@contoso.test');
    const all = await admin.get(jobsOf(contosoPc, '?$top=50'));
    expect(all.status).toBe(200);
    expect(all.body.value).toHaveLength(25);
    const provision = all.body.value.at(-1);
    expect(provision).toMatchObject({
      kind: 'provision',
      actionName: null,
      status: 'succeeded',
      attempts: 2,
      progressPercent: 100,
      steps: [
        { name: 'Allocating', status: 'done', startDateTime: '2026-11-01T08:00:01.000Z' },
        { name: 'Joining Microsoft Entra ID', status: 'done', endDateTime: '2026-11-01T08:00:03.000Z' },
      ],
    });
    expect((await admin.get(jobsOf(contosoPc, '?$top=3'))).body.value).toHaveLength(3);
    for (const bad of ['?$top=51', '?$top=0', '?$top=x', '?$skiptoken=abc']) {
      const refused = await admin.get(jobsOf(contosoPc, bad));
      expect(refused.status, bad).toBe(400);
      expect(refused.body.error.code).toBe('BadRequest');
    }
  });

  it('answers an empty list for a Cloud PC without jobs, and 404 for an unknown one', async () => {
    const admin = h.as('admin@contoso.test');
    const quiet = await admin.get(jobsOf(quietPc));
    expect(quiet.status).toBe(200);
    expect(quiet.body.value).toEqual([]);
    const missing = await admin.get(jobsOf('no-such-cloud-pc'));
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NotFound');
  });

  it("keeps tenants apart: another tenant's Cloud PC is 404 and its jobs never show", async () => {
    const fabrikamAdmin = h.as('admin@fabrikam.test');
    const theirs = await fabrikamAdmin.get(jobsOf(fabrikamPc));
    expect(theirs.status).toBe(200);
    expect(theirs.body.value).toHaveLength(1);
    const cross = await fabrikamAdmin.get(jobsOf(contosoPc));
    expect(cross.status).toBe(404);
    const reverse = await h.as('admin@contoso.test').get(jobsOf(fabrikamPc));
    expect(reverse.status).toBe(404);
    expect(reverse.text).not.toContain('cloudPcJob');
  });

  it('lets support staff and automation read; refuses people without a role and anonymous callers', async () => {
    expect((await h.as('support@contoso.test').get(jobsOf(contosoPc))).status).toBe(200);
    expect((await h.asApp('automation', 'Contoso').get(jobsOf(contosoPc))).status).toBe(200);
    const noRole = await h.as('adele@contoso.test').get(jobsOf(contosoPc));
    expect(noRole.status).toBe(403);
    expect(noRole.body.error.code).toBe('Forbidden');
    const anonymous = await h.anonymous.get(jobsOf(contosoPc));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it("answers Graph beta's retrieveCloudPcRemoteActionResults from the same jobs", async () => {
    const admin = h.as('admin@contoso.test');
    const response = await admin.get(`${VE}/cloudPCs/${contosoPc}/retrieveCloudPcRemoteActionResults`);
    expect(response.status).toBe(200);
    expect(response.body.value).toHaveLength(24);
    expect(response.body.value[0]).toEqual({
      actionName: 'troubleshoot',
      actionState: 'failed',
      startDateTime: expect.any(String),
      lastUpdatedDateTime: expect.any(String),
      cloudPcId: contosoPc,
      managedDeviceId: null,
      statusDetail: { code: 'allocationFailed', message: 'No capacity.' },
    });
    expect(response.body.value[1].actionState).toBe('done');
    expect(
      (
        await h
          .as('admin@fabrikam.test')
          .get(`${VE}/cloudPCs/${contosoPc}/retrieveCloudPcRemoteActionResults`)
      ).status,
    ).toBe(404);
  });
});
