import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { insertCloudPc } from '../src/cloud-pcs/cloud-pc-repository.ts';
import { createLocalDesktopCompute, type LocalDesktopCompute } from '../src/compute/local-desktop-compute.ts';
import { createSimulatedCompute } from '../src/compute/simulated-compute.ts';
import { platformConfig } from '../src/config/env.ts';
import { GATEWAY_CLOSE, GATEWAY_PATH, type GatewayVerdict } from '../src/gateway/gateway-protocol.ts';
import { createGateway, type Gateway } from '../src/gateway/gateway-server.ts';
import { authenticate } from '../src/identity/authenticate.ts';
import type { ConnectionEventDocument } from '../src/launch/launch-repository.ts';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { makeCloudPc } from './cloud-pc-fixtures.ts';
import { app, seed, user } from './seed-identities.ts';

/**
 * The connection gateway over real WebSockets: real Entra tokens, real tickets from
 * the API, the real Cosmos, and a real desktop (Xvnc) behind it.
 */
let h: ApiHarness;
let dataDir: string;
let desktops: LocalDesktopCompute;
let gateway: Gateway;
let simulatedGateway: Gateway;
let gatewayUrl: string;
let simulatedUrl: string;
const adele = user('adele@contoso.test');
const alex = user('alex@contoso.test');
const ids = { desktop: '', off: '', simulated: '' };
const logLines: string[] = [];
const secretsSeen: string[] = [];
const machineOf = (id: string) => ({
  machineId: id,
  tenantId: adele.tenantId,
  regionName: 'eastus',
  userPrincipalName: adele.userPrincipalName,
  imageId: 'image',
  deviceName: 'CPC-ADELE',
  servicePlanId: '0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c04',
});

const tokens = new Map<string, Promise<string>>();
function accessToken(upn: string): Promise<string> {
  let pending = tokens.get(upn);
  if (!pending) {
    pending = fetch(`${h.entraUrl}/${user(upn).tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: app('userPortal').clientId,
        username: upn,
        password: seed.devPassword,
        scope: 'api://cloudpc-api/CloudPC.ReadWrite',
      }).toString(),
    })
      .then((response) => response.json() as Promise<{ access_token: string }>)
      .then((body) => body.access_token);
    tokens.set(upn, pending);
  }
  return pending;
}

async function ticketFor(cloudPcId: string, upn = 'adele@contoso.test'): Promise<string> {
  const info = await h
    .as(upn)
    .get<{ cloudPcLaunchUrl: string }>(`/api/v1.0/me/cloudPCs/${cloudPcId}/getCloudPcLaunchInfo`);
  expect(info.status).toBe(200);
  const ticket = new URL(info.body.cloudPcLaunchUrl, 'http://portal.test').searchParams.get('ticket') ?? '';
  secretsSeen.push(ticket);
  return ticket;
}

interface Attempt {
  verdict: GatewayVerdict | undefined;
  /** Binary bytes received after the verdict (the desktop's RFB stream). */
  stream: Buffer;
  closeCode: number | undefined;
  socket: WebSocket;
}

/** Opens the gateway, sends the hello, and collects the verdict plus `streamBytes` of desktop stream. */
function attempt(url: string, hello: unknown, streamBytes = 0): Promise<Attempt> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url}${GATEWAY_PATH}`);
    const result: Attempt = { verdict: undefined, stream: Buffer.alloc(0), closeCode: undefined, socket };
    socket.on('open', () => socket.send(JSON.stringify(hello)));
    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        result.verdict = JSON.parse(data.toString()) as GatewayVerdict;
      } else {
        result.stream = Buffer.concat([result.stream, data as Buffer]);
      }
      if (result.verdict?.type === 'ready' && result.stream.length >= streamBytes && streamBytes > 0) {
        resolve(result);
      }
    });
    socket.on('close', (code) => {
      result.closeCode = code;
      resolve(result);
    });
    socket.on('error', reject);
  });
}

async function events(userId: string): Promise<ConnectionEventDocument[]> {
  const store = await h.store();
  const { resources } = await store
    .container('connections')
    .items.query<ConnectionEventDocument>({
      query: "SELECT * FROM c WHERE c.docType = 'connectionEvent' AND c.userId = @userId",
      parameters: [{ name: '@userId', value: userId }],
    })
    .fetchAll();
  return resources;
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return read();
}

