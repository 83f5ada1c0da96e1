import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts, isPortFree } from './process/ports.ts';
import { isGroupAlive } from './process/proc.ts';
import { type LocalCloud, REPO_ROOT, startLocalCloud } from './stack.ts';
import { PORT_SPECS, type PortName, type StackPorts } from './stack-config.ts';

// Uses the portals' production builds. If they are missing (fresh clone, tests
// before `npm run build`), build them here; turbo's cache makes later builds free.
function ensurePortalsBuilt(): void {
  const built = ['admin-portal', 'user-portal'].every((app) =>
    existsSync(join(REPO_ROOT, 'apps', app, '.next', 'BUILD_ID')),
  );
  if (built) return;
  const result = spawnSync(
    join(REPO_ROOT, 'node_modules', '.bin', 'turbo'),
    [
      'run',
      'build',
      '--filter=@cloudpc/admin-portal',
      '--filter=@cloudpc/user-portal',
      '--output-logs=errors-only',
    ],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (result.status !== 0) throw new Error('building the portals failed');
}

async function freeStackPorts(): Promise<StackPorts> {
  const names = Object.keys(PORT_SPECS) as PortName[];
  const ports = await freePorts(names.length);
  return Object.fromEntries(names.map((name, i) => [name, ports[i]])) as unknown as StackPorts;
}

function get(url: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every live process whose environment names this data dir: what an orphan would look like. */
async function processesUsing(dataDir: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(`CLOUDPC_DATA_DIR=${dataDir}`)) found.push(Number(entry));
  }
  return found;
}

describe('local cloud stack', () => {
  const dirs: string[] = [];
  beforeAll(() => ensurePortalsBuilt(), 900_000);
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('refuses to start when a port is taken, naming it, its holder and the variable to move it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cloudpc-stack-taken-'));
    dirs.push(dataDir);
    const ports = await freeStackPorts();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(ports.frontDoorUser, '127.0.0.1', resolve));
    try {
      await expect(
        startLocalCloud({ ports, dataDir, persist: false, output: () => undefined }),
      ).rejects.toThrow(
        new RegExp(
          `port ${ports.frontDoorUser} is already in use \\(by pid ${process.pid}: .*CLOUDPC_PORT_FRONT_DOOR_USER=<port>`,
        ),
      );
    } finally {
      holder.close();
    }
    expect(await processesUsing(dataDir)).toEqual([]);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('serves both portals through the front door, fails over, and leaves no process behind', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cloudpc-stack-'));
    dirs.push(dataDir);
    const ports = await freeStackPorts();
    const lines: string[] = [];
    let cloud: LocalCloud | undefined;
    try {
      cloud = await startLocalCloud({ ports, dataDir, persist: false, output: (l) => lines.push(l) });
      expect(
        cloud
          .processes()
          .map((p) => p.name)
          .sort(),
      ).toEqual([
        'admin-eastus',
        'admin-westus',
        'gateway-eastus',
        'gateway-westus',
        'queues-eastus',
        'queues-westus',
        'user-eastus',
        'user-westus',
        'worker-eastus',
        'worker-westus',
      ]);
      for (const port of [ports.frontDoorAdmin, ports.frontDoorUser]) {
        const health = await get(`http://127.0.0.1:${port}/api/health`);
        expect(health.status).toBe(200);
        expect(health.headers['x-cloudpc-region']).toBe('eastus');
        expect(health.headers['x-request-id']).toBeTruthy();
        expect(JSON.parse(health.body)).toMatchObject({ region: 'eastus' });
      }
      expect(lines.some((l) => l.startsWith('[admin-eastus] '))).toBe(true);

      // eastus's admin portal dies: the very next read is answered by westus.
      const eastAdmin = cloud.processes().find((p) => p.name === 'admin-eastus');
      process.kill(-(eastAdmin?.pid ?? 0), 'SIGKILL');
      const exited = await cloud.unexpectedExit;
      expect(exited.name).toBe('admin-eastus');
      const failover = await get(`http://127.0.0.1:${ports.frontDoorAdmin}/api/health`);
      expect(failover.status).toBe(200);
      expect(failover.headers['x-cloudpc-region']).toBe('westus');
    } catch (error) {
      console.error(lines.slice(-80).join('\n'));
      throw error;
    } finally {
      const pids = cloud?.processes().map((p) => p.pid) ?? [];
      await cloud?.stop();
      expect(pids.filter(isGroupAlive)).toEqual([]);
    }
    expect(await processesUsing(dataDir)).toEqual([]);
    for (const port of Object.values(ports)) expect(await isPortFree(port)).toBe(true);
  }, 300_000);

  it('stops everything and keeps its state when the CLI gets SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cloudpc-stack-cli-'));
    dirs.push(dataDir);
    const ports = await freeStackPorts();
    const gatewayPorts = await freePorts(3);
    const portEnv = Object.fromEntries(
      (Object.entries(ports) as [PortName, number][]).map(([name, port]) => [
        PORT_SPECS[name].env,
        String(port),
      ]),
    );
    const cli = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'packages/local-cloud/src/cli.ts')],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          ...portEnv,
          // The connection gateways too, so this never collides with a running npm start.
          ...Object.fromEntries(
            ['CLOUDPC_PORT_GATEWAY', 'CLOUDPC_PORT_GATEWAY_EASTUS', 'CLOUDPC_PORT_GATEWAY_WESTUS'].map(
              (name, index) => [name, String(gatewayPorts[index])],
            ),
          ),
          CLOUDPC_DATA_DIR: dataDir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    cli.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    cli.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exit = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 240_000;
      while (!out.includes('Press Ctrl-C to stop.')) {
        if (Date.now() > deadline || cli.exitCode !== null) throw new Error('CLI did not come up');
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(out).toContain(`http://localhost:${ports.frontDoorAdmin}`);
      expect(out).toContain('admin@contoso.test');
      expect(out).toContain('CloudPC-dev-1!');
      expect((await get(`http://127.0.0.1:${ports.frontDoorUser}/api/health`)).status).toBe(200);
      expect((await processesUsing(dataDir)).length).toBeGreaterThanOrEqual(8);
    } catch (error) {
      console.error(out.slice(-6000));
      throw error;
    } finally {
      cli.kill('SIGTERM');
    }
    expect(await exit).toBe(0);
    expect(await processesUsing(dataDir)).toEqual([]);
    const snapshot = JSON.parse(await readFile(join(dataDir, 'cosmos', 'snapshot.json'), 'utf8')) as {
      databases: { items: { resource: { id: string } }[] };
    };
    // The workers wrote their heartbeats into the product database before stopping.
    expect(snapshot.databases.items.map((d) => d.resource.id)).toContain('cloudpc');
    expect(await readdir(dataDir)).toEqual(
      expect.arrayContaining(['azurite-eastus', 'azurite-westus', 'cosmos']),
    );
  }, 300_000);
});
