import { type LocalEntra, startLocalEntra } from '@cloudpc/local-cloud/entra/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestRemoteAction } from '../cloud-pcs/cloud-pc-actions.ts';
import type { EngineCloudPcDocument } from '../cloud-pcs/cloud-pc-state-repository.ts';
import { createSimulatedCompute } from '../compute/simulated-compute.ts';
import { cloudPcIdFor } from '../jobs/job-ids.ts';
import { logger } from '../observability/logger.ts';
import {
  CONTOSO,
  type EngineHarness,
  GROUPS,
  startEngineHarness,
  WORKER_ACTOR,
  WORKER_APP,
} from '../provisioning/testing/engine-harness.ts';
import type { RegionWorker } from '../worker/region-worker.ts';
import { readDirectoryState } from './directory-state-repository.ts';
import { createGraphDirectory } from './graph-directory.ts';
import { syncTenantDirectory } from './sync-directory.ts';

const ALEX = 'alex@contoso.test';
const ADELE = 'adele@contoso.test';
const MEGAN = 'megan@contoso.test';
const DAY_MS = 24 * 3_600_000;

/** The restarted Entra listens on the same port; a pooled socket to the old one fails once. */
const freshFetch: typeof fetch = async (input, init) => {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fetch(input, init);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
};

describe('grace periods end to end through the local Graph', () => {
  let harness: EngineHarness;
  let worker: RegionWorker;
  let clockOffsetMs = 0;
  const now = () => new Date(Date.now() + clockOffsetMs);
  const users = new Map<string, string>();
  let policyId = '';

  const cloudPcOf = async (upn: string): Promise<EngineCloudPcDocument | undefined> => {
    const userId = users.get(upn) ?? '';
    return (await harness.cloudPcs()).find((pc) => pc.id === cloudPcIdFor(CONTOSO, userId));
  };
  const waitForStatus = (upn: string, status: EngineCloudPcDocument['status']) =>
    harness.waitFor(`${upn} to be ${status}`, async () => {
      const pc = await cloudPcOf(upn);
      return pc?.status === status && !pc.activeJobId && pc;
    });
  const waitForGone = (upn: string) =>
    harness.waitFor(`${upn}'s Cloud PC to be gone`, async () => (await cloudPcOf(upn)) === undefined);

  beforeAll(async () => {
    harness = await startEngineHarness({ name: 'grace', entra: true });
    const graph = harness.directoryFor(CONTOSO);
    for (const group of [GROUPS.sales, GROUPS.engineering]) {
      for (const member of await graph.listGroupMembers(group))
        users.set(member.userPrincipalName, member.id);
    }
    worker = harness.startWorker({
      compute: createSimulatedCompute({ stepMs: 0 }),
      now,
      settings: { directorySyncIntervalMs: 250, graceSweepIntervalMs: 250 },
    });
    policyId = await harness.createPolicy({ template: 'GP-%USERNAME:4%-%RAND:5%' });
  });
  afterAll(() => harness?.close());

  it('removal starts a 7-day grace period, re-adding ends it, and the sweeper deprovisions when it runs out', async () => {
    await harness.assign(policyId, [GROUPS.sales]);
    await waitForStatus(ALEX, 'provisioned');
    await waitForStatus(ADELE, 'provisioned');

    await harness.changeMembership('remove', GROUPS.sales, users.get(ALEX) ?? '');
    const inGrace = await waitForStatus(ALEX, 'inGracePeriod');
    const endsAt = new Date(inGrace.gracePeriodEndDateTime ?? 0).getTime();
    expect(Math.abs(endsAt - (Date.now() + 7 * DAY_MS))).toBeLessThan(60_000);

    await harness.changeMembership('add', GROUPS.sales, users.get(ALEX) ?? '');
    const back = await waitForStatus(ALEX, 'provisioned');
    expect(back.gracePeriodEndDateTime).toBeNull();

    await harness.changeMembership('remove', GROUPS.sales, users.get(ALEX) ?? '');
    const again = await waitForStatus(ALEX, 'inGracePeriod');
    clockOffsetMs = 7 * DAY_MS + 60_000;
    await waitForGone(ALEX);
    clockOffsetMs = 0;

    const audit = (await harness.auditEvents()).filter(
      (event) => event.resources[0]?.resourceId === again.id,
    );
    const activities = audit
      .sort((a, b) => a.activityDateTime.localeCompare(b.activityDateTime))
      .map((event) => event.activity);
    expect(activities).toEqual([
      'Provision cloudPC',
      'Provisioned cloudPC',
      'Start grace period cloudPC',
      'End grace period (user re-assigned) cloudPC',
      'Start grace period cloudPC',
      'Deprovision cloudPC',
      'Deprovisioned cloudPC',
    ]);
    expect(audit.every((event) => event.jobId !== null)).toBe(true);
  });

  it('endGracePeriod deprovisions at once', async () => {
    await harness.changeMembership('remove', GROUPS.sales, users.get(ADELE) ?? '');
    const inGrace = await waitForStatus(ADELE, 'inGracePeriod');
    await requestRemoteAction({
      store: harness.store,
      doorbell: harness.doorbell(),
      context: harness.context(),
      cloudPcId: inGrace.id,
      request: { action: 'endGracePeriod' },
    });
    await waitForGone(ADELE);
  });

  it('unassigning a group puts its members in grace; the delta link persists across a worker restart', async () => {
    await harness.assign(policyId, [GROUPS.sales, GROUPS.engineering]);
    await waitForStatus(MEGAN, 'provisioned');
    const before = await readDirectoryState(harness.store, CONTOSO);
    expect(before?.value.deltaLink).toContain('$deltatoken=');

    await harness.assign(policyId, [GROUPS.sales]);
    await waitForStatus(MEGAN, 'inGracePeriod');

    // A new worker resumes from the stored delta link: no full rescan.
    await worker.stop();
    worker = harness.startWorker({
      compute: createSimulatedCompute({ stepMs: 0 }),
      now,
      settings: { directorySyncIntervalMs: 250, graceSweepIntervalMs: 250 },
    });
    await harness.changeMembership('add', GROUPS.sales, users.get(MEGAN) ?? '');
    await waitForStatus(MEGAN, 'provisioned');
    const after = await readDirectoryState(harness.store, CONTOSO);
    expect(after?.value.lastFullSyncDateTime).toBe(before?.value.lastFullSyncDateTime);
    expect(after?.value.round).toBeGreaterThan(before?.value.round ?? 0);
    await worker.stop();
  });

  it('runs a full resync when Graph answers 410 for the stored delta link', async () => {
    // A directory whose change log starts over (a restored Entra) no longer knows our link.
    let fresh: LocalEntra | undefined;
    const entra = harness.entra;
    if (!entra) throw new Error('no local Entra');
    const port = Number(new URL(entra.url).port);
    await entra.close();
    try {
      fresh = await startLocalEntra({ port });
      const tokenResponse = await freshFetch(`${fresh.url}/${CONTOSO}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: WORKER_APP.clientId,
          client_secret: WORKER_APP.secret,
          scope: 'https://graph.microsoft.com/.default',
        }).toString(),
      });
      const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
      const outcome = await syncTenantDirectory(
        {
          store: harness.store,
          doorbell: harness.doorbell(),
          now: () => new Date(),
          region: 'eastus',
          graph: createGraphDirectory({
            baseUrl: `${fresh.url}/graph/v1.0`,
            getToken: async () => token,
            fetch: freshFetch,
          }),
          workerId: 'resync-test',
          actor: WORKER_ACTOR,
          leaseMs: 60_000,
          logger: logger.child({ test: 'grace' }),
        },
        CONTOSO,
        { correlationId: 'resync-test' },
      );
      expect(outcome).toMatchObject({ kind: 'synced', report: { resynced: true, full: true } });
      const state = await readDirectoryState(harness.store, CONTOSO);
      // The restored directory has the seed's membership again; the resync knows it.
      expect(new Set(state?.value.groups[GROUPS.sales])).toEqual(
        new Set([users.get(ALEX), users.get(ADELE)]),
      );
      expect(state?.value.deltaLink).toContain(`localhost:${port}`);
    } finally {
      await fresh?.close();
      // The harness closes its Entra again; a second close of a closed server is harmless.
    }
  });
});
