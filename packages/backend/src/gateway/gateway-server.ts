import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { ConnectionReport } from '@cloudpc/api-client';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

import type { RequestContext } from '../audit/actor.ts';
import type { ComputeProvider } from '../compute/compute-provider.ts';
import { isAppError } from '../errors/app-error.ts';
import type { Principal } from '../identity/authenticate.ts';
import { redeemLaunchTicket, reportConnection } from '../launch/launch.ts';
import type { Logger } from '../observability/logger.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import {
  GATEWAY_CLOSE,
  GATEWAY_PATH,
  type GatewayHello,
  type GatewaySession,
  type GatewayVerdict,
} from './gateway-protocol.ts';

export interface GatewayOptions {
  region: string;
  version: string;
  store: () => Promise<CosmosStore>;
  compute: Pick<ComputeProvider, 'name' | 'connectionEndpoint'>;
  /** Verifies the person's Entra access token (identity/ does this). */
  authenticate: (accessToken: string) => Promise<Principal>;
  /** The launch ticket secret (config/env.ts). */
  ticketSecret: string;
  logger: Logger;
  now?: () => Date;
  /** How often the gateway pings the browser to measure round-trip time. Default 5 s. */
  pingIntervalMs?: number;
  /** How often the collected round-trip samples are written to the connection event. Default 30 s. */
  reportIntervalMs?: number;
  /** How long a browser may take to send its hello. Default 10 s. */
  helloTimeoutMs?: number;
}

export interface Gateway {
  server: Server;
  listen(port: number, host?: string): Promise<number>;
  /** Live bridged connections. */
  connections(): number;
  close(): Promise<void>;
}

const MAX_BUFFERED = 4 * 1024 * 1024;

type DisconnectReason = NonNullable<ConnectionReport['disconnectReason']>;

function closeCodeFor(code: string): number {
  switch (code) {
    case 'BadRequest':
      return GATEWAY_CLOSE.badHello;
    case 'Unauthorized':
      return GATEWAY_CLOSE.unauthorized;
    case 'Forbidden':
      return GATEWAY_CLOSE.forbidden;
    case 'NotFound':
      return GATEWAY_CLOSE.notFound;
    case 'Conflict':
      return GATEWAY_CLOSE.conflict;
    default:
      return GATEWAY_CLOSE.unavailable;
  }
}

function parseHello(data: RawData, isBinary: boolean): GatewayHello | undefined {
  if (isBinary) return undefined;
  try {
    const value = JSON.parse(data.toString()) as Partial<GatewayHello>;
    if (
      value.type === 'hello' &&
      typeof value.ticket === 'string' &&
      typeof value.accessToken === 'string' &&
      value.ticket.length > 0 &&
      value.ticket.length <= 4096 &&
      value.accessToken.length <= 16_384
    ) {
      return value as GatewayHello;
    }
  } catch {
    // Not JSON.
  }
  return undefined;
}

/** WebSocket close reasons are limited to 123 bytes. */
function shortReason(text: string): string {
  const buffer = Buffer.from(text, 'utf8');
  return buffer.length <= 120 ? text : `${buffer.subarray(0, 117).toString('utf8')}...`;
}

/**
 * The connection gateway of a region: the only way to a desktop. It takes a
 * WebSocket, checks the launch ticket through the same code the portal's redeem uses
 * (signature, expiry, single use, the person, the Cloud PC and its region), asks the
 * compute provider where the desktop listens, and bridges the WebSocket to that VNC
 * port. It pings the browser to measure round-trip time and records the connection's
 * samples and how it ended on the connection event. Tickets, tokens and passwords
 * are never logged.
 */