beforeAll(async () => {
  h = await startApiHarness();
  const store = await h.store();
  const add = async (overrides: Parameters<typeof makeCloudPc>[0]) =>
    (await insertCloudPc(store, makeCloudPc(overrides))).value.id;
  const mine = { tenantId: adele.tenantId, userId: adele.id, userPrincipalName: adele.userPrincipalName };
  ids.desktop = await add({ ...mine, displayName: 'Adele desktop' });
  ids.simulated = await add({ ...mine, displayName: 'Adele simulated' });
  dataDir = await mkdtemp(join(tmpdir(), 'cloudpc-gateway-'));
  await chmod(dataDir, 0o711);
  desktops = createLocalDesktopCompute({ dataDir });
  await desktops.create(machineOf(ids.desktop));

  const config = platformConfig();
  const common = {
    region: 'eastus',
    version: 'test',
    store: h.store,
    ticketSecret: config.launchTicketSecret,
    authenticate: (token: string) =>
      authenticate(
        { headers: { authorization: `Bearer ${token}` } },
        {
          authorityHost: h.entraUrl,
          apiClientId: seed.apps.api?.clientId ?? '',
          knownTenants: seed.tenants.map((tenant) => tenant.tenantId),
        },
      ),
    logger: pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) }),
    pingIntervalMs: 100,
    reportIntervalMs: 200,
  };
  gateway = createGateway({ ...common, compute: desktops });
  gatewayUrl = `ws://127.0.0.1:${await gateway.listen(0)}`;
  simulatedGateway = createGateway({ ...common, compute: createSimulatedCompute({ stepMs: 0 }) });
  simulatedUrl = `ws://127.0.0.1:${await simulatedGateway.listen(0)}`;
});

