import { randomUUID } from 'node:crypto';
import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createProxyServer } from 'http-proxy-3';
import {
  FRONT_DOOR_PRESETS,
  type FrontDoorPreset,
  initialHealth,
  isReplayable,
  type OriginHealth,
  type ProbeSettings,
  recordSample,
  routingOrder,
  validateProbeSettings,
} from './probe-state.ts';
import { type ProbeLoop, startProbeLoop } from './probes.ts';

/** A URL without its query: a launch URL's query carries a single-use ticket, never logged. */
function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

export {
  AFD_PROBE,
  FAST_PROBE,
  FRONT_DOOR_PRESETS,
  type FrontDoorPreset,
  failuresToDetect,
  isFrontDoorPreset,
  type ProbeSettings,
} from './probe-state.ts';

export interface OriginConfig {
  /** e.g. "eastus" */
  name: string;
  /** e.g. http://127.0.0.1:3100 */
  url: string;
  /** 1 is preferred over 2. */
  priority: number;
  /** Traffic share among healthy origins of equal priority (Front Door: 1..1000). */
  weight: number;
  /** Front Door's enabledState; a disabled origin gets no traffic and no probes. Default true. */
  enabled?: boolean;
}

export interface ListenerConfig {
  /** Endpoint name, e.g. "admin". */
  name: string;
  /** 0 picks a free port. */
  port: number;
  /** The origin group behind this endpoint. */
  origins: OriginConfig[];
  /** This origin group's own probe and load-balancing settings, over the front door's. */
  probe?: Partial<ProbeSettings>;
}

export interface HealthChange {
  /** Epoch ms of the probe result that changed the state. */
  at: number;
  listener: string;
  origin: string;
  healthy: boolean;
  /** The window of samples that decided it, most recent last. */
  samples: readonly boolean[];
}

export interface FrontDoorOptions {
  listeners: ListenerConfig[];
  /** Named settings: `fast` (default; probes every 500 ms) or `afd` (Azure's defaults; HEAD every 100 s). */
  preset?: FrontDoorPreset;
  /** Probe and load-balancing settings over the preset's, for every origin group. */
  probe?: Partial<ProbeSettings>;
  /** Called on every origin health transition (also kept in history()). */
  onHealthChange?: (change: HealthChange) => void;
  host?: string;
  /** Idle time an origin may take before the request fails (Front Door's origin response timeout). */
  originTimeoutMs?: number;
  /** Receives health transitions and proxy errors. Default: console.error. */
  log?: (line: string) => void;
}

export interface OriginStatus extends OriginConfig {
  healthy: boolean;
  samples: readonly boolean[];
  /** Mean probe latency over the window. */
  latencyMs: number | undefined;
  /** Requests (and WebSocket upgrades) sent to this origin, replays included. */
  requests: number;
}

export interface RunningListener {
  name: string;
  port: number;
  url: string;
}

export interface FrontDoor {
  listeners: RunningListener[];
  /** Current health of every origin, per listener name. */
  status(): Record<string, OriginStatus[]>;
  /** Every health transition since start, oldest first. */
  history(): HealthChange[];
  /** The settings each origin group runs with, per listener name. */
  settings(): Record<string, ProbeSettings>;
  close(): Promise<void>;
}

interface OriginState extends OriginConfig {
  health: OriginHealth;
  /** Mirror health, for routingOrder. */
  healthy: boolean;
  latencyMs: number | undefined;
  requests: number;
}

interface Group {
  settings: ProbeSettings;
  origins: OriginState[];
}

function sendGraphError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  requestId: string,
) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({
    error: { code, message, innerError: { 'request-id': requestId, date: new Date().toISOString() } },
  });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
    'x-azure-ref': String(res.req.headers['x-azure-ref'] ?? ''),
  });
  res.end(body);
}

