/**
 * Region failover drill: the whole local cloud on free ports, traffic through the
 * front door (reads, acknowledged writes, a provisioning wave), then eastus's portals
 * and worker are SIGKILLed. Measures time to detect, time until the front door routes
 * only to westus, failed requests by kind, acknowledged writes lost (read back one by
 * one), provisioning jobs finished by the survivor; then restarts eastus and measures
 * failback. Writes bench/results/region-failover[-afd].json and .md.
 *
 * Run: npm run drill:region-failover -- [--preset fast|afd]   (needs `npx turbo run build` first)
 * `afd` uses Azure's default probes (every 100 s): expect the drill to take ~10 minutes.
 */

import { randomUUID } from 'node:crypto';
import { LOCAL_COSMOS_KEY } from '@cloudpc/backend/config/env';
import { openCosmosStore } from '@cloudpc/backend/storage/cosmos-client';
import WebSocket from 'ws';
import {
  FRONT_DOOR_PRESETS,
  type FrontDoorPreset,
  failuresToDetect,
  isFrontDoorPreset,
} from '../../packages/local-cloud/src/front-door/index.ts';
import { freePorts } from '../../packages/local-cloud/src/process/ports.ts';
import { readSeedSummary } from '../../packages/local-cloud/src/seed-identities.ts';
import { startEphemeralCloud } from '../../packages/local-cloud/src/testing/ephemeral-cloud.ts';
import { writeResults } from '../lib/bench-results.ts';

const presetAt = process.argv.indexOf('--preset');
const presetArg = presetAt >= 0 ? process.argv[presetAt + 1] : 'fast';
if (!isFrontDoorPreset(presetArg)) throw new Error(`--preset must be fast or afd, not ${presetArg}`);
const preset: FrontDoorPreset = presetArg;
const probe = FRONT_DOOR_PRESETS[preset];
/** Longest the probes may take to notice a change, with room for a loaded machine. */
const detectBoundMs = failuresToDetect(probe) * probe.intervalMs + probe.timeoutMs + 15_000;
const recoverBoundMs = probe.successfulSamplesRequired * probe.intervalMs + 90_000;
const WAVE = 24;
const STEADY_MS = 5_000;
const STEP_MS = 500;

const CONTOSO = '33aa9011-a38d-5612-af97-a2d98d559844';
const ENGINEERING = '8de5486a-09d4-54ee-a852-9568fc923c72';
const SALES = 'b7925e28-db97-5cd3-a9e4-27af3479f25a';
const FRONTLINE = '5dbe9e53-cecd-5728-8e4a-5977ad74564c';
const AUTOMATION = { clientId: '98f41999-52eb-54d3-80c2-8d2ec63d59ba', secret: 'automation-dev-secret' };
const IMAGE = 'microsoftwindowsdesktop_windows-ent-cpc_win11-24h2-ent-cpc';
const V = '/api/v1.0/deviceManagement/virtualEndpoint';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seed = readSeedSummary();

