import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../process/ports.ts';
import { type FrontDoor, failuresToDetect, type HealthChange, startFrontDoor } from './index.ts';

/**
 * A region's portal as its own process (so it can be SIGKILLed like one): health on
 * /api/health, a region-stamped answer to everything else, and one stdout line per
 * write it received, so the test can prove no write was ever replayed.
 */
const ORIGIN_SCRIPT = `
import { createServer } from 'node:http';
const [port, region] = process.argv.slice(1);
const server = createServer((req, res) => {
  if (req.url === '/api/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST') process.stdout.write('WRITE ' + req.headers['x-request-id'] + '\\n');
    res.writeHead(req.method === 'POST' ? 201 : 200, {
      'content-type': 'application/json',
      'x-cloudpc-region': region,
    });
    res.end(JSON.stringify({ region }));
  });
});
server.on('upgrade', (req, socket) => {
  socket.end('HTTP/1.1 101 Switching Protocols\\r\\nupgrade: websocket\\r\\nconnection: Upgrade\\r\\nx-cloudpc-region: ' + region + '\\r\\n\\r\\n');
});
server.keepAliveTimeout = 5000;
server.listen(Number(port), '127.0.0.1', () => process.stdout.write('READY\\n'));
`;

interface RegionProcess {
  child: ChildProcess;
  writes: string[];
}

async function startRegion(port: number, region: string): Promise<RegionProcess> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', ORIGIN_SCRIPT, String(port), region], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const writes: string[] = [];
  let buffered = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${region} origin exited (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'READY') resolve();
        if (line.startsWith('WRITE ')) writes.push(line.slice(6));
      }
    });
  });
  await ready;
  return { child, writes };
}

interface Outcome {
  kind: 'read' | 'write';
  status: number;
  region: string | undefined;
  requestId: string;
  /** When it was sent: before the kill, after eastus's process had exited, after it was started again. */
  phase: 'steady' | 'killed' | 'restored';
  /** How many health transitions the front door had made when it was sent. */
  changesBefore: number;
}

// Keep-alive like a browser: a pooled connection to the front door outlives the origin's.
const clientAgent = new Agent({ keepAlive: true, maxSockets: 8 });

function send(
  base: string,
  method: 'GET' | 'POST',
  requestId: string,
): Promise<{ status: number; region?: string }> {
  return new Promise((resolve) => {
    const req = request(
      `${base}/api/v1.0/thing`,
      {
        method,
        agent: clientAgent,
        headers: { 'x-request-id': requestId, 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const region = res.headers['x-cloudpc-region'];
          resolve({ status: res.statusCode ?? 0, ...(typeof region === 'string' ? { region } : {}) });
        });
        res.on('error', () => resolve({ status: 0 }));
      },
    );
    req.on('error', () => resolve({ status: 0 }));
    req.end(method === 'POST' ? '{"a":1}' : undefined);
  });
}

