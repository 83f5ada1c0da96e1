import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalDesktopCompute } from '@cloudpc/backend/compute/local-desktop-compute';
import { type LocalCosmos, startLocalCosmos } from './cosmos/index.ts';
import { type LocalEntra, startLocalEntra } from './entra/index.ts';
import {
  type FrontDoor,
  type FrontDoorPreset,
  isFrontDoorPreset,
  type ProbeSettings,
  startFrontDoor,
} from './front-door/index.ts';
import { type ManagedChild, type ManagedChildOptions, spawnManaged } from './process/managed-child.ts';
import { groupRss, processRss } from './process/memory.ts';
import { describePortOwner, freePorts, isPortFree } from './process/ports.ts';
import { isGroupAlive } from './process/proc.ts';
import { claimDataDir, processStartTime, releaseDataDir, updateRunRecord } from './process/run-registry.ts';
import { type LocalQueues, startLocalQueues } from './queues/index.ts';
import { readSeedSummary, type SeedSummary } from './seed-identities.ts';
import {
  describeTakenPorts,
  PORTALS,
  type Portal,
  type PortName,
  portalPortName,
  queuesPortName,
  REGIONS,
  type Region,
  resolvePorts,
  type StackPorts,
  type TakenPort,
} from './stack-config.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface LocalCloudOptions {
  /** Repository root (apps/, packages/, node_modules/). Default: this checkout. */
  repoRoot?: string;
  /** State dir. Default: CLOUDPC_DATA_DIR, else <repo>/.data. */
  dataDir?: string;
  /** false: Cosmos, queues and Entra keep nothing on disk (tests). Default true. */
  persist?: boolean;
  /** Port overrides; win over CLOUDPC_PORT_* from `env`. */
  ports?: Partial<StackPorts>;
  /** Environment read for CLOUDPC_PORT_* and CLOUDPC_DATA_DIR, and passed to children. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Every log line, already prefixed with its component. Default: stderr. */
  output?: (line: string) => void;
  /** How long all health checks may take to turn green. Default 180 s. */
  healthTimeoutMs?: number;
  /** Front door settings: `fast` (default; else CLOUDPC_FRONT_DOOR_PRESET) or `afd` (Azure's defaults). */
  frontDoorPreset?: FrontDoorPreset;
  probe?: Partial<ProbeSettings>;
  /** Aborting during start stops what was started and rejects (Ctrl-C while starting). */
  signal?: AbortSignal;
  /**
   * Connection gateway ports (front door endpoint and one per region); win over
   * CLOUDPC_PORT_GATEWAY_*. When `ports` is given and these are not, free ports are picked,
   * so stacks on free ports (tests, benchmarks) never collide with `npm start`'s 3002/3102/3202.
   */
  gatewayPorts?: Partial<GatewayPorts>;
}

/** The connection gateway: one process per region, one front door endpoint for browsers. */
export interface GatewayPorts {
  frontDoor: number;
  eastus: number;
  westus: number;
}

const GATEWAY_PORT_DEFAULTS: Record<keyof GatewayPorts, { port: number; env: string }> = {
  frontDoor: { port: 3002, env: 'CLOUDPC_PORT_GATEWAY' },
  eastus: { port: 3102, env: 'CLOUDPC_PORT_GATEWAY_EASTUS' },
  westus: { port: 3202, env: 'CLOUDPC_PORT_GATEWAY_WESTUS' },
};

async function resolveGatewayPorts(
  env: NodeJS.ProcessEnv,
  overrides: Partial<GatewayPorts> | undefined,
  onFreePorts: boolean,
): Promise<GatewayPorts> {
  const free = onFreePorts && !overrides ? await freePorts(3) : [];
  const pick = (name: keyof GatewayPorts, index: number) =>
    overrides?.[name] ??
    free[index] ??
    Number(env[GATEWAY_PORT_DEFAULTS[name].env] || GATEWAY_PORT_DEFAULTS[name].port);
  return { frontDoor: pick('frontDoor', 0), eastus: pick('eastus', 1), westus: pick('westus', 2) };
}

export interface ComponentProcess {
  name: string;
  pid: number;
}

