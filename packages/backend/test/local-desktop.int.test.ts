import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MachineSpec } from '../src/compute/compute-provider.ts';
import { createLocalDesktopCompute, type LocalDesktopCompute } from '../src/compute/local-desktop-compute.ts';
import { readSessionLimits } from '../src/compute/local-desktop-limits.ts';

/**
 * The local-desktop provider against the real programs (Xvnc, openbox, xterm) and
 * real Unix users: every Cloud PC here is a running desktop on this machine.
 */
let dataDir: string;
let compute: LocalDesktopCompute;
const created: MachineSpec[] = [];

function spec(label: string): MachineSpec {
  const machineId = `test-${label}-${randomUUID().slice(0, 8)}`;
  const machine: MachineSpec = {
    machineId,
    tenantId: 'tenant',
    regionName: 'eastus',
    userPrincipalName: `${label}@contoso.test`,
    imageId: 'image',
    deviceName: `CPC-${label}`,
    servicePlanId: '0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c04',
  };
  created.push(machine);
  return machine;
}

/** Runs a shell line as the session's user, the way a person at its terminal would. */
async function asSessionUser(machineId: string, line: string) {
  const state = await compute.state(machineId);
  if (!state) throw new Error('no state');
  return spawnSync('/bin/sh', ['-c', line], {
    uid: state.uid,
    gid: state.gid,
    cwd: compute.paths(machineId).home,
    env: { HOME: compute.paths(machineId).home, PATH: '/usr/bin:/bin' },
    encoding: 'utf8',
  });
}

/** The VNC server's greeting and its offered security types after we pick RFB 3.8. */
function vncSecurityTypes(port: number): Promise<{ greeting: string; types: number[] }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buffer = Buffer.alloc(0);
    let greeting = '';
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!greeting && buffer.length >= 12) {
        greeting = buffer.subarray(0, 12).toString('latin1');
        buffer = buffer.subarray(12);
        socket.write('RFB 003.008\n');
      }
      if (greeting && buffer.length >= 1) {
        const count = buffer[0] ?? 0;
        if (buffer.length >= 1 + count) {
          socket.destroy();
          resolve({ greeting, types: [...buffer.subarray(1, 1 + count)] });
        }
      }
    });
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cloudpc-desktops-'));
  await chmod(dataDir, 0o711);
  compute = createLocalDesktopCompute({ dataDir });
});

afterAll(async () => {
  for (const machine of created) await compute.delete(machine).catch(() => undefined);
  await compute.stopAll();
  await rm(dataDir, { recursive: true, force: true });
});