/** Opens a WebSocket-style upgrade through the front door; which region took it, or null. */
function upgradeRegion(base: string): Promise<string | null> {
  return new Promise((resolve) => {
    const req = request(`${base}/desktop`, {
      agent: false,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      const region = res.headers['x-cloudpc-region'];
      resolve(typeof region === 'string' ? region : null);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(null);
    });
    req.on('error', () => resolve(null));
    req.end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('a region killed under steady traffic through the front door (fast preset)', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('fails no idempotent request, moves traffic and WebSocket reconnects to the survivor, never replays a write, and fails back', {
    timeout: 60_000,
  }, async () => {
    const [eastPort = 0, westPort = 0] = await freePorts(2);
    let east = await startRegion(eastPort, 'eastus');
    const west = await startRegion(westPort, 'westus');
    const firstEast = east;
    const kill = (p: RegionProcess) => {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    };
    cleanup.push(
      () => kill(west),
      () => kill(east),
    );

    const changes: HealthChange[] = [];
    const frontDoor: FrontDoor = await startFrontDoor({
      preset: 'fast',
      listeners: [
        {
          name: 'admin',
          port: 0,
          origins: [
            { name: 'eastus', url: `http://127.0.0.1:${eastPort}`, priority: 1, weight: 1000 },
            { name: 'westus', url: `http://127.0.0.1:${westPort}`, priority: 2, weight: 1000 },
          ],
        },
      ],
      onHealthChange: (change) => changes.push(change),
      log: () => undefined,
    });
    cleanup.push(
      () => frontDoor.close(),
      () => clientAgent.destroy(),
    );
    const base = frontDoor.listeners[0]?.url ?? '';

    const outcomes: Outcome[] = [];
    let phase: Outcome['phase'] = 'steady';
    let running = true;
    let sequence = 0;
    const client = async (kind: Outcome['kind']) => {
      while (running) {
        sequence += 1;
        const requestId = `${kind}-${sequence}`;
        const at = phase;
        const changesBefore = changes.length;
        const { status, region } = await send(base, kind === 'read' ? 'GET' : 'POST', requestId);
        outcomes.push({ kind, status, region, requestId, phase: at, changesBefore });
        await sleep(kind === 'read' ? 5 : 40);
      }
    };
    const clients = [client('read'), client('read'), client('read'), client('write')];
    const count = (p: Outcome['phase']) => outcomes.filter((o) => o.phase === p && o.kind === 'read').length;

    await until('steady traffic', () => count('steady') >= 50);
    const beforeKill = outcomes.length;
    kill(east);
    await once(east.child, 'exit');
    phase = 'killed';
    await until('eastus marked unhealthy', () => changes.some((c) => c.origin === 'eastus' && !c.healthy));
    const marked = outcomes.length;
    await until('reads after detection', () => outcomes.length >= marked + 50);
    // A client whose tunnel died reconnects: the upgrade now goes to the survivor.
    const reconnectedTo = await upgradeRegion(base);

    east = await startRegion(eastPort, 'eastus');
    phase = 'restored';
    await until('eastus healthy again', () => changes.filter((c) => c.origin === 'eastus').length === 2);
    await until(
      'reads after failback',
      () => outcomes.filter((o) => o.kind === 'read' && o.changesBefore === 2).length >= 50,
    );
    const failedBackTo = await upgradeRegion(base);
    running = false;
    await Promise.all(clients);

    const reads = outcomes.filter((o) => o.kind === 'read');
    const failedReads = reads.filter((o) => o.status !== 200);
    expect(failedReads).toEqual([]);
    expect(
      outcomes
        .slice(0, beforeKill)
        .filter((o) => o.kind === 'read')
        .every((o) => o.region === 'eastus'),
    ).toBe(true);
    // Once eastus is gone every read is answered by westus: replayed passively before
    // the probes notice (changesBefore 0), routed there directly after (1).
    const whileDown = reads.filter((o) => o.phase === 'killed');
    expect(whileDown.filter((o) => o.changesBefore === 0).length).toBeGreaterThan(0);
    expect(whileDown.filter((o) => o.changesBefore === 1).length).toBeGreaterThan(0);
    expect(whileDown.every((o) => o.region === 'westus')).toBe(true);
    // After failback, traffic returns to the priority-1 origin.
    const afterFailback = reads.filter((o) => o.changesBefore === 2);
    expect(afterFailback.length).toBeGreaterThanOrEqual(50);
    expect(afterFailback.every((o) => o.region === 'eastus')).toBe(true);

    expect(reconnectedTo).toBe('westus');
    expect(failedBackTo).toBe('eastus');

    // The probes decided as Front Door would: out after M-N+1 failures, back after N successes.
    const [down, up] = changes.filter((c) => c.origin === 'eastus');
    const settings = frontDoor.settings().admin;
    expect(settings).toBeDefined();
    if (!settings || !down || !up) throw new Error('missing transitions');
    expect(down.samples.filter((ok) => !ok)).toHaveLength(failuresToDetect(settings));
    expect(down.samples.slice(-failuresToDetect(settings)).every((ok) => !ok)).toBe(true);
    expect(up.samples.filter(Boolean)).toHaveLength(settings.successfulSamplesRequired);
    expect(changes.filter((c) => c.origin === 'westus')).toEqual([]);

    // A write is answered by exactly one origin or refused; never sent to two.
    const writes = outcomes.filter((o) => o.kind === 'write');
    expect(writes.length).toBeGreaterThan(0);
    const received = [...firstEast.writes, ...east.writes, ...west.writes];
    expect(new Set(received).size).toBe(received.length);
    for (const write of writes) {
      if (write.status === 201) expect(received.filter((id) => id === write.requestId)).toHaveLength(1);
      else expect(write.status).toBe(502);
    }
  });
});