async function token(entraUrl: string, form: Record<string, string>): Promise<string> {
  const response = await fetch(`${entraUrl}/${CONTOSO}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`no token: ${body.error_description}`);
  return body.access_token;
}

const person = (entraUrl: string, username: string, clientId: string) =>
  token(entraUrl, {
    grant_type: 'password',
    client_id: clientId,
    username,
    password: seed.devPassword,
    scope: 'api://cloudpc-api/CloudPC.ReadWrite offline_access',
  });

interface Outcome {
  kind: string;
  at: number;
  status: number;
  region: string | null;
  ms: number;
}

async function call(
  url: string,
  bearer: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; region: string | null; body: unknown; ms: number }> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(70_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: kept as text.
    }
    return {
      status: response.status,
      region: response.headers.get('x-cloudpc-region'),
      body,
      ms: performance.now() - started,
    };
  } catch {
    return { status: 0, region: null, body: null, ms: performance.now() - started };
  }
}

interface WsAttempt {
  at: number;
  ok: boolean;
  gatewayRegion: string | null;
  ms: number;
  detail: string;
}

/**
 * What the session page does to (re)connect: a fresh launch ticket through the user
 * endpoint, a WebSocket through the front door's gateway endpoint, the hello, and the
 * gateway's verdict. With the simulated compute there is no desktop to stream, so the
 * verdict is `noDesktop`; reaching any verdict means the whole path works again.
 */
async function wsAttempt(
  userFd: string,
  gatewayFd: string,
  bearer: string,
  cloudPcId: string,
): Promise<WsAttempt> {
  const at = Date.now();
  const started = performance.now();
  const fail = (detail: string): WsAttempt => ({
    at,
    ok: false,
    gatewayRegion: null,
    ms: performance.now() - started,
    detail,
  });
  const info = await call(`${userFd}/api/v1.0/me/cloudPCs/${cloudPcId}/getCloudPcLaunchInfo`, bearer);
  const launchUrl = (info.body as { cloudPcLaunchUrl?: string } | null)?.cloudPcLaunchUrl;
  if (info.status !== 200 || !launchUrl) return fail(`launch info ${info.status}`);
  const ticket = new URL(launchUrl).searchParams.get('ticket') ?? '';
  return new Promise((resolve) => {
    const socket = new WebSocket(`${gatewayFd}/desktop`);
    const timer = setTimeout(() => {
      socket.terminate();
      resolve(fail('no verdict in 5 s'));
    }, 5_000);
    const done = (attempt: WsAttempt) => {
      clearTimeout(timer);
      socket.terminate();
      resolve(attempt);
    };
    socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', ticket, accessToken: bearer })));
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const verdict = JSON.parse(data.toString()) as { type: string; gatewayRegion?: string; code?: string };
      const ok = verdict.type === 'ready' || verdict.type === 'noDesktop';
      done({
        at,
        ok,
        gatewayRegion: verdict.gatewayRegion ?? null,
        ms: performance.now() - started,
        detail: verdict.type + (verdict.code ? ` ${verdict.code}` : ''),
      });
    });
    socket.on('error', (error) => done(fail(`socket: ${error.message}`)));
    socket.on('close', (code) => done(fail(`closed ${code} before a verdict`)));
  });
}

const pct = (values: number[], p: number) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
};
const secs = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);

async function main() {
  const drillStarted = Date.now();
  console.log(`region failover drill, preset ${preset}: starting the local cloud on free ports…`);
  const log: string[] = [];
  // The gateway's ports are not among the ephemeral cloud's free ports yet.
  const [gatewayFd = 0, gatewayEast = 0, gatewayWest = 0] = await freePorts(3);
  const cloud = await startEphemeralCloud({
    output: (line) => {
      if (line.startsWith('[front-door]') || line.startsWith('[local-cloud]'))
        log.push(`${Date.now()} ${line}`);
    },
    env: {
      ...process.env,
      CLOUDPC_FRONT_DOOR_PRESET: preset,
      CLOUDPC_SIMULATED_STEP_MS: String(STEP_MS),
      CLOUDPC_COMPUTE_PROVIDER: 'simulated',
      CLOUDPC_PORT_GATEWAY: String(gatewayFd),
      CLOUDPC_PORT_GATEWAY_EASTUS: String(gatewayEast),
      CLOUDPC_PORT_GATEWAY_WESTUS: String(gatewayWest),
    },
  });
  const store = await openCosmosStore({
    endpoint: cloud.urls.cosmos,
    key: LOCAL_COSMOS_KEY,
    databaseId: 'cloudpc',
    insecureTls: true,
    preferredLocations: [],
  });
  try {
    console.log(
      `up in ${(cloud.coldStartMs / 1000).toFixed(1)} s; front door ${JSON.stringify(cloud.urls.frontDoor)}`,
    );
    const entra = cloud.urls.entra;
    const admin = await person(entra, 'admin@contoso.test', seed.clientIds.adminPortal);
    const adele = await person(entra, 'adele@contoso.test', seed.clientIds.userPortal);
    const automation = await token(entra, {
      grant_type: 'client_credentials',
      client_id: AUTOMATION.clientId,
      client_secret: AUTOMATION.secret,
      scope: 'https://graph.microsoft.com/.default',
    });
    const adminFd = cloud.urls.frontDoor.admin;
    const userFd = cloud.urls.frontDoor.user;

    // The wave's members: Frontline users added to Engineering, which the policy targets.
    const members = (await (
      await fetch(`${entra}/graph/v1.0/groups/${FRONTLINE}/members?$top=${WAVE}`, {
        headers: { authorization: `Bearer ${automation}` },
      })
    ).json()) as { value: { id: string }[] };
    for (const member of members.value.slice(0, WAVE)) {
      const added = await fetch(`${entra}/graph/v1.0/groups/${ENGINEERING}/members/$ref`, {
        method: 'POST',
        headers: { authorization: `Bearer ${automation}`, 'content-type': 'application/json' },
        body: JSON.stringify({ '@odata.id': `${entra}/graph/v1.0/directoryObjects/${member.id}` }),
      });
      if (added.status !== 204) throw new Error(`could not add a wave member: ${added.status}`);
    }
    const policy = await call(`${adminFd}${V}/provisioningPolicies`, admin, {
      method: 'POST',
      body: {
        displayName: `Failover drill ${randomUUID().slice(0, 6)}`,
        imageId: IMAGE,
        domainJoinConfigurations: [{ domainJoinType: 'azureADJoin', regionName: 'eastus' }],
        cloudPcNamingTemplate: 'CPC-DRL-%RAND:5%',
      },
    });
    const policyId = (policy.body as { id?: string }).id;
    if (policy.status !== 201 || !policyId) throw new Error(`policy not created: ${policy.status}`);

    // Adele (Sales) gets her Cloud PC first, from another policy, for the desktop session.
    const salesPolicy = await call(`${adminFd}${V}/provisioningPolicies`, admin, {
      method: 'POST',
      body: {
        displayName: `Failover drill sales ${randomUUID().slice(0, 6)}`,
        imageId: IMAGE,
        domainJoinConfigurations: [{ domainJoinType: 'azureADJoin', regionName: 'eastus' }],
        cloudPcNamingTemplate: 'CPC-SLS-%RAND:5%',
      },
    });
    const salesPolicyId = (salesPolicy.body as { id?: string }).id;
    const salesAssign = await call(`${adminFd}${V}/provisioningPolicies/${salesPolicyId}/assign`, admin, {
      method: 'POST',
      body: { assignments: [{ target: { groupId: SALES } }] },
    });
    if (salesAssign.status >= 300) throw new Error(`sales assign failed: ${salesAssign.status}`);
    const adeleDeadline = Date.now() + 120_000;
    let adelePc: string | undefined;
    while (!adelePc) {
      if (Date.now() > adeleDeadline) throw new Error('drill: adele has no provisioned Cloud PC');
      const mine = await call(`${userFd}/api/v1.0/me/cloudPCs`, adele);
      adelePc = (mine.body as { value?: { id: string; status: string }[] } | null)?.value?.find(
        (pc) => pc.status === 'provisioned',
      )?.id;
      if (!adelePc) await sleep(500);
    }
    const gatewayUrl = cloud.urls.gateway.frontDoor;

    // Traffic: reads by two people on both endpoints, writes that are read back at the end.
    const outcomes: Outcome[] = [];
    const acknowledged: { id: string; displayName: string }[] = [];
    let running = true;
    const loop = async (pauseMs: number, once: () => Promise<Outcome>) => {
      while (running) {
        outcomes.push(await once());
        await sleep(pauseMs);
      }
    };
    const read = (kind: string, url: string, bearer: string) => async () => {
      const at = Date.now();
      const r = await call(url, bearer);
      return { kind, at, status: r.status, region: r.region, ms: r.ms };
    };
    let writes = 0;
    const write = async (): Promise<Outcome> => {
      const at = Date.now();
      writes += 1;
      const displayName = `drill-${preset}-${writes}-${randomUUID().slice(0, 4)}`;
      const r = await call(`${adminFd}${V}/userSettings`, admin, { method: 'POST', body: { displayName } });
      const id = (r.body as { id?: string } | null)?.id;
      if (r.status === 201 && id) acknowledged.push({ id, displayName });
      return { kind: 'write: POST userSettings', at, status: r.status, region: r.region, ms: r.ms };
    };
    const traffic = [
      loop(20, read('read: GET cloudPCs (admin)', `${adminFd}${V}/cloudPCs?$top=20`, admin)),
      loop(20, read('read: GET policies (admin)', `${adminFd}${V}/provisioningPolicies`, admin)),
      loop(20, read('read: GET /me/cloudPCs (user)', `${userFd}/api/v1.0/me/cloudPCs`, adele)),
      loop(100, write),
    ];
    const wsAttempts: WsAttempt[] = [];
    const wsLoop = (async () => {
      while (running) {
        wsAttempts.push(await wsAttempt(userFd, gatewayUrl, adele, adelePc ?? ''));
        await sleep(250);
      }
    })();

    await sleep(STEADY_MS);
    const assign = await call(`${adminFd}${V}/provisioningPolicies/${policyId}/assign`, admin, {
      method: 'POST',
      body: { assignments: [{ target: { groupId: ENGINEERING } }] },
    });
    outcomes.push({
      kind: 'write: assign policy',
      at: Date.now(),
      status: assign.status,
      region: assign.region,
      ms: assign.ms,
    });
    if (assign.status >= 300) throw new Error(`assign failed: ${assign.status}`);

    const jobsOf = async () => {
      const { resources } = await store
        .container('jobs')
        .items.query<{ id: string; kind: string; status: string; leaseOwner: string | null }>({
          query:
            'SELECT c.id, c.kind, c.status, c.leaseOwner FROM c WHERE c.tenantId = @t AND c.docType = "job"',
          parameters: [{ name: '@t', value: CONTOSO }],
        })
        .fetchAll();
      return resources.filter((job) => job.kind === 'provision');
    };
    const waitFor = async <T>(what: string, boundMs: number, check: () => Promise<T | undefined>) => {
      const deadline = Date.now() + boundMs;
      for (;;) {
        const value = await check();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`drill: ${what} not reached in ${boundMs} ms`);
        await sleep(100);
      }
    };
    let lastSeen = '';
    const atKill = await waitFor('eastus mid-wave', 60_000, async () => {
      const jobs = await jobsOf();
      const seen = JSON.stringify(
        Object.entries(
          jobs.reduce<Record<string, number>>((acc, job) => {
            const key = `${job.status}/${job.leaseOwner?.split('/')[0] ?? '-'}`;
            acc[key] = (acc[key] ?? 0) + 1;
            return acc;
          }, {}),
        ),
      );
      if (seen !== lastSeen) console.log(`provision jobs: ${seen}`);
      lastSeen = seen;
      const running = jobs.filter((job) => job.status === 'running' && job.leaseOwner?.startsWith('eastus/'));
      return jobs.length >= WAVE && running.length >= 2 ? jobs : undefined;
    });
    const unfinishedAtKill = atKill.filter(
      (job) => job.status !== 'succeeded' && job.status !== 'failed',
    ).length;

    // The region goes dark: its portals, worker (and gateway, when the stack has one) at once.
    // Its queue (Azurite) stays up but unread: the survivor never reads another region's queue.
    const EAST = cloud
      .processes()
      .map((p) => p.name)
      .filter((name) => name.endsWith('-eastus') && !name.startsWith('queues-'));
    console.log(`killing eastus (${EAST.join(', ')}) with ${unfinishedAtKill} provision jobs unfinished…`);
    const killedAt = Date.now();
    await Promise.all(EAST.map((name) => cloud.killProcess(name)));

    const cloudPcs = async () => {
      const { resources } = await store
        .container('cloudPcs')
        .items.query<{ id: string; status: string; provisioningPolicyId: string }>({
          query:
            'SELECT c.id, c.status, c.provisioningPolicyId FROM c WHERE c.tenantId = @t AND c.docType = "cloudPc"',
          parameters: [{ name: '@t', value: CONTOSO }],
        })
        .fetchAll();
      return resources.filter((pc) => pc.provisioningPolicyId === policyId);
    };
    // Watched from the kill on, beside detection: the survivor's reconciler does not wait for the front door.
    const waveDonePromise = waitFor('the wave provisioned by the survivor', 240_000, async () => {
      const pcs = await cloudPcs();
      return pcs.length >= WAVE && pcs.every((pc) => pc.status === 'provisioned') ? Date.now() : undefined;
    });
    // Awaited below; until then a rejection must not count as unhandled.
    waveDonePromise.catch(() => undefined);
    const eastChange = (listener: string, healthy: boolean, after: number) =>
      cloud.frontDoor
        .history()
        .find(
          (c) => c.listener === listener && c.origin === 'eastus' && c.healthy === healthy && c.at >= after,
        );
    const detected = await waitFor('eastus marked unhealthy on both endpoints', detectBoundMs, async () => {
      const admin = eastChange('admin', false, killedAt);
      const user = eastChange('user', false, killedAt);
      return admin && user ? { admin: admin.at - killedAt, user: user.at - killedAt } : undefined;
    });
    console.log(`detected: admin ${secs(detected.admin)}, user ${secs(detected.user)}`);

    const waveDone = await waveDonePromise;
    // Some time served by the survivor alone.
    await sleep(3_000);

    console.log('restarting eastus…');
    const restartedAt = Date.now();
    await Promise.all(EAST.map((name) => cloud.restartProcess(name)));
    const eastBack = await waitFor('eastus healthy on both endpoints', recoverBoundMs, async () => {
      const admin = eastChange('admin', true, restartedAt);
      const user = eastChange('user', true, restartedAt);
      return admin && user ? { admin: admin.at - restartedAt, user: user.at - restartedAt } : undefined;
    });
    const trafficBack = await waitFor('reads answered by eastus again', 30_000, async () => {
      const back = (prefix: string) =>
        outcomes.find((o) => o.kind.includes(prefix) && o.at >= restartedAt && o.region === 'eastus');
      const a = back('(admin)');
      const u = back('(user)');
      return a && u ? { admin: a.at - restartedAt, user: u.at - restartedAt } : undefined;
    });
    await sleep(2_000);
    running = false;
    await Promise.all([...traffic, wsLoop]);

    // Every acknowledged write must read back, through the front door, from whichever region answers.
    let lost = 0;
    for (const entry of acknowledged) {
      const r = await call(`${adminFd}${V}/userSettings/${entry.id}`, admin);
      if (r.status !== 200 || (r.body as { displayName?: string }).displayName !== entry.displayName)
        lost += 1;
    }

    const { resources: audit } = await store
      .container('audit')
      .items.query<{ regionName: string; resources: { resourceId: string }[] }>({
        query:
          'SELECT c.regionName, c.resources FROM c WHERE c.tenantId = @t AND c.activity = "Provisioned cloudPC"',
        parameters: [{ name: '@t', value: CONTOSO }],
      })
      .fetchAll();
    const wavePcs = new Set((await cloudPcs()).map((pc) => pc.id));
    const waveAudit = audit.filter((event) => wavePcs.has(event.resources[0]?.resourceId ?? ''));
    const byRegion = Object.fromEntries(
      ['eastus', 'westus'].map((region) => [region, waveAudit.filter((e) => e.regionName === region).length]),
    );
    const duplicates = waveAudit.length - new Set(waveAudit.map((e) => e.resources[0]?.resourceId)).size;

    const outage = outcomes.filter((o) => o.at >= killedAt && o.at < restartedAt);
    const kinds = [...new Set(outcomes.map((o) => o.kind))].sort();
    const byKind = kinds.map((kind) => {
      const all = outcomes.filter((o) => o.kind === kind);
      const during = outage.filter((o) => o.kind === kind);
      const failed = (list: Outcome[]) => list.filter((o) => o.status === 0 || o.status >= 500).length;
      return {
        kind,
        requests: all.length,
        failed: failed(all),
        duringOutage: during.length,
        failedDuringOutage: failed(during),
        failedStatuses: [
          ...new Set(all.filter((o) => o.status === 0 || o.status >= 500).map((o) => o.status)),
        ],
        p50Ms: pct(
          all.map((o) => o.ms),
          50,
        ),
        p99Ms: pct(
          all.map((o) => o.ms),
          99,
        ),
        maxMsDuringOutage: Math.round(Math.max(0, ...during.map((o) => o.ms))),
      };
    });
    const lastEastBeforeDetect = outcomes
      // Between the kill and the restart; after the restart eastus answering is failback.
      .filter((o) => o.at >= killedAt && o.at < restartedAt && o.region === 'eastus')
      .reduce((max, o) => Math.max(max, o.at), 0);
    const wsAfterKill = wsAttempts.filter((a) => a.at >= killedAt && a.at < restartedAt);
    const firstWsBack = wsAfterKill.find((a) => a.ok && a.gatewayRegion === 'westus');
    const firstWsEast = wsAttempts.find((a) => a.at >= restartedAt && a.ok && a.gatewayRegion === 'eastus');
    const webSocketResult = {
      attempts: wsAttempts.length,
      verdicts: [...new Set(wsAttempts.filter((a) => a.ok).map((a) => a.detail))],
      steadyOk: wsAttempts.filter((a) => a.at < killedAt && a.ok).length,
      steadyFailed: wsAttempts.filter((a) => a.at < killedAt && !a.ok).length,
      steadyFailures: [...new Set(wsAttempts.filter((a) => a.at < killedAt && !a.ok).map((a) => a.detail))],
      failedDuringOutage: wsAfterKill.filter((a) => !a.ok).length,
      failuresDuringOutage: [...new Set(wsAfterKill.filter((a) => !a.ok).map((a) => a.detail))],
      reconnectedViaWestusAfterKillMs: firstWsBack ? firstWsBack.at + firstWsBack.ms - killedAt : null,
      backOnEastusAfterRestartMs: firstWsEast ? firstWsEast.at + firstWsEast.ms - restartedAt : null,
    };
    const result = {
      preset,
      probe,
      wave: WAVE,
      simulatedStepMs: STEP_MS,
      coldStartMs: Math.round(cloud.coldStartMs),
      timeToDetectMs: detected,
      timeUntilOnlySurvivorMs: Math.max(detected.admin, detected.user),
      answeredByEastAfterKill: lastEastBeforeDetect ? 'yes (unexpected)' : 'none',
      requestsByKind: byKind,
      acknowledgedWrites: acknowledged.length,
      acknowledgedWritesLost: lost,
      killed: EAST,
      provisioning: {
        unfinishedAtKill,
        provisionedByRegion: byRegion,
        completedBySurvivor: byRegion.westus,
        duplicateProvisionings: duplicates,
        waveDoneAfterKillMs: waveDone - killedAt,
      },
      webSocket: webSocketResult,
      failback: {
        eastHealthyAfterRestartMs: eastBack,
        firstEastResponseAfterRestartMs: trafficBack,
      },
      drillMs: Date.now() - drillStarted,
      frontDoorLog: log.filter((line) => line.includes('front-door')).slice(-20),
    };
    const markdown = [
      `# Region failover drill (preset \`${preset}\`)`,
      '',
      `Local cloud on free ports (two regions, one Cosmos, front door preset \`${preset}\`: ${probe.method} ${probe.path} every ${probe.intervalMs} ms, ${probe.successfulSamplesRequired} of ${probe.sampleSize}, latency sensitivity ${probe.additionalLatencyMs} ms).`,
      `Traffic through the front door: 3 read loops (admin and user endpoints), 1 write loop (POST userSettings), a provisioning wave of ${WAVE} Cloud PCs (simulated steps of ${STEP_MS} ms). eastus's processes (${EAST.join(', ')}) are SIGKILLed mid-wave (its queue stays up, unread), then restarted.`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| time to detect (admin / user endpoint) | ${secs(detected.admin)} / ${secs(detected.user)} |`,
      `| time until the front door routes only to westus | ${secs(result.timeUntilOnlySurvivorMs)} |`,
      `| failed reads during the outage | ${byKind.filter((k) => k.kind.startsWith('read')).reduce((n, k) => n + k.failedDuringOutage, 0)} of ${byKind.filter((k) => k.kind.startsWith('read')).reduce((n, k) => n + k.duringOutage, 0)} |`,
      `| failed writes during the outage | ${byKind.filter((k) => k.kind.startsWith('write')).reduce((n, k) => n + k.failedDuringOutage, 0)} of ${byKind.filter((k) => k.kind.startsWith('write')).reduce((n, k) => n + k.duringOutage, 0)} (never replayed; the client may retry) |`,
      `| acknowledged writes lost | ${lost} of ${acknowledged.length} (each read back) |`,
      `| provision jobs unfinished at the kill | ${unfinishedAtKill} |`,
      `| Cloud PCs provisioned by eastus / westus | ${byRegion.eastus} / ${byRegion.westus} (duplicates: ${duplicates}) |`,
      `| wave finished after the kill | ${secs(result.provisioning.waveDoneAfterKillMs)} |`,
      `| WebSocket session through the gateway endpoint: reconnected via westus after the kill | ${secs(webSocketResult.reconnectedViaWestusAfterKillMs)} (failed attempts during the outage: ${webSocketResult.failedDuringOutage}; ${webSocketResult.failuresDuringOutage.join('; ') || 'none'}) |`,
      `| WebSocket session: back on eastus after restart | ${secs(webSocketResult.backOnEastusAfterRestartMs)} |`,
      `| failback: eastus healthy after restart (admin / user) | ${secs(eastBack.admin)} / ${secs(eastBack.user)} |`,
      `| failback: first response from eastus after restart (admin / user) | ${secs(trafficBack.admin)} / ${secs(trafficBack.user)} |`,
      '',
      '| request kind | requests | failed | during outage | failed during outage | statuses of failures | p50 ms | p99 ms | slowest during outage ms |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...byKind.map(
        (k) =>
          `| ${k.kind} | ${k.requests} | ${k.failed} | ${k.duringOutage} | ${k.failedDuringOutage} | ${k.failedStatuses.join(', ') || '–'} | ${k.p50Ms} | ${k.p99Ms} | ${k.maxMsDuringOutage} |`,
      ),
      '',
      "WebSocket: every 250 ms a client does what the session page does to (re)connect: a fresh launch ticket (GET through the user endpoint), a WebSocket through the gateway endpoint, the hello, the gateway's verdict. The drill runs the simulated compute, so the verdict is `noDesktop` (no pixels to stream); reaching a verdict means the whole path works. Upgrades are never replayed: an attempt routed to the dead gateway fails and the client tries again.",
      'Failback time includes the restarted Next.js servers and worker starting (tsx compile) before the probes can see them.',
      `Drill wall time ${secs(result.drillMs)}, cold start ${secs(result.coldStartMs)}.`,
    ].join('\n');
    await writeResults(preset === 'fast' ? 'region-failover' : `region-failover-${preset}`, result, markdown);
    console.log(markdown);
    if (lost > 0 || duplicates > 0) process.exitCode = 1;
  } finally {
    store.dispose();
    await cloud.dispose();
  }
}

await main();