describe('local-desktop compute', () => {
  it('provisions a desktop on loopback with a password, and create is idempotent', async () => {
    const machine = spec('prov');
    const steps: string[] = [];
    await compute.create(machine, { onStep: (step) => void steps.push(step.name) });
    expect(steps).toEqual(['Creating the user account', 'Preparing the disk', 'Starting the desktop']);
    const endpoint = await compute.connectionEndpoint(machine);
    expect(endpoint.kind).toBe('vnc');
    if (endpoint.kind !== 'vnc') return;
    expect(endpoint.host).toBe('127.0.0.1');
    expect(endpoint.password).toMatch(/^[A-Za-z0-9_-]{8}$/);
    const security = await vncSecurityTypes(endpoint.port);
    expect(security.greeting).toBe('RFB 003.008\n');
    // VncAuth (2) only: no "None" (1).
    expect(security.types).toEqual([2]);

    const state = await compute.state(machine.machineId);
    expect(state?.uid).not.toBe(0);
    expect(statSync(compute.paths(machine.machineId).home).mode & 0o777).toBe(0o700);
    expect(statSync(compute.paths(machine.machineId).home).uid).toBe(state?.uid);

    await compute.create(machine);
    const again = await compute.connectionEndpoint(machine);
    expect(again).toEqual(endpoint);
    expect((await compute.health(machine)).status).toBe('healthy');
    expect(await compute.sessionMemoryBytes(machine.machineId)).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('powers off (no endpoint, processes gone) and on again', async () => {
    const machine = spec('power');
    await compute.create(machine);
    const before = await compute.state(machine.machineId);
    await compute.power(machine, 'off');
    expect(await compute.connectionEndpoint(machine)).toMatchObject({ kind: 'none', reason: 'poweredOff' });
    expect(existsSync(`/proc/${before?.pids.xvnc}`)).toBe(false);
    expect((await compute.health(machine)).status).toBe('unhealthy');
    await compute.power(machine, 'on');
    expect((await compute.connectionEndpoint(machine)).kind).toBe('vnc');
    expect((await compute.health(machine)).status).toBe('healthy');
  });

  it('restores a snapshot: a file from before is back, a file from after is gone', async () => {
    const machine = spec('snap');
    await compute.create(machine);
    expect((await asSessionUser(machine.machineId, 'echo before > ~/before.txt')).status).toBe(0);
    const { providerSnapshotId } = await compute.snapshot(machine);
    await asSessionUser(machine.machineId, 'rm ~/before.txt; echo after > ~/after.txt');
    expect(await compute.readHomeFile(machine.machineId, 'before.txt')).toBeUndefined();
    await compute.restore(machine, providerSnapshotId);
    expect(await compute.readHomeFile(machine.machineId, 'before.txt')).toBe('before\n');
    expect(await compute.readHomeFile(machine.machineId, 'after.txt')).toBeUndefined();
    expect((await compute.connectionEndpoint(machine)).kind).toBe('vnc');
    // The restored files still belong to the session's user.
    expect((await asSessionUser(machine.machineId, 'echo more >> ~/before.txt')).status).toBe(0);
    await expect(compute.restore(machine, 'no-such-snapshot')).rejects.toMatchObject({
      code: 'restorePointNotFound',
    });
  });

  it('reprovision (delete + create) wipes the home', async () => {
    const machine = spec('reprov');
    await compute.create(machine);
    await asSessionUser(machine.machineId, 'echo mine > ~/keep.txt');
    expect(await compute.readHomeFile(machine.machineId, 'keep.txt')).toBe('mine\n');
    await compute.delete(machine);
    expect(existsSync(compute.paths(machine.machineId).root)).toBe(false);
    await compute.delete(machine);
    await compute.create(machine);
    expect(await compute.readHomeFile(machine.machineId, 'keep.txt')).toBeUndefined();
    expect((await compute.connectionEndpoint(machine)).kind).toBe('vnc');
  });

  it('keeps users apart: one session cannot read or list another one’s home', async () => {
    const a = spec('alice');
    const b = spec('bob');
    await Promise.all([compute.create(a), compute.create(b)]);
    const stateA = await compute.state(a.machineId);
    const stateB = await compute.state(b.machineId);
    expect(stateA?.uid).not.toBe(stateB?.uid);
    await asSessionUser(b.machineId, 'echo secret > ~/secret.txt');
    const own = await asSessionUser(b.machineId, 'cat ~/secret.txt');
    expect(own.stdout).toBe('secret\n');
    const homeB = compute.paths(b.machineId).home;
    const read = await asSessionUser(a.machineId, `cat '${homeB}/secret.txt'`);
    expect(read.status).not.toBe(0);
    expect(read.stderr).toMatch(/Permission denied/);
    const list = await asSessionUser(a.machineId, `ls '${homeB}'`);
    expect(list.status).not.toBe(0);
    // Nor the other session's VNC password or X cookie.
    const run = await asSessionUser(a.machineId, `cat '${compute.paths(b.machineId).run}/vncpasswd'`);
    expect(run.status).not.toBe(0);
  });

  it('resizes: the new plan gives the session a new geometry', async () => {
    const machine = spec('resize');
    await compute.create(machine);
    expect((await compute.state(machine.machineId))?.geometry).toBe('1280x800');
    await compute.resize(machine, '0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c09');
    const state = await compute.state(machine.machineId);
    expect(state?.geometry).toBe('1920x1080');
    const cmdline = spawnSync('cat', [`/proc/${state?.pids.xvnc}/cmdline`], { encoding: 'utf8' }).stdout;
    expect(cmdline.split('\0')).toContain('1920x1080');
  });

  it('caps each session at its plan’s vCPUs and RAM, and resize changes the caps', async () => {
    const machine = spec('limits');
    await compute.create(machine);
    const before = await readSessionLimits(machine.machineId);
    // 2 vCPU / 8 GB: a CPU quota of two full periods, 8 GiB of memory.
    expect(before?.memoryBytes).toBe(8 * 2 ** 30);
    expect(before?.cpuQuotaUs).toBe(200_000);
    const { pids } = (await compute.state(machine.machineId)) ?? { pids: { xvnc: null, wm: null } };
    expect(before?.pids).toEqual(expect.arrayContaining([pids.xvnc, pids.wm]));
    await compute.resize(machine, '0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c09');
    const after = await readSessionLimits(machine.machineId);
    expect(after?.memoryBytes).toBe(32 * 2 ** 30);
    expect(after?.cpuQuotaUs).toBe(800_000);
    const resized = await compute.state(machine.machineId);
    expect(after?.pids).toEqual(expect.arrayContaining([resized?.pids.xvnc, resized?.pids.wm]));
  });

  it('troubleshoot finds a dead session and repairs it; a restarted provider finds sessions again', async () => {
    const machine = spec('repair');
    await compute.create(machine);
    const state = await compute.state(machine.machineId);
    if (!state?.pids.xvnc) throw new Error('no pid');
    process.kill(state.pids.xvnc, 'SIGKILL');
    const report = await compute.health(machine);
    expect(report.checks.find((check) => check.name === 'repair')).toMatchObject({ status: 'healthy' });
    expect((await compute.connectionEndpoint(machine)).kind).toBe('vnc');

    // Another process (a restarted worker, the gateway) reads the same state.
    const other = createLocalDesktopCompute({ dataDir });
    expect(await other.connectionEndpoint(machine)).toEqual(await compute.connectionEndpoint(machine));
    expect(await other.resume()).toEqual([]);
  });
});
