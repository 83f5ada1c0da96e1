import { freePorts } from '@cloudpc/local-cloud/process/ports';
import type { LocalCloud } from '@cloudpc/local-cloud/stack';
import { startEphemeralCloud } from '@cloudpc/local-cloud/testing/ephemeral-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The real thing: the whole local cloud (both regions' Next.js portals, workers and
 * gateways, front door preset `fast`), steady signed-in traffic through the front
 * door, eastus's two portals SIGKILLed and later started again.
 */
const CONTOSO = '33aa9011-a38d-5612-af97-a2d98d559844';
const V = '/api/v1.0/deviceManagement/virtualEndpoint';
const EAST_PORTALS = ['admin-eastus', 'user-eastus'];

interface Outcome {
  kind: 'read' | 'write';
  status: number;
  region: string | null;
  /** Front door health transitions seen when the request was sent. */
  changesBefore: number;
  phase: 'steady' | 'down' | 'restored';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function token(cloud: LocalCloud, username: string, clientId: string): Promise<string> {
  const response = await fetch(`${cloud.urls.entra}/${CONTOSO}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: clientId,
      username,
      password: cloud.seed.devPassword,
      scope: 'api://cloudpc-api/CloudPC.ReadWrite',
    }),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`no token for ${username}: ${body.error_description}`);
  return body.access_token;
}

async function call(url: string, bearer: string, body?: unknown) {
  try {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return {
      status: response.status,
      region: response.headers.get('x-cloudpc-region'),
      json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  } catch {
    return { status: 0, region: null, json: {} };
  }
}

describe('a region whose portals die under steady traffic through the front door', () => {
  let cloud: (LocalCloud & { dispose(): Promise<void> }) | undefined;
  const output: string[] = [];

  beforeAll(async () => {
    const [gateway = 0, gatewayEast = 0, gatewayWest = 0] = await freePorts(3);
    cloud = await startEphemeralCloud({
      output: (line) => output.push(line),
      env: {
        ...process.env,
        CLOUDPC_FRONT_DOOR_PRESET: 'fast',
        CLOUDPC_COMPUTE_PROVIDER: 'simulated',
        CLOUDPC_PORT_GATEWAY: String(gateway),
        CLOUDPC_PORT_GATEWAY_EASTUS: String(gatewayEast),
        CLOUDPC_PORT_GATEWAY_WESTUS: String(gatewayWest),
      },
    });
  }, 240_000);
  afterAll(async () => {
    await cloud?.dispose();
  }, 60_000);

  it('fails no read, serves westus until eastus is back, loses no acknowledged write, then fails back', {
    timeout: 240_000,
  }, async () => {
    if (!cloud) throw new Error('no cloud');
    const c = cloud;
    const admin = await token(c, 'admin@contoso.test', c.seed.clientIds.adminPortal);
    const adele = await token(c, 'adele@contoso.test', c.seed.clientIds.userPortal);
    const changes = () => c.frontDoor.history().filter((change) => change.origin === 'eastus');

    const outcomes: Outcome[] = [];
    const acknowledged: { id: string; displayName: string }[] = [];
    let phase: Outcome['phase'] = 'steady';
    let running = true;
    let writes = 0;
    const reader = async (url: string, bearer: string) => {
      while (running) {
        const sent = { phase, changesBefore: changes().length };
        const r = await call(url, bearer);
        outcomes.push({ kind: 'read', status: r.status, region: r.region, ...sent });
        await sleep(20);
      }
    };
    const writer = async () => {
      while (running) {
        writes += 1;
        const displayName = `failover-${writes}`;
        const sent = { phase, changesBefore: changes().length };
        const r = await call(`${c.urls.frontDoor.admin}${V}/userSettings`, admin, { displayName });
        outcomes.push({ kind: 'write', status: r.status, region: r.region, ...sent });
        if (r.status === 201 && typeof r.json.id === 'string')
          acknowledged.push({ id: r.json.id, displayName });
        await sleep(100);
      }
    };
    const traffic = [
      reader(`${c.urls.frontDoor.admin}${V}/cloudPCs?$top=5`, admin),
      reader(`${c.urls.frontDoor.user}/api/v1.0/me/cloudPCs`, adele),
      writer(),
    ];
    const reads = (p: Outcome['phase']) => outcomes.filter((o) => o.kind === 'read' && o.phase === p);

    try {
      await until('steady reads', () => reads('steady').length >= 30, 60_000);
      await Promise.all(EAST_PORTALS.map((name) => c.killProcess(name)));
      phase = 'down';
      await until('eastus marked unhealthy on both endpoints', () => changes().length >= 2, 30_000);
      const detectedAt = outcomes.length;
      await until(
        'reads after detection',
        () => outcomes.slice(detectedAt).filter((o) => o.kind === 'read').length >= 30,
        60_000,
      );

      await Promise.all(EAST_PORTALS.map((name) => c.restartProcess(name)));
      phase = 'restored';
      await until('eastus healthy again on both endpoints', () => changes().length >= 4, 180_000);
      await until(
        'reads after failback',
        () => outcomes.filter((o) => o.kind === 'read' && o.changesBefore >= 4).length >= 30,
        60_000,
      );
    } catch (error) {
      throw new Error(`${String(error)}\n${output.slice(-60).join('\n')}`);
    } finally {
      running = false;
      await Promise.all(traffic);
    }

    const allReads = outcomes.filter((o) => o.kind === 'read');
    expect(allReads.filter((o) => o.status !== 200)).toEqual([]);
    expect(
      reads('steady')
        .slice(0, 20)
        .every((o) => o.region === 'eastus'),
    ).toBe(true);
    // Sent after eastus's portals were gone: answered by westus, replayed or routed.
    expect(reads('down').length).toBeGreaterThan(0);
    expect(reads('down').every((o) => o.region === 'westus')).toBe(true);
    // Sent after the probes saw eastus healthy again on both endpoints: back on the primary.
    expect(allReads.filter((o) => o.changesBefore >= 4).every((o) => o.region === 'eastus')).toBe(true);

    // The probes decided as Front Door would (fast preset: 2 failures out, 3 of 4 back in).
    const [adminDown, userDown] = changes().filter((change) => !change.healthy);
    for (const down of [adminDown, userDown]) {
      expect(down?.samples.filter((ok) => !ok)).toHaveLength(2);
    }
    expect(
      changes()
        .filter((change) => change.healthy)
        .every((up) => up.samples.filter(Boolean).length === 3),
    ).toBe(true);
    expect(c.frontDoor.history().filter((change) => change.origin === 'westus')).toEqual([]);

    // Writes are never replayed; every acknowledged one reads back. A write fails as a 502
    // when its origin dies before answering, or as a broken connection (0) when the origin
    // died after its answer had started: the front door cannot turn sent bytes into a 502.
    const failedWrites = outcomes.filter((o) => o.kind === 'write' && o.status !== 201);
    for (const write of failedWrites) expect([0, 502]).toContain(write.status);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const entry of acknowledged) {
      const r = await call(`${c.urls.frontDoor.admin}${V}/userSettings/${entry.id}`, admin);
      expect(r.status, entry.id).toBe(200);
      expect(r.json.displayName).toBe(entry.displayName);
    }
  });
});
