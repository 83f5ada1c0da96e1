import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type FrontDoor, type FrontDoorOptions, startFrontDoor } from './index.ts';

/** A tiny real origin: answers health as told, records requests, echoes what it saw. */
interface Origin {
  name: string;
  url: string;
  healthStatus: number;
  probeMethods: string[];
  seen: { method: string; url: string; headers: IncomingMessage['headers']; bodyBytes: number }[];
  server: Server;
  stop(): Promise<void>;
}

async function startOrigin(name: string): Promise<Origin> {
  const tunnels = new Set<Socket>();
  const origin: Origin = {
    name,
    url: '',
    healthStatus: 200,
    probeMethods: [],
    seen: [],
    server: createServer(),
    stop: async () => {
      for (const socket of tunnels) socket.destroy();
      origin.server.closeAllConnections();
      await new Promise((resolve) => origin.server.close(resolve));
    },
  };
  origin.server.on('request', (req, res) => {
    if (req.url === '/api/health') {
      origin.probeMethods.push(req.method ?? '');
      res.writeHead(origin.healthStatus, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => {
      bodyBytes += chunk.length;
    });
    req.on('end', () => {
      origin.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bodyBytes });
      if (req.url?.split('?')[0] === '/hang' && name === 'eastus') return; // a stuck origin: accepts, never answers
      if (req.url === '/die-mid-body') {
        // Headers and a first chunk, then the process "dies": the connection is reset.
        res.writeHead(200, { 'content-type': 'text/plain', 'x-origin': name });
        res.write('partial;');
        setTimeout(() => req.socket.destroy(), 50);
        return;
      }
      if (req.url === '/slow-stream') {
        // First chunk now, the rest only when the client says it got the first one.
        res.writeHead(200, { 'content-type': 'text/plain', 'x-origin': name });
        res.write('first;');
        const finish = () => res.end('last');
        origin.server.once('finish-stream', finish);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-origin': name });
      res.end(JSON.stringify({ origin: name, bodyBytes, headers: req.headers }));
    });
  });
  origin.server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nx-origin: ${name}\r\n\r\n`,
    );
    tunnels.add(socket);
    socket.on('data', (data) => socket.write(`${name}:${data.toString()}`));
    socket.on('end', () => socket.end());
    origin.seen.push({ method: 'UPGRADE', url: req.url ?? '', headers: req.headers, bodyBytes: 0 });
  });
  await new Promise<void>((resolve) => origin.server.listen(0, '127.0.0.1', resolve));
  origin.url = `http://127.0.0.1:${(origin.server.address() as AddressInfo).port}`;
  return origin;
}

interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await sleep(25);
  }
}