afterAll(async () => {
  await gateway?.close();
  await simulatedGateway?.close();
  await desktops?.delete(machineOf(ids.desktop)).catch(() => undefined);
  await desktops?.stopAll();
  await h?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('connection gateway', () => {
  it('answers its health check', async () => {
    const response = await fetch(`${gatewayUrl.replace('ws:', 'http:')}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-cloudpc-region')).toBe('eastus');
    expect(await response.json()).toMatchObject({ status: 'healthy', computeProvider: 'local-desktop' });
  });

  it('bridges a valid ticket to the desktop: the VNC server greets through the WebSocket', async () => {
    const ticket = await ticketFor(ids.desktop);
    const result = await attempt(
      gatewayUrl,
      { type: 'hello', ticket, accessToken: await accessToken('adele@contoso.test') },
      12,
    );
    expect(result.verdict).toMatchObject({
      type: 'ready',
      cloudPcId: ids.desktop,
      cloudPcDisplayName: 'Adele desktop',
      gatewayRegion: 'eastus',
    });
    expect(result.stream.subarray(0, 12).toString('latin1')).toBe('RFB 003.008\n');
    // The browser's side of the handshake reaches the server: it answers with its security types (VncAuth).
    const types = new Promise<Buffer>((resolve) =>
      result.socket.once('message', (data) => resolve(data as Buffer)),
    );
    result.socket.send(Buffer.from('RFB 003.008\n'));
    expect([...(await types)]).toEqual([1, 2]);

    // Round trips are measured while connected and saved with the disconnect reason.
    const connectionId = result.verdict?.type === 'ready' ? result.verdict.connectionId : '';
    if (result.verdict?.type === 'ready') secretsSeen.push(result.verdict.vncPassword);
    await eventually(
      () => events(adele.id),
      (list) => (list.find((event) => event.id === connectionId)?.roundTripSamplesMs.length ?? 0) > 0,
    );
    result.socket.close(1000);
    const ended = await eventually(
      () => events(adele.id),
      (list) => list.find((event) => event.id === connectionId)?.disconnectReason === 'userClosed',
    );
    const event = ended.find((entry) => entry.id === connectionId);
    expect(event).toMatchObject({ outcome: 'connected', disconnectReason: 'userClosed' });
    expect(event?.roundTripSamplesMs.length).toBeGreaterThan(0);
  });

  it('refuses a replayed ticket', async () => {
    const ticket = await ticketFor(ids.desktop);
    const token = await accessToken('adele@contoso.test');
    const first = await attempt(gatewayUrl, { type: 'hello', ticket, accessToken: token }, 12);
    expect(first.verdict?.type).toBe('ready');
    first.socket.close(1000);
    const second = await attempt(gatewayUrl, { type: 'hello', ticket, accessToken: token });
    expect(second.verdict).toMatchObject({ type: 'refused', code: 'Conflict' });
    expect(second.verdict?.type === 'refused' && second.verdict.message).toMatch(/already used/);
    expect(second.closeCode).toBe(GATEWAY_CLOSE.conflict);
    expect(second.stream.length).toBe(0);
  });

  it('refuses another person presenting my ticket, and records it', async () => {
    const ticket = await ticketFor(ids.desktop);
    const result = await attempt(gatewayUrl, {
      type: 'hello',
      ticket,
      accessToken: await accessToken('alex@contoso.test'),
    });
    expect(result.verdict).toMatchObject({ type: 'refused', code: 'Forbidden' });
    expect(result.closeCode).toBe(GATEWAY_CLOSE.forbidden);
    expect(result.stream.length).toBe(0);
    expect((await events(alex.id)).some((event) => event.outcome === 'refusedWrongUser')).toBe(true);
    // The ticket was not spent by the refusal: its owner can still use it.
    const owner = await attempt(
      gatewayUrl,
      { type: 'hello', ticket, accessToken: await accessToken('adele@contoso.test') },
      12,
    );
    expect(owner.verdict?.type).toBe('ready');
    owner.socket.close(1000);
  });

  it('refuses without a valid sign-in, a forged ticket, or no hello', async () => {
    const ticket = await ticketFor(ids.desktop);
    const noToken = await attempt(gatewayUrl, { type: 'hello', ticket, accessToken: 'not-a-token' });
    expect(noToken.verdict).toMatchObject({ type: 'refused', code: 'Unauthorized' });
    const forged = await attempt(gatewayUrl, {
      type: 'hello',
      ticket: `${ticket.split('.')[0]}.AAAA`,
      accessToken: await accessToken('adele@contoso.test'),
    });
    expect(forged.verdict).toMatchObject({ type: 'refused', code: 'BadRequest' });
    const garbage = await attempt(gatewayUrl, 'hello');
    expect(garbage.closeCode).toBe(GATEWAY_CLOSE.badHello);
  });

  it('says so when the desktop is off, and simulated compute has no desktop to stream', async () => {
    await desktops.power(machineOf(ids.desktop), 'off');
    const off = await attempt(gatewayUrl, {
      type: 'hello',
      ticket: await ticketFor(ids.desktop),
      accessToken: await accessToken('adele@contoso.test'),
    });
    expect(off.verdict).toMatchObject({
      type: 'refused',
      code: 'Conflict',
      message: 'This Cloud PC is turned off.',
      reason: 'poweredOff',
    });
    await desktops.power(machineOf(ids.desktop), 'on');

    const simulated = await attempt(simulatedUrl, {
      type: 'hello',
      ticket: await ticketFor(ids.simulated),
      accessToken: await accessToken('adele@contoso.test'),
    });
    expect(simulated.verdict).toMatchObject({
      type: 'noDesktop',
      reason: 'noDesktop',
      cloudPcId: ids.simulated,
    });
    expect(simulated.closeCode).toBe(GATEWAY_CLOSE.noDesktop);
  });

  it('never logs a ticket, a token or a VNC password', async () => {
    expect(logLines.length).toBeGreaterThan(5);
    secretsSeen.push(await accessToken('adele@contoso.test'), await accessToken('alex@contoso.test'));
    const all = logLines.join('\n');
    for (const secret of secretsSeen) {
      expect(secret.length).toBeGreaterThan(7);
      expect(all).not.toContain(secret);
    }
    expect(all).not.toContain((await desktops.state(ids.desktop))?.password);
  });

  it('answers 404 for anything but its WebSocket path and health', async () => {
    const response = await fetch(`${gatewayUrl.replace('ws:', 'http:')}/anything`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NotFound');
  });
});