// Front Door appends the client to X-Forwarded-For and states the original host
// and scheme. Done once per request, not by the proxy, because a replayed request
// would otherwise carry the client twice.
function addForwardedHeaders(req: IncomingMessage): void {
  const client = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  req.headers['x-forwarded-for'] = prior ? `${prior}, ${client}` : client;
  req.headers['x-forwarded-host'] ??= req.headers.host ?? '';
  req.headers['x-forwarded-proto'] ??= 'http';
  req.headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');
}

/**
 * Front Door stamps every request with its own reference (X-Azure-Ref) for the origin
 * and the client; the portals correlate by x-request-id, so a caller's id is kept and
 * otherwise the reference becomes the request id.
 */
function requestIdOf(req: IncomingMessage): string {
  const ref = randomUUID();
  req.headers['x-azure-ref'] = ref;
  const existing = req.headers['x-request-id'];
  const id = (Array.isArray(existing) ? existing[0] : existing) || ref;
  req.headers['x-request-id'] = id;
  return id;
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * A local Azure Front Door: one HTTP endpoint per listener, each with an origin
 * group, active health probes, priority routing with latency sensitivity and
 * weights, and a single replay of an idempotent request on the next origin when the
 * chosen one cannot be reached. Bodies are streamed both ways; WebSocket upgrades
 * pass through.
 */
export async function startFrontDoor(options: FrontDoorOptions): Promise<FrontDoor> {
  const base = { ...FRONT_DOOR_PRESETS[options.preset ?? 'fast'], ...options.probe };
  const settingsFor = (listener: ListenerConfig) => validateProbeSettings({ ...base, ...listener.probe });
  for (const listener of options.listeners) settingsFor(listener);
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => console.error(line));
  // Keep-alive towards origins, with idle sockets dropped before Node's (and Next's)
  // 5 s server keep-alive would close them under us.
  const agent = new Agent({ keepAlive: true, timeout: 4000, scheduling: 'lifo' });
  const proxy = createProxyServer({
    agent,
    xfwd: false,
    proxyTimeout: options.originTimeoutMs ?? 60_000,
    connectTimeout: 5000,
  });
  // Front Door opens a new connection per probe, so a probe never rides on a
  // connection that only looks alive.
  const probeAgent = new Agent({ keepAlive: false });
  proxy.on('proxyRes', (proxyRes, req, res) => {
    proxyRes.headers['x-request-id'] ??= req.headers['x-request-id'];
    proxyRes.headers['x-azure-ref'] = req.headers['x-azure-ref'];
    // An origin that dies after its first byte leaves a response that will never end;
    // bytes reached the client, so nothing can be replayed: break the client's
    // connection too, as Front Door does, instead of leaving it waiting.
    proxyRes.once('close', () => {
      if (!proxyRes.complete) res.destroy();
    });
  });
  // With a callback per call errors go there; this only catches strays.
  proxy.on('error', (error) => log(`front-door: proxy error ${(error as Error).message}`));

  const groups = new Map<string, Group>();
  const changes: HealthChange[] = [];
  const servers: Server[] = [];
  const loops: ProbeLoop[] = [];
  const running: RunningListener[] = [];
  // Upgraded sockets leave the HTTP server's bookkeeping; close() must end them itself.
  const tunnels = new Set<Socket>();

  function route(listener: ListenerConfig, req: IncomingMessage, res: ServerResponse): void {
    const requestId = requestIdOf(req);
    addForwardedHeaders(req);
    const group = groups.get(listener.name);
    const order = group ? routingOrder(group.origins, Math.random(), group.settings.additionalLatencyMs) : [];
    const attempt = (index: number): void => {
      const origin = order[index];
      if (!origin) {
        sendGraphError(res, 502, 'BadGateway', 'No origin is configured for this endpoint.', requestId);
        return;
      }
      origin.requests += 1;
      proxy.web(req, res, { target: origin.url }, (error) => {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        // Nothing has reached the client and replaying cannot duplicate a side effect.
        const canReplay = !res.headersSent && isReplayable(req.method) && index === 0 && order.length > 1;
        log(
          `front-door ${listener.name}: ${req.method} ${pathOnly(req.url)} -> ${origin.name} failed (${reason})` +
            (canReplay ? `; retrying on ${order[1]?.name}` : ''),
        );
        if (canReplay) {
          attempt(1);
          return;
        }
        sendGraphError(
          res,
          502,
          'BadGateway',
          isReplayable(req.method)
            ? 'No origin could be reached.'
            : 'The origin could not be reached; the request was not replayed because it may change state.',
          requestId,
        );
      });
    };
    attempt(0);
  }

  function upgrade(listener: ListenerConfig, req: IncomingMessage, socket: Socket, head: Buffer): void {
    requestIdOf(req);
    addForwardedHeaders(req);
    tunnels.add(socket);
    socket.once('close', () => tunnels.delete(socket));
    const group = groups.get(listener.name);
    const origin = group
      ? routingOrder(group.origins, Math.random(), group.settings.additionalLatencyMs)[0]
      : undefined;
    if (!origin) {
      socket.destroy();
      return;
    }
    origin.requests += 1;
    // A tunnel is never replayed: once the upgrade is sent the origin may have acted on it.
    proxy.ws(req, socket, head, { target: origin.url }, (error) => {
      log(`front-door ${listener.name}: websocket to ${origin.name} failed (${(error as Error).message})`);
      socket.destroy();
    });
  }

  try {
    for (const listener of options.listeners) {
      const probe = settingsFor(listener);
      const states: OriginState[] = listener.origins.map((o) => {
        const health = initialHealth(probe);
        return { ...o, health, healthy: health.healthy, latencyMs: health.latencyMs, requests: 0 };
      });
      groups.set(listener.name, { settings: probe, origins: states });
      const server = createServer((req, res) => route(listener, req, res));
      server.on('upgrade', (req, socket, head) => upgrade(listener, req, socket as Socket, head));
      // Clients may keep connections open longer than the origins do; that is fine here.
      server.keepAliveTimeout = 65_000;
      servers.push(server);
      const port = await listen(server, listener.port, host);
      running.push({
        name: listener.name,
        port,
        url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
      });
      for (const state of states) {
        if (state.enabled === false) continue;
        loops.push(
          startProbeLoop({
            url: new URL(probe.path, state.url).toString(),
            method: probe.method,
            intervalMs: probe.intervalMs,
            timeoutMs: probe.timeoutMs,
            agent: probeAgent,
            onSample: (ok, latencyMs) => {
              const before = state.health.healthy;
              state.health = recordSample(state.health, ok, probe, latencyMs);
              state.healthy = state.health.healthy;
              state.latencyMs = state.health.latencyMs;
              if (before !== state.health.healthy) {
                const change: HealthChange = {
                  at: Date.now(),
                  listener: listener.name,
                  origin: state.name,
                  healthy: state.health.healthy,
                  samples: state.health.samples,
                };
                changes.push(change);
                log(
                  `front-door ${listener.name}: origin ${state.name} is now ${state.health.healthy ? 'healthy' : 'unhealthy'}`,
                );
                options.onHealthChange?.(change);
              }
            },
          }),
        );
      }
    }
  } catch (error) {
    for (const loop of loops) loop.stop();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    agent.destroy();
    probeAgent.destroy();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    listeners: running,
    status() {
      return Object.fromEntries(
        [...groups].map(([name, group]) => [
          name,
          group.origins.map(({ health, ...origin }) => ({ ...origin, samples: health.samples })),
        ]),
      );
    },
    history: () => [...changes],
    settings: () => Object.fromEntries([...groups].map(([name, group]) => [name, group.settings])),
    close() {
      closing ??= (async () => {
        for (const loop of loops) loop.stop();
        for (const socket of tunnels) socket.destroy();
        await Promise.all(
          servers.map(
            (server) =>
              new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
              }),
          ),
        );
        agent.destroy();
        probeAgent.destroy();
      })();
      return closing;
    },
  };
}