export interface MemoryReport {
  name: string;
  pid: number;
  rssBytes: number;
}

export interface LocalCloud {
  ports: StackPorts;
  gatewayPorts: GatewayPorts;
  dataDir: string;
  urls: {
    frontDoor: Record<Portal, string>;
    regions: Record<Region, Record<Portal, string>>;
    entra: string;
    cosmos: string;
    queues: Record<Region, string>;
    /** WebSocket URLs of the connection gateway: through the front door, and per region. */
    gateway: { frontDoor: string; regions: Record<Region, string> };
  };
  seed: SeedSummary;
  /** Wall time from the call to every health check green. */
  coldStartMs: number;
  /** Child processes (each leads its own process group). */
  processes(): ComponentProcess[];
  /** RSS per component; in-process servers (Cosmos, Entra, front door) count as `local-cloud`. */
  memory(): Promise<MemoryReport[]>;
  /** The front door's origin health, transitions and settings (drills and tests). */
  frontDoor: Pick<FrontDoor, 'status' | 'history' | 'settings'>;
  /** Signals a child's process group (default SIGKILL) and waits for it to exit; not reported as unexpected. */
  killProcess(name: string, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a child that was killed again, with the same command and environment. */
  restartProcess(name: string): Promise<void>;
  /** Settles if a child exits while the stack is meant to be running. */
  unexpectedExit: Promise<{ name: string; code: number | null; signal: string | null }>;
  /** Stops every component (front door, portals and workers, Entra, queues, then Cosmos with a final snapshot). */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function getStatus(
  url: string,
  timeoutMs: number,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolveStatus) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolveStatus({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolveStatus({ status: 0, headers: {} }));
    req.end();
  });
}

async function waitForHealth(
  url: string,
  deadline: number,
  failed: () => string | undefined,
): Promise<number> {
  let last = 0;
  while (Date.now() < deadline) {
    const reason = failed();
    if (reason) throw new Error(`${url}: ${reason}`);
    last = (await getStatus(url, 5000)).status;
    if (last === 200) return last;
    await sleep(250);
  }
  throw new Error(`${url} not healthy in time (last status ${last || 'no answer'})`);
}

function portalDir(repoRoot: string, portal: Portal): string {
  return join(repoRoot, 'apps', `${portal}-portal`);
}

/** Fails before anything starts if a portal has no production build. */
function assertBuilt(repoRoot: string): void {
  const missing = PORTALS.filter((p) => !existsSync(join(portalDir(repoRoot, p), '.next', 'BUILD_ID')));
  if (missing.length) {
    throw new Error(
      `No production build of ${missing.map((p) => `apps/${p}-portal`).join(' and ')}. ` +
        'Run `npx turbo run build` (npm start does this for you).',
    );
  }
}

async function findTakenPorts(ports: StackPorts): Promise<TakenPort[]> {
  const taken: TakenPort[] = [];
  await Promise.all(
    (Object.entries(ports) as [PortName, number][]).map(async ([name, port]) => {
      if (!(await isPortFree(port))) taken.push({ name, port, owner: await describePortOwner(port) });
    }),
  );
  return taken.sort((a, b) => a.port - b.port);
}