describe('local front door', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function setup(probe: FrontDoorOptions['probe'] = {}, westPriority = 2, originTimeoutMs?: number) {
    const east = await startOrigin('eastus');
    const west = await startOrigin('westus');
    cleanup.push(east.stop, west.stop);
    const logs: string[] = [];
    const frontDoor: FrontDoor = await startFrontDoor({
      listeners: [
        {
          name: 'admin',
          port: 0,
          origins: [
            { name: 'eastus', url: east.url, priority: 1, weight: 1000 },
            { name: 'westus', url: west.url, priority: westPriority, weight: 1000 },
          ],
        },
      ],
      probe,
      ...(originTimeoutMs ? { originTimeoutMs } : {}),
      log: (line) => logs.push(line),
    });
    cleanup.push(() => frontDoor.close());
    const base = frontDoor.listeners[0]?.url ?? '';
    return { east, west, frontDoor, base, logs };
  }

  it('refuses request-smuggling shapes and oversized headers before any origin sees them', async () => {
    const { east, west, base } = await setup();
    await until(() => east.probeMethods.length > 0);
    const { hostname, port } = new URL(base);
    /** Raw bytes on one connection; everything the front door answers until it closes. */
    const raw = (bytes: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname);
        let answer = '';
        socket.setEncoding('latin1');
        socket.on('data', (chunk: string) => {
          answer += chunk;
        });
        socket.on('error', () => resolve(answer));
        socket.on('close', () => resolve(answer));
        socket.setTimeout(3000, () => {
          socket.destroy();
          reject(new Error(`no close after: ${answer.slice(0, 200)}`));
        });
        socket.end(bytes);
      });
    const smuggled = 'GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n';
    const cases: [string, string][] = [
      [
        'Content-Length and Transfer-Encoding together',
        `POST /cl-te HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${smuggled}`,
      ],
      [
        'two different Content-Lengths',
        `POST /cl-cl HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 44\r\n\r\n${smuggled}`,
      ],
      [
        'an obfuscated Transfer-Encoding',
        `POST /te-te HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n0\r\n\r\n${smuggled}`,
      ],
      [
        'a header over the size limit',
        `GET /big HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
      ],
    ];
    for (const [name, bytes] of cases) {
      const answer = await raw(bytes);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
      expect(status, `${name}: ${answer.slice(0, 120)}`).toBeGreaterThanOrEqual(400);
      expect(status, name).toBeLessThan(500);
      // One answer only: the trailing request was never parsed as a second one.
      expect(answer.match(/HTTP\/1\.1 \d{3}/g)?.length, name).toBe(1);
    }
    const reached = [...east.seen, ...west.seen].map((entry) => entry.url);
    expect(reached.filter((url) => /smuggled|cl-te|cl-cl|te-te|big/.test(url))).toEqual([]);
  });

  it('routes to the priority-1 origin and adds request id and forwarding headers', async () => {
    const { base, east, west } = await setup();
    const reply = await send(`${base}/api/thing?x=1`);
    expect(reply.status).toBe(200);
    expect(reply.headers['x-origin']).toBe('eastus');
    const seen = JSON.parse(reply.body) as { headers: Record<string, string> };
    expect(seen.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.headers['x-request-id']).toBe(seen.headers['x-request-id']);
    expect(seen.headers['x-azure-ref']).toBe(seen.headers['x-request-id']);
    expect(reply.headers['x-azure-ref']).toBe(seen.headers['x-azure-ref']);
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers['x-forwarded-host']).toBe(new URL(base).host);
    expect(east.seen.map((r) => r.url)).toEqual(['/api/thing?x=1']);
    expect(west.seen).toEqual([]);

    const kept = await send(`${base}/api/thing`, { headers: { 'x-request-id': 'caller-id' } });
    expect(kept.headers['x-request-id']).toBe('caller-id');
    expect(kept.headers['x-azure-ref']).toMatch(/^[0-9a-f-]{36}$/);
    expect(kept.headers['x-azure-ref']).not.toBe('caller-id');
  });

  it('probes with the preset method and records every transition with the samples that decided it', async () => {
    const { east, west, frontDoor } = await setup({ method: 'HEAD', intervalMs: 50 });
    await until(() => east.probeMethods.length > 0 && west.probeMethods.length > 0);
    expect(new Set([...east.probeMethods, ...west.probeMethods])).toEqual(new Set(['HEAD']));
    expect(frontDoor.settings().admin).toMatchObject({
      method: 'HEAD',
      sampleSize: 4,
      additionalLatencyMs: 50,
    });
    east.healthStatus = 500;
    await until(() => frontDoor.history().length === 1);
    expect(frontDoor.history()[0]).toMatchObject({
      listener: 'admin',
      origin: 'eastus',
      healthy: false,
      samples: [true, true, false, false],
    });
    expect(frontDoor.status().admin?.[0]?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('spreads one priority over origins within the latency sensitivity, by weight', async () => {
    const { base, frontDoor } = await setup({ intervalMs: 50, additionalLatencyMs: 1000 }, 1);
    await until(() => frontDoor.status().admin?.every((o) => o.latencyMs !== undefined) === true);
    const origins = new Set<string>();
    for (let i = 0; i < 40; i += 1) origins.add(String((await send(`${base}/x`)).headers['x-origin']));
    expect(origins).toEqual(new Set(['eastus', 'westus']));
    const served = frontDoor.status().admin?.map((o) => o.requests) ?? [];
    expect(served.reduce((a, b) => a + b, 0)).toBe(40);
  });

  it('replays an idempotent request once on the next origin, never a write', async () => {
    // Probes effectively off after the first one, so only passive failover is at work.
    const { base, east, west, logs } = await setup({ intervalMs: 600_000 });
    await until(() => true);
    await east.stop();

    const get = await send(`${base}/api/thing`);
    expect(get.status).toBe(200);
    expect(get.headers['x-origin']).toBe('westus');

    const post = await send(`${base}/api/thing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"a":1}'),
    });
    expect(post.status).toBe(502);
    const error = JSON.parse(post.body) as { error: { code: string; innerError: { 'request-id': string } } };
    expect(error.error.code).toBe('BadGateway');
    expect(error.error.innerError['request-id']).toBe(post.headers['x-request-id']);
    expect(post.body).not.toMatch(/at .*\.ts/);
    expect(west.seen.filter((r) => r.method === 'POST')).toEqual([]);
    expect(logs.some((l) => l.includes('retrying on westus'))).toBe(true);
  });

  it('replays an idempotent request on the next origin when the first does not answer in time, never a write', async () => {
    const { base, east, west, logs } = await setup({ intervalMs: 600_000 }, 2, 300);
    const get = await send(`${base}/hang`);
    expect(get.status).toBe(200);
    expect(get.headers['x-origin']).toBe('westus');
    // A query may carry a secret (a launch URL's ticket): the log line names the path only.
    const post = await send(`${base}/hang?ticket=s3cret-ticket`, { method: 'POST', body: Buffer.from('{}') });
    expect(post.status).toBe(502);
    expect(west.seen.filter((r) => r.method === 'POST')).toEqual([]);
    expect(east.seen.filter((r) => r.url.startsWith('/hang')).map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(logs.some((l) => l.includes('/hang -> eastus failed'))).toBe(true);
    expect(logs.join('\n')).not.toContain('s3cret-ticket');
  });

  it('moves traffic by health probes and back when the preferred origin recovers', async () => {
    const { base, east, frontDoor } = await setup({ intervalMs: 50, timeoutMs: 500 });
    east.healthStatus = 503;
    await until(() => frontDoor.status().admin?.[0]?.healthy === false);
    expect((await send(`${base}/x`)).headers['x-origin']).toBe('westus');

    east.healthStatus = 200;
    await until(() => frontDoor.status().admin?.[0]?.healthy === true);
    expect((await send(`${base}/x`)).headers['x-origin']).toBe('eastus');
  });

  it('spreads requests over every origin when none is healthy', async () => {
    const { base, east, west, frontDoor } = await setup({ intervalMs: 50 });
    east.healthStatus = 503;
    west.healthStatus = 500;
    await until(() => frontDoor.status().admin?.every((o) => !o.healthy) === true);
    const origins = new Set<string>();
    for (let i = 0; i < 40; i += 1) origins.add(String((await send(`${base}/x`)).headers['x-origin']));
    expect(origins).toEqual(new Set(['eastus', 'westus']));
  });

  it('streams request and response bodies without buffering them', async () => {
    const { base, east } = await setup();
    const upload = Buffer.alloc(8 * 1024 * 1024, 7);
    const reply = await send(`${base}/upload`, { method: 'PUT', body: upload });
    expect((JSON.parse(reply.body) as { bodyBytes: number }).bodyBytes).toBe(upload.length);

    // The origin sends its last chunk only after the client has seen the first:
    // a buffering proxy would deadlock here.
    const text = await new Promise<string>((resolve, reject) => {
      const req = request(`${base}/slow-stream`, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body === 'first;') east.server.emit('finish-stream');
        });
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
    expect(text).toBe('first;last');
  });

  it('ends the client response when the origin dies after the first byte (nothing to replay, nothing to wait for)', async () => {
    const { base, west } = await setup();
    const outcome = await new Promise<{ body: string; complete: boolean }>((resolve) => {
      const req = request(`${base}/die-mid-body`, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('close', () => resolve({ body, complete: res.complete }));
      });
      req.on('error', () => resolve({ body: '', complete: false }));
      req.end();
    });
    expect(outcome).toEqual({ body: 'partial;', complete: false });
    // Bytes had reached the client: the request was not replayed.
    expect(west.seen).toEqual([]);
  });

  it('passes WebSocket upgrades through to the chosen origin, and close() ends open tunnels', async () => {
    const { base, frontDoor } = await setup();
    const { echoed, socket } = await new Promise<{ echoed: string; socket: Socket }>((resolve, reject) => {
      const req = request(`${base}/ws`, {
        agent: false,
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      });
      req.on('upgrade', (res, tunnel) => {
        expect(res.headers['x-origin']).toBe('eastus');
        tunnel.once('data', (data) => resolve({ echoed: data.toString(), socket: tunnel }));
        tunnel.write('ping');
      });
      req.on('error', reject);
      req.end();
    });
    expect(echoed).toBe('eastus:ping');
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await frontDoor.close();
    await closed;
  });
});
