import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type ManagedChild, spawnManaged } from '../process/managed-child.ts';
import { isPortFree, waitForPort } from '../process/ports.ts';

const require = createRequire(import.meta.url);

/** Azurite's published development account (well known, not a secret). */
export const DEV_ACCOUNT_NAME = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface LocalQueuesOptions {
  /** Must be a concrete port (Azurite cannot report one it picked itself). */
  port: number;
  /** State root; data lives in `<dataDir>/azurite-<region>`. Omit for memory only. */
  dataDir?: string;
  region: string;
  host?: string;
  /** Where Azurite's stdout/stderr go, one line at a time. Default: prefixed to this process's stderr. */
  output?: (line: string) => void;
  /** Azurite's per-request access log; off by default because workers poll constantly. */
  accessLog?: boolean;
  /** Extra environment for the Azurite process. */
  env?: Record<string, string>;
  /** Called as soon as the process exists, before it listens (lets a supervisor track it). */
  onSpawn?: (child: ManagedChild) => void | Promise<void>;
}

export interface LocalQueues {
  connectionString: string;
  port: number;
  pid: number;
  /** Stops Azurite and waits for its exit. */
  close(): Promise<void>;
}

export function queueConnectionString(host: string, port: number): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT_NAME};AccountKey=${DEV_ACCOUNT_KEY};` +
    `QueueEndpoint=http://${host}:${port}/${DEV_ACCOUNT_NAME};`
  );
}

function azuriteQueueBin(): string {
  // Resolve through package.json: azurite's `bin` entry is not in its exports map.
  const pkgPath = require.resolve('azurite/package.json');
  const pkg = require(pkgPath) as { bin: Record<string, string> };
  const bin = pkg.bin['azurite-queue'];
  if (!bin) throw new Error('azurite has no azurite-queue bin');
  return join(pkgPath, '..', bin);
}

/** Starts Azurite's queue service as a child process and resolves once it accepts connections. */
export async function startLocalQueues(options: LocalQueuesOptions): Promise<LocalQueues> {
  const host = options.host ?? '127.0.0.1';
  // Waiting for "something listens" would otherwise succeed against whoever holds the port.
  if (!(await isPortFree(options.port, host))) {
    throw new Error(`Azurite (${options.region}) did not start: port ${options.port} is already in use`);
  }
  const args = [
    azuriteQueueBin(),
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--queueHost',
    host,
    '--queuePort',
    String(options.port),
  ];
  if (options.dataDir) {
    const location = join(options.dataDir, `azurite-${options.region}`);
    await mkdir(location, { recursive: true });
    args.push('--location', location);
  } else {
    // In-memory extents default to half of RAM as a cap; tests need a few MB.
    args.push('--inMemoryPersistence', '--extentMemoryLimit', '256');
  }
  if (!options.accessLog) args.push('--silent');

  const child: ManagedChild = spawnManaged({
    name: `queues-${options.region}`,
    command: process.execPath,
    args,
    cwd: options.dataDir ?? process.cwd(),
    env: { ...process.env, ...options.env, AZURITE_DISABLE_TELEMETRY: '1' },
    ...(options.output ? { output: options.output } : {}),
  });
  try {
    await options.onSpawn?.(child);
    await waitForPort({ port: options.port, host, timeoutMs: 30_000, unless: child.exited });
  } catch (error) {
    await child.stop();
    throw new Error(
      `Azurite (${options.region}) did not start on ${host}:${options.port}: ${(error as Error).message}`,
    );
  }
  return {
    connectionString: queueConnectionString(host, options.port),
    port: options.port,
    pid: child.pid,
    close: () => child.stop(),
  };
}