/**
 * Starts the whole local cloud in dependency order: Cosmos, one Azurite per
 * region, local Entra ID, then per region the two portals and the worker, then the
 * front door; resolves when every health check is green. On failure everything
 * started so far is stopped before the error is thrown.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const started = performance.now();
  const env = options.env ?? process.env;
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const dataDir = resolve(options.dataDir ?? env.CLOUDPC_DATA_DIR ?? join(repoRoot, '.data'));
  const persist = options.persist ?? true;
  const output = options.output ?? ((line: string) => process.stderr.write(`${line}\n`));
  const say = (line: string) => output(`[local-cloud] ${line}`);
  const ports = resolvePorts(env, options.ports);
  const gatewayPorts = await resolveGatewayPorts(env, options.gatewayPorts, options.ports !== undefined);
  const seed = readSeedSummary();
  const healthDeadline = Date.now() + (options.healthTimeoutMs ?? 180_000);

  assertBuilt(repoRoot);
  const workerEntry = join(repoRoot, 'packages', 'backend', 'src', 'worker', 'main.ts');
  if (!existsSync(workerEntry)) throw new Error(`Worker entry point missing: ${workerEntry}`);
  const gatewayEntry = join(repoRoot, 'packages', 'backend', 'src', 'gateway', 'main.ts');
  await mkdir(dataDir, { recursive: true });
  const runId = randomUUID();
  const record = {
    ownerPid: process.pid,
    ownerStart: await processStartTime(process.pid),
    runId,
    groups: [] as number[],
  };
  const claim = await claimDataDir(dataDir, record);
  if (!claim.ok) {
    throw new Error(`Another local cloud (pid ${claim.ownerPid}) is running on ${dataDir}. Stop it first.`);
  }
  if (claim.reaped.length) {
    say(
      `ended leftovers of a previous run that did not stop cleanly (process groups ${claim.reaped.join(', ')})`,
    );
  }
  // After any leftovers are gone: they would otherwise be reported as port owners.
  const taken = await findTakenPorts(ports);
  if (taken.length) {
    await releaseDataDir(dataDir);
    throw new Error(describeTakenPorts(taken));
  }
  for (const [name, port] of Object.entries(gatewayPorts) as [keyof GatewayPorts, number][]) {
    if (!(await isPortFree(port))) {
      await releaseDataDir(dataDir);
      const owner = await describePortOwner(port);
      throw new Error(
        `Cannot start the local cloud:\n  port ${port} is already in use${owner ? ` (by ${owner})` : ''}; the connection gateway (${name}) needs it. Free it or set ${GATEWAY_PORT_DEFAULTS[name].env}=<port>.`,
      );
    }
  }

  const children: ManagedChild[] = [];
  let cosmos: LocalCosmos | undefined;
  let entra: LocalEntra | undefined;
  let frontDoor: FrontDoor | undefined;
  const queues = new Map<Region, LocalQueues>();
  let stopping = false;
  let reportExit: (info: { name: string; code: number | null; signal: string | null }) => void = () =>
    undefined;
  const unexpectedExit = new Promise<{ name: string; code: number | null; signal: string | null }>((r) => {
    reportExit = r;
  });
  const exitedEarly = new Map<string, string>();
  const specs = new Map<string, ManagedChildOptions>();
  const launch = (spec: ManagedChildOptions) => {
    specs.set(spec.name, spec);
    return spawnManaged(spec);
  };
  // Children killed on purpose (drills): their exit is not a failure of the stack.
  const killed = new Set<ManagedChild>();

  // Last resort if this process exits without stop(): no child may outlive it.
  const killAll = () => {
    for (const child of children) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  };
  process.on('exit', killAll);

  const track = async (child: ManagedChild) => {
    children.push(child);
    record.groups.push(child.pid);
    await updateRunRecord(dataDir, record);
    void child.exited.then(({ code, signal }) => {
      if (stopping || killed.has(child)) return;
      exitedEarly.set(child.name, `exited (code ${code}, signal ${signal})`);
      say(`${child.name} exited unexpectedly (code ${code}, signal ${signal})`);
      reportExit({ name: child.name, code, signal });
    });
  };

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      stopping = true;
      await frontDoor?.close();
      // Workers and portals go before the stores they write to.
      await Promise.all(children.filter((c) => !c.name.startsWith('queues-')).map((c) => c.stop()));
      // Desktops outlive a worker restart (like VMs), not the stack: their sessions stop here (the
      // worker resumes them on the next start); a throwaway stack also removes their disks and users.
      await createLocalDesktopCompute({ dataDir }).stopAll({ remove: !persist });
      await entra?.close();
      await Promise.all(children.filter((c) => c.name.startsWith('queues-')).map((c) => c.stop()));
      if (cosmos) {
        await cosmos.close();
        if (persist) say(`Cosmos snapshot written to ${join(dataDir, 'cosmos', 'snapshot.json')}`);
      }
      process.off('exit', killAll);
      await releaseDataDir(dataDir);
    })();
    return stopped;
  };

  try {
    cosmos = await startLocalCosmos({
      port: ports.cosmos,
      ...(persist ? { dataDir } : {}),
      log: (line) => output(`[cosmos] ${line}`),
    });
    say(`Cosmos DB on ${cosmos.endpoint}`);
    options.signal?.throwIfAborted();

    for (const region of REGIONS) {
      const q = await startLocalQueues({
        port: ports[queuesPortName(region)],
        region,
        ...(persist ? { dataDir } : {}),
        output,
        env: { CLOUDPC_STACK_RUN: runId },
        onSpawn: (child) => track(child),
      });
      queues.set(region, q);
    }

    entra = await startLocalEntra({ port: ports.entra, ...(persist ? { dataDir } : {}) });
    say(`local Entra ID on ${entra.url}`);
    options.signal?.throwIfAborted();

    const sharedEnv: NodeJS.ProcessEnv = {
      ...env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      CLOUDPC_DATA_DIR: dataDir,
      CLOUDPC_STACK_RUN: runId,
      COSMOS_ENDPOINT: cosmos.endpoint,
      COSMOS_KEY: cosmos.key,
      COSMOS_INSECURE_TLS: '1',
      ENTRA_LOCAL: '1',
      ENTRA_AUTHORITY_HOST: entra.url,
      ENTRA_API_CLIENT_ID: seed.clientIds.api,
      ENTRA_ADMIN_PORTAL_CLIENT_ID: seed.clientIds.adminPortal,
      ENTRA_USER_PORTAL_CLIENT_ID: seed.clientIds.userPortal,
      ENTRA_KNOWN_TENANTS: seed.tenants.map((t) => t.tenantId).join(','),
      GRAPH_BASE_URL: `${entra.url}/graph/v1.0`,
      // The session page opens the desktop through the front door's gateway endpoint.
      CLOUDPC_GATEWAY_URL: `ws://localhost:${gatewayPorts.frontDoor}`,
    };
    const nextBin = join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next');
    for (const region of REGIONS) {
      const regionEnv = {
        ...sharedEnv,
        CLOUDPC_REGION: region,
        QUEUE_CONNECTION_STRING: queues.get(region)?.connectionString ?? '',
      };
      for (const portal of PORTALS) {
        const port = ports[portalPortName(region, portal)];
        const child = launch({
          name: `${portal}-${region}`,
          command: process.execPath,
          args: [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
          cwd: portalDir(repoRoot, portal),
          env: { ...regionEnv, PORT: String(port) },
          output,
        });
        await track(child);
      }
      const worker = launch({
        name: `worker-${region}`,
        command: process.execPath,
        // `node --import tsx` is tsx without its extra supervisor process.
        args: ['--import', 'tsx', workerEntry],
        cwd: repoRoot,
        env: {
          ...regionEnv,
          ENTRA_WORKER_CLIENT_ID: seed.clientIds.worker,
          ENTRA_WORKER_CLIENT_SECRET: seed.workerClientSecret,
        },
        output,
      });
      await track(worker);
      const gateway = launch({
        name: `gateway-${region}`,
        command: process.execPath,
        args: ['--import', 'tsx', gatewayEntry],
        cwd: repoRoot,
        env: { ...regionEnv, CLOUDPC_GATEWAY_PORT: String(gatewayPorts[region]) },
        output,
      });
      await track(gateway);
    }

    const failedChild = () => {
      if (options.signal?.aborted) return 'start cancelled';
      return exitedEarly.size ? [...exitedEarly].map(([n, r]) => `${n} ${r}`).join('; ') : undefined;
    };
    await Promise.all(
      REGIONS.flatMap((region) => [
        ...PORTALS.map((portal) =>
          waitForHealth(
            `http://127.0.0.1:${ports[portalPortName(region, portal)]}/api/health`,
            healthDeadline,
            failedChild,
          ),
        ),
        waitForHealth(`http://127.0.0.1:${gatewayPorts[region]}/api/health`, healthDeadline, failedChild),
      ]),
    );
    say('regional portals and gateways are healthy');

    frontDoor = await startFrontDoor({
      listeners: [
        ...PORTALS.map((portal) => ({
          name: portal,
          port: portal === 'admin' ? ports.frontDoorAdmin : ports.frontDoorUser,
          origins: REGIONS.map((region, index) => ({
            name: region,
            url: `http://127.0.0.1:${ports[portalPortName(region, portal)]}`,
            priority: index + 1,
            weight: 1000,
          })),
        })),
        {
          name: 'gateway',
          port: gatewayPorts.frontDoor,
          origins: REGIONS.map((region, index) => ({
            name: region,
            url: `http://127.0.0.1:${gatewayPorts[region]}`,
            priority: index + 1,
            weight: 1000,
          })),
        },
      ],
      preset:
        options.frontDoorPreset ??
        (isFrontDoorPreset(env.CLOUDPC_FRONT_DOOR_PRESET) ? env.CLOUDPC_FRONT_DOOR_PRESET : 'fast'),
      ...(options.probe ? { probe: options.probe } : {}),
      log: (line) => output(`[front-door] ${line}`),
    });
    await Promise.all(
      frontDoor.listeners.map((l) =>
        waitForHealth(`http://127.0.0.1:${l.port}/api/health`, healthDeadline, failedChild),
      ),
    );
    const stillRunning = failedChild();
    if (stillRunning) throw new Error(stillRunning);
  } catch (error) {
    say(`start failed: ${(error as Error).message}`);
    await stop();
    throw error;
  }

  const coldStartMs = performance.now() - started;
  const regionUrl = (region: Region, portal: Portal) =>
    `http://localhost:${ports[portalPortName(region, portal)]}`;
  const queueUrl = (region: Region) => `http://127.0.0.1:${ports[queuesPortName(region)]}/devstoreaccount1`;
  return {
    ports,
    gatewayPorts,
    dataDir,
    seed,
    coldStartMs,
    urls: {
      frontDoor: {
        admin: `http://localhost:${ports.frontDoorAdmin}`,
        user: `http://localhost:${ports.frontDoorUser}`,
      },
      regions: {
        eastus: { admin: regionUrl('eastus', 'admin'), user: regionUrl('eastus', 'user') },
        westus: { admin: regionUrl('westus', 'admin'), user: regionUrl('westus', 'user') },
      },
      entra: entra.url,
      cosmos: cosmos.endpoint,
      queues: { eastus: queueUrl('eastus'), westus: queueUrl('westus') },
      gateway: {
        frontDoor: `ws://localhost:${gatewayPorts.frontDoor}`,
        regions: {
          eastus: `ws://127.0.0.1:${gatewayPorts.eastus}`,
          westus: `ws://127.0.0.1:${gatewayPorts.westus}`,
        },
      },
    },
    processes: () => children.filter((c) => !killed.has(c)).map(({ name, pid }) => ({ name, pid })),
    frontDoor: {
      status: () => frontDoor?.status() ?? {},
      history: () => frontDoor?.history() ?? [],
      settings: () => frontDoor?.settings() ?? {},
    },
    async killProcess(name, signal = 'SIGKILL') {
      const child = children.find((c) => c.name === name && !killed.has(c));
      if (!child) throw new Error(`No running component named ${name}`);
      killed.add(child);
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
      await child.exited;
      // The whole group (Next's server, tsx's inner node) must be gone before its port is reused.
      const deadline = Date.now() + 5000;
      while (isGroupAlive(child.pid) && Date.now() < deadline) await sleep(20);
    },
    async restartProcess(name) {
      const spec = specs.get(name);
      if (!spec) throw new Error(`${name} cannot be restarted`);
      if (children.some((c) => c.name === name && !killed.has(c))) throw new Error(`${name} is running`);
      await track(launch(spec));
    },
    async memory() {
      const own = {
        name: 'local-cloud (Cosmos, Entra, front door)',
        pid: process.pid,
        rssBytes: await processRss(process.pid),
      };
      const rest = await Promise.all(
        children.map(async ({ name, pid }) => ({ name, pid, rssBytes: await groupRss(pid) })),
      );
      return [own, ...rest];
    },
    unexpectedExit,
    stop,
  };
}