export function createGateway(options: GatewayOptions): Gateway {
  const now = options.now ?? (() => new Date());
  const pingIntervalMs = options.pingIntervalMs ?? 5_000;
  const reportIntervalMs = options.reportIntervalMs ?? 30_000;
  const helloTimeoutMs = options.helloTimeoutMs ?? 10_000;
  const log = options.logger.child({ component: 'gateway', region: options.region });
  const live = new Set<() => Promise<void>>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://gateway').pathname;
    const headers = { 'content-type': 'application/json', 'x-cloudpc-region': options.region };
    if (path === '/api/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, headers);
      res.end(
        JSON.stringify({
          status: 'healthy',
          component: 'gateway',
          region: options.region,
          version: options.version,
          computeProvider: options.compute.name,
          connections: live.size,
        }),
      );
      return;
    }
    const requestId = randomUUID();
    res.writeHead(404, { ...headers, 'x-request-id': requestId });
    res.end(
      JSON.stringify({
        error: {
          code: 'NotFound',
          message: `The gateway serves WebSocket connections on ${GATEWAY_PATH}.`,
          innerError: { 'request-id': requestId, date: now().toISOString() },
        },
      }),
    );
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://gateway').pathname;
    if (path !== GATEWAY_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => handle(ws));
  });

  function send(ws: WebSocket, verdict: GatewayVerdict): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(verdict));
  }

  function refuse(ws: WebSocket, code: string, message: string, reason?: string): void {
    send(ws, { type: 'refused', code, message, ...(reason ? { reason } : {}) });
    ws.close(closeCodeFor(code), shortReason(message));
  }

  function handle(ws: WebSocket): void {
    const helloTimer = setTimeout(
      () => refuse(ws, 'BadRequest', 'No launch ticket was presented in time.'),
      helloTimeoutMs,
    );
    ws.once('message', (data, isBinary) => {
      clearTimeout(helloTimer);
      const hello = parseHello(data, isBinary);
      if (!hello) {
        refuse(ws, 'BadRequest', 'The gateway expects a launch ticket first.');
        return;
      }
      void admit(ws, hello).catch((error: unknown) => {
        log.error({ err: error }, 'gateway connection failed');
        refuse(ws, 'ServiceUnavailable', 'The gateway could not open your Cloud PC. Try again.');
      });
    });
    ws.on('error', () => undefined);
  }

  async function admit(ws: WebSocket, hello: GatewayHello): Promise<void> {
    let principal: Principal;
    try {
      principal = await options.authenticate(hello.accessToken);
    } catch (error) {
      const code = isAppError(error) ? error.code : 'Unauthorized';
      refuse(ws, code, 'Your sign-in could not be confirmed. Sign in again and reopen your Cloud PC.');
      return;
    }
    if (principal.isAppOnly) {
      refuse(ws, 'Forbidden', 'Only people can open a Cloud PC.');
      return;
    }
    const requestId = randomUUID();
    const context: RequestContext = {
      tenantId: principal.tenantId,
      actor: {
        type: 'user',
        objectId: principal.objectId,
        userPrincipalName: principal.upn ?? null,
        applicationId: principal.appId || null,
      },
      requestId,
      region: options.region,
      now,
    };
    const store = await options.store();
    let session: GatewaySession;
    try {
      const redeemed = await redeemLaunchTicket({
        store,
        context,
        secret: options.ticketSecret,
        ticket: hello.ticket,
      });
      session = {
        connectionId: redeemed.connectionId,
        cloudPcId: redeemed.cloudPcId,
        cloudPcDisplayName: redeemed.cloudPcDisplayName,
        regionName: redeemed.regionName,
        gatewayRegion: options.region,
        timeToConnectMs: redeemed.timeToConnectMs,
      };
    } catch (error) {
      if (!isAppError(error)) throw error;
      log.info({ requestId, outcome: error.code }, 'launch refused');
      refuse(ws, error.code, error.message);
      return;
    }
    const report = (fields: { roundTripMs?: number[]; disconnectReason?: DisconnectReason }) =>
      reportConnection({ store, context, connectionId: session.connectionId, report: fields }).catch(
        (error: unknown) => log.warn({ err: error, connectionId: session.connectionId }, 'report failed'),
      );

    const endpoint = await options.compute.connectionEndpoint({ machineId: session.cloudPcId });
    if (endpoint.kind === 'none') {
      log.info({ connectionId: session.connectionId, reason: endpoint.reason }, 'no desktop to bridge');
      if (endpoint.reason === 'noDesktop') {
        // Simulated compute: the launch is real and recorded; the page says there is no picture.
        send(ws, { type: 'noDesktop', ...session, reason: endpoint.reason, message: endpoint.message });
        ws.close(GATEWAY_CLOSE.noDesktop, shortReason(endpoint.message));
        return;
      }
      await report({ disconnectReason: 'error' });
      refuse(ws, 'Conflict', endpoint.message, endpoint.reason);
      return;
    }

    const tcp: Socket = connect({ host: endpoint.host, port: endpoint.port });
    tcp.setNoDelay(true);
    let ended = false;
    let connected = false;
    let samples: number[] = [];
    let pingSentAt = 0;
    const flushSamples = async () => {
      if (!samples.length) return;
      const batch = samples.slice(-50);
      samples = [];
      await report({ roundTripMs: batch });
    };
    const pinger = setInterval(() => {
      if (ws.readyState !== ws.OPEN) return;
      pingSentAt = performance.now();
      ws.ping();
    }, pingIntervalMs);
    const reporter = setInterval(() => void flushSamples(), reportIntervalMs);
    ws.on('pong', () => {
      if (pingSentAt) samples.push(Math.round((performance.now() - pingSentAt) * 10) / 10);
      pingSentAt = 0;
    });

    const finish = async (reason: DisconnectReason, closeCode: number, closeReason: string) => {
      if (ended) return;
      ended = true;
      live.delete(shutdown);
      clearInterval(pinger);
      clearInterval(reporter);
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(closeCode, closeReason);
      const batch = samples.slice(-50);
      samples = [];
      await report({ ...(batch.length ? { roundTripMs: batch } : {}), disconnectReason: reason });
      log.info({ connectionId: session.connectionId, reason }, 'desktop connection ended');
    };
    const shutdown = () => finish('error', GATEWAY_CLOSE.unavailable, 'The gateway is restarting.');
    live.add(shutdown);

    tcp.once('connect', () => {
      connected = true;
      send(ws, { type: 'ready', ...session, vncPassword: endpoint.password });
      log.info({ connectionId: session.connectionId, cloudPcId: session.cloudPcId }, 'desktop connected');
      // Listening only now keeps the server's first bytes behind the ready message.
      tcp.on('data', (chunk: Buffer) => {
        ws.send(chunk, { binary: true });
        if (ws.bufferedAmount > MAX_BUFFERED) {
          tcp.pause();
          const resume = setInterval(() => {
            if (ws.bufferedAmount < MAX_BUFFERED / 2 || ws.readyState !== ws.OPEN) {
              clearInterval(resume);
              tcp.resume();
            }
          }, 10);
        }
      });
      ws.on('message', (data, isBinary) => {
        if (!isBinary) return;
        const chunks = Array.isArray(data) ? data : [data instanceof ArrayBuffer ? Buffer.from(data) : data];
        for (const chunk of chunks) tcp.write(chunk);
      });
    });
    tcp.on('error', (error) => {
      log.warn(
        { connectionId: session.connectionId, code: (error as NodeJS.ErrnoException).code },
        'desktop socket error',
      );
      if (connected || ended) {
        void finish('error', GATEWAY_CLOSE.unavailable, 'The connection to your Cloud PC failed.');
        return;
      }
      void report({ disconnectReason: 'error' });
      ended = true;
      clearInterval(pinger);
      clearInterval(reporter);
      live.delete(shutdown);
      refuse(ws, 'ServiceUnavailable', 'Your Cloud PC did not answer. Restart it or run Troubleshoot.');
    });
    tcp.on('close', () => void finish('sessionEnded', GATEWAY_CLOSE.normal, 'The desktop session ended.'));
    ws.on(
      'close',
      (code) => void finish(code === 1000 || code === 1001 ? 'userClosed' : 'networkLost', code, ''),
    );
  }

  return {
    server,
    async listen(port, host = '127.0.0.1') {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address();
      return typeof address === 'object' && address ? address.port : port;
    },
    connections: () => live.size,
    async close() {
      await Promise.all([...live].map((end) => end()));
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
