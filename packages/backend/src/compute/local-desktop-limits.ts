import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A Cloud PC's size as real limits: its session's processes go into a cgroup capped at the
 * plan's vCPUs (CPU quota) and RAM (memory limit), so resize changes what the desktop may
 * use, not only its screen. cgroup v2 when mounted at the root, else the v1 `cpu` and
 * `memory` hierarchies (this machine class). Without root or cgroups the session runs
 * unlimited and the outcome says why.
 */
export interface SessionLimits {
  vCpuCount: number;
  ramInGB: number;
}

export type LimitsOutcome = { enforced: true; paths: string[] } | { enforced: false; reason: string };

const ROOT = '/sys/fs/cgroup';
const GROUP = 'cloudpc';
const PERIOD_US = 100_000;

function isV2(): boolean {
  return existsSync(join(ROOT, 'cgroup.controllers'));
}

/** The cgroup directories of one session (one per hierarchy). */
export function sessionCgroups(machineId: string): { cpu: string; memory: string } {
  if (isV2()) {
    const dir = join(ROOT, GROUP, machineId);
    return { cpu: dir, memory: dir };
  }
  return { cpu: join(ROOT, 'cpu', GROUP, machineId), memory: join(ROOT, 'memory', GROUP, machineId) };
}

/** Every process of a Unix user (a session's user runs nothing but that session). */
async function processesOf(uid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = await readFile(`/proc/${entry}/status`, 'utf8');
      const real = /^Uid:\s+(\d+)/m.exec(status)?.[1];
      if (Number(real) === uid) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export async function applySessionLimits(
  machineId: string,
  uid: number,
  limits: SessionLimits,
): Promise<LimitsOutcome> {
  if (process.getuid?.() !== 0) return { enforced: false, reason: 'not running as root' };
  // Sessions without a user of their own would take root's processes along.
  if (uid === 0) return { enforced: false, reason: 'the session runs as root' };
  const memoryBytes = String(Math.round(limits.ramInGB * 2 ** 30));
  const quota = String(Math.round(limits.vCpuCount * PERIOD_US));
  try {
    const { cpu, memory } = sessionCgroups(machineId);
    if (isV2()) {
      // Controllers must be enabled for the children of every level above the session.
      await mkdir(cpu, { recursive: true });
      for (const parent of [ROOT, join(ROOT, GROUP)]) {
        await writeFile(join(parent, 'cgroup.subtree_control'), '+cpu +memory').catch(() => undefined);
      }
      await writeFile(join(cpu, 'memory.max'), memoryBytes);
      await writeFile(join(cpu, 'cpu.max'), `${quota} ${PERIOD_US}`);
    } else {
      if (!existsSync(join(ROOT, 'cpu')) || !existsSync(join(ROOT, 'memory'))) {
        return { enforced: false, reason: 'no cpu or memory cgroup hierarchy' };
      }
      await mkdir(cpu, { recursive: true });
      await mkdir(memory, { recursive: true });
      await writeFile(join(memory, 'memory.limit_in_bytes'), memoryBytes);
      await writeFile(join(cpu, 'cpu.cfs_period_us'), String(PERIOD_US));
      await writeFile(join(cpu, 'cpu.cfs_quota_us'), quota);
    }
    for (const pid of await processesOf(uid)) {
      for (const dir of new Set([cpu, memory])) {
        await writeFile(join(dir, 'cgroup.procs'), String(pid)).catch(() => undefined);
      }
    }
    return { enforced: true, paths: [...new Set([cpu, memory])] };
  } catch (error) {
    return { enforced: false, reason: (error as Error).message };
  }
}

/** Removes a deleted session's (empty) cgroups. */
export async function removeSessionLimits(machineId: string): Promise<void> {
  const { cpu, memory } = sessionCgroups(machineId);
  for (const dir of new Set([cpu, memory])) await rmdir(dir).catch(() => undefined);
}

/** The limits in force for a session, as the kernel reports them (for troubleshooting and tests). */
export async function readSessionLimits(
  machineId: string,
): Promise<{ memoryBytes: number; cpuQuotaUs: number; pids: number[] } | undefined> {
  const { cpu, memory } = sessionCgroups(machineId);
  try {
    const read = (path: string) => readFile(path, 'utf8').then((text) => text.trim());
    const pids = (await read(join(memory, 'cgroup.procs'))).split('\n').filter(Boolean).map(Number);
    if (isV2()) {
      const [quota] = (await read(join(cpu, 'cpu.max'))).split(' ');
      return { memoryBytes: Number(await read(join(memory, 'memory.max'))), cpuQuotaUs: Number(quota), pids };
    }
    return {
      memoryBytes: Number(await read(join(memory, 'memory.limit_in_bytes'))),
      cpuQuotaUs: Number(await read(join(cpu, 'cpu.cfs_quota_us'))),
      pids,
    };
  } catch {
    return undefined;
  }
}
