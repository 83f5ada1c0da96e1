import type { CloudPc } from '@cloudpc/api-client';
import { getTestCloud } from '@cloudpc/local-cloud/testing/test-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from '../../test/api-harness.ts';
import { createSimulatedCompute } from '../compute/simulated-compute.ts';
import { createGraphDirectory } from '../directory/graph-directory.ts';
import { logger } from '../observability/logger.ts';
import { openQueue } from '../queue/queue-adapter.ts';
import { type RegionWorker, startRegionWorker } from '../worker/region-worker.ts';
import { takeDueRestorePoints } from './restore-points.ts';
import {
  CONTOSO,
  FAST_ENGINE,
  FAST_SETTINGS,
  GROUPS,
  IMAGE_WIN11,
  WORKER_ACTOR,
  WORKER_APP,
} from './testing/engine-harness.ts';

const base = '/api/v1.0/deviceManagement/virtualEndpoint';
const PLAN_4_16_256 = '0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c07';

/**
 * Remote actions over the real HTTP API (real tokens, real routes). The portal rings
 * its region's queue; this test's worker listens on its own queue, so every action
 * also proves the reconciler finds work whose message it never saw.
 */
describe('remote actions over HTTP', () => {
  let api: ApiHarness;
  let worker: RegionWorker;
  const ids = new Map<string, string>();
  const admin = () => api.as('admin@contoso.test');

  const cloudPc = async (upn: string): Promise<CloudPc> => {
    const response = await admin().get<CloudPc>(`${base}/cloudPCs/${ids.get(upn)}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const waitForAction = (upn: string, actionName: string, state: 'done' | 'failed' = 'done') =>
    waitFor(`${upn}: ${actionName} ${state}`, async () => {
      const pc = await cloudPc(upn);
      const result = pc.lastRemoteActionResult;
      return result?.actionName === actionName && result.actionState === state && pc;
    });

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
    api = await startApiHarness();
    const store = await api.store();
    const token = async () => {
      const response = await fetch(`${api.entraUrl}/${CONTOSO}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: WORKER_APP.clientId,
          client_secret: WORKER_APP.secret,
          scope: 'https://graph.microsoft.com/.default',
        }).toString(),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    };
    const queueName = `q-actions-${Date.now().toString(36)}`;
    const connection = getTestCloud().queues.connectionString;
    worker = startRegionWorker({
      region: 'eastus',
      store,
      queue: openQueue(connection, queueName),
      poisonQueue: openQueue(connection, `${queueName}-poison`),
      compute: createSimulatedCompute({ stepMs: 0 }),
      tenantIds: [CONTOSO],
      directoryFor: () => createGraphDirectory({ baseUrl: `${api.entraUrl}/graph/v1.0`, getToken: token }),
      workerActor: WORKER_ACTOR,
      logger: logger.child({ test: 'remote-actions' }),
      settings: {
        ...FAST_SETTINGS,
        reconcileIntervalMs: 200,
        engine: { ...FAST_ENGINE, messageGraceMs: 600 },
      },
    });

    // User settings first (restore every 4 h, users may restore), assigned to Sales.
    const setting = await admin().post<{ id: string }>(`${base}/userSettings`, {
      displayName: 'Sales restore',
      restorePointSetting: { frequencyInHours: 4, userRestoreEnabled: true },
    });
    expect(setting.status).toBe(201);
    expect(
      (
        await admin().post(`${base}/userSettings/${setting.body.id}/assign`, {
          assignments: [{ target: { groupId: GROUPS.sales } }],
        })
      ).status,
    ).toBe(204);
    const policy = await admin().post<{ id: string }>(`${base}/provisioningPolicies`, {
      displayName: 'Actions',
      imageId: IMAGE_WIN11,
      domainJoinConfigurations: [{ domainJoinType: 'azureADJoin', regionName: 'eastus' }],
      cloudPcNamingTemplate: 'RA-%USERNAME:4%-%RAND:5%',
    });
    expect(policy.status).toBe(201);
    const assigned = await admin().post(`${base}/provisioningPolicies/${policy.body.id}/assign`, {
      assignments: [{ target: { groupId: GROUPS.sales } }, { target: { groupId: GROUPS.engineering } }],
    });
    expect(assigned.status).toBe(204);
    const pcs = await waitFor('three provisioned Cloud PCs', async () => {
      const list = await admin().get<{ value: CloudPc[] }>(`${base}/cloudPCs`);
      return (
        list.body.value.length === 3 &&
        list.body.value.every((pc) => pc.status === 'provisioned') &&
        list.body.value
      );
    });
    for (const pc of pcs) ids.set(pc.userPrincipalName, pc.id);
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  it('reboots, refuses a second action while the first is in progress (409), and audits both ends with the job id', async () => {
    const path = `${base}/cloudPCs/${ids.get('adele@contoso.test')}`;
    expect((await admin().post(`${path}/reboot`)).status).toBe(204);
    const pending = await cloudPc('adele@contoso.test');
    expect(pending.lastRemoteActionResult).toMatchObject({ actionName: 'reboot', actionState: 'pending' });
    const conflict = await admin().post(`${path}/powerOff`);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: 'Conflict' } });
    await waitForAction('adele@contoso.test', 'reboot');

    const audit = await admin().get<{ value: { activity: string; jobId: string | null }[] }>(
      `${base}/auditEvents`,
    );
    const requested = audit.body.value.find((event) => event.activity === 'Reboot cloudPC');
    const done = audit.body.value.find((event) => event.activity === 'Reboot cloudPC done');
    expect(requested?.jobId).toBeTruthy();
    expect(done?.jobId).toBe(requested?.jobId);
  });

  it('powers off and on, renames, resizes and reprovisions through the state machine', async () => {
    const alex = `${base}/cloudPCs/${ids.get('alex@contoso.test')}`;
    const megan = `${base}/cloudPCs/${ids.get('megan@contoso.test')}`;
    expect((await admin().post(`${alex}/powerOff`)).status).toBe(204);
    expect((await admin().post(`${megan}/resize`, { targetServicePlanId: PLAN_4_16_256 })).status).toBe(204);
    expect((await waitForAction('alex@contoso.test', 'powerOff')).powerState).toBe('poweredOff');
    const resized = await waitForAction('megan@contoso.test', 'resize');
    expect(resized).toMatchObject({ status: 'provisioned', servicePlanId: PLAN_4_16_256 });

    expect((await admin().post(`${alex}/powerOn`)).status).toBe(204);
    expect((await waitForAction('alex@contoso.test', 'powerOn')).powerState).toBe('running');
    expect((await admin().post(`${alex}/rename`, { displayName: 'Alex dev box' })).status).toBe(204);
    expect((await waitForAction('alex@contoso.test', 'rename')).displayName).toBe('Alex dev box');
    expect((await admin().post(`${megan}/reprovision`)).status).toBe(204);
    expect((await waitForAction('megan@contoso.test', 'reprovision')).status).toBe('provisioned');
  });

  it('validates and authorises: unknown size 400, wrong status 409, support may troubleshoot but not reboot', async () => {
    const adele = `${base}/cloudPCs/${ids.get('adele@contoso.test')}`;
    expect((await admin().post(`${adele}/resize`, { targetServicePlanId: 'nope' })).status).toBe(400);
    expect((await admin().post(`${adele}/endGracePeriod`)).status).toBe(409);
    const support = api.as('support@contoso.test');
    expect((await support.post(`${adele}/reboot`)).status).toBe(403);
    expect((await support.post(`${adele}/troubleshoot`)).status).toBe(204);
    const troubleshot = await waitForAction('adele@contoso.test', 'troubleshoot');
    expect(troubleshot.lastRemoteActionResult?.statusDetail).toMatchObject({ code: 'healthy' });
    expect((await api.as('admin@fabrikam.test').post(`${adele}/reboot`)).status).toBe(404);
  });

  it('takes restore points at the user-settings frequency and lets an allowed user restore one', async () => {
    // Five hours on: Sales users (every 4 h) are due, Megan (default 12 h) is not.
    const later = { ...worker.context, now: () => new Date(Date.now() + 5 * 3_600_000) };
    expect(await takeDueRestorePoints(later)).toBe(2);
    const adele = api.as('adele@contoso.test');
    const mine = `/api/v1.0/me/cloudPCs/${ids.get('adele@contoso.test')}`;
    const snapshots = await adele.get<{ value: { id: string; snapshotType: string }[] }>(
      `${mine}/retrieveSnapshots`,
    );
    expect(snapshots.status).toBe(200);
    expect(snapshots.body.value).toHaveLength(1);
    expect(snapshots.body.value[0]?.snapshotType).toBe('automatic');
    const megan = `/api/v1.0/me/cloudPCs/${ids.get('megan@contoso.test')}`;
    expect(
      (await api.as('megan@contoso.test').get<{ value: unknown[] }>(`${megan}/retrieveSnapshots`)).body.value,
    ).toEqual([]);

    // Someone else's Cloud PC does not exist for this user.
    expect((await api.as('alex@contoso.test').post(`${mine}/reboot`)).status).toBe(404);
    expect((await api.as('alex@contoso.test').get(`${mine}/retrieveSnapshots`)).status).toBe(404);

    const snapshotId = snapshots.body.value[0]?.id ?? '';
    expect((await adele.post(`${mine}/restore`, { cloudPcSnapshotId: snapshotId })).status).toBe(204);
    const restored = await waitForAction('adele@contoso.test', 'restore');
    expect(restored.status).toBe('provisioned');
    const after = await adele.get<{ value: { lastRestoredDateTime: string | null }[] }>(
      `${mine}/retrieveSnapshots`,
    );
    expect(after.body.value[0]?.lastRestoredDateTime).toBeTruthy();

    // Megan's user setting (none applies: the default) does not allow user-initiated restore.
    const muchLater = { ...worker.context, now: () => new Date(Date.now() + 13 * 3_600_000) };
    expect(await takeDueRestorePoints(muchLater)).toBe(3);
    const megans = await api
      .as('megan@contoso.test')
      .get<{ value: { id: string }[] }>(`${megan}/retrieveSnapshots`);
    expect(megans.body.value).toHaveLength(1);
    const refused = await api
      .as('megan@contoso.test')
      .post(`${megan}/restore`, { cloudPcSnapshotId: megans.body.value[0]?.id });
    expect(refused.status).toBe(403);
    // Another Cloud PC's restore point is not one of hers.
    expect(
      (await api.as('megan@contoso.test').post(`${megan}/restore`, { cloudPcSnapshotId: snapshotId })).status,
    ).toBe(400);
  });
});
