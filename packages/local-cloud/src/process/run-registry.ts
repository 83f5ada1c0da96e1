import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isGroupAlive } from './proc.ts';

/**
 * A record of the running stack in its data dir: which process owns the dir and
 * which process groups it started. If the stack itself is killed with SIGKILL its
 * children outlive it; the next start finds them here and ends them, so a crash
 * never leaves a stack's worth of servers holding the ports.
 */
export interface RunRecord {
  ownerPid: number;
  /** processStartTime(ownerPid), so a reused pid is not mistaken for the owner. */
  ownerStart?: string;
  runId: string;
  groups: number[];
}

const FILE = 'local-cloud.run.json';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// A pid may have been reused by an unrelated process; only a process started by
// that run carries its run id in its environment.
async function belongsToRun(pid: number, runId: string): Promise<boolean> {
  try {
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8');
    return environ.split('\0').includes(`CLOUDPC_STACK_RUN=${runId}`);
  } catch {
    return false;
  }
}

export type ClaimResult = { ok: true; reaped: number[] } | { ok: false; ownerPid: number };

/** Takes the data dir for this process, ending leftovers of a dead previous owner. */
export async function claimDataDir(dataDir: string, record: RunRecord): Promise<ClaimResult> {
  const path = join(dataDir, FILE);
  const previous = await readFile(path, 'utf8')
    .then((text) => JSON.parse(text) as RunRecord)
    .catch(() => undefined);
  const reaped: number[] = [];
  if (previous && previous.ownerPid !== process.pid) {
    if (alive(previous.ownerPid) && (await belongsToRunOwner(previous))) {
      return { ok: false, ownerPid: previous.ownerPid };
    }
    for (const pgid of previous.groups) {
      if (await belongsToRun(pgid, previous.runId)) {
        try {
          process.kill(-pgid, 'SIGKILL');
          reaped.push(pgid);
        } catch {
          // Already gone.
        }
      }
    }
    // Their ports are free only once they are gone.
    const deadline = Date.now() + 5000;
    while (reaped.some(isGroupAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }
  await writeFile(path, JSON.stringify(record));
  return { ok: true, reaped };
}

/** The kernel's start time of a process (clock ticks since boot): with the pid, a unique identity. */
export async function processStartTime(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

async function belongsToRunOwner(record: RunRecord): Promise<boolean> {
  if (!record.ownerStart) return true;
  return (await processStartTime(record.ownerPid)) === record.ownerStart;
}

export async function updateRunRecord(dataDir: string, record: RunRecord): Promise<void> {
  await writeFile(join(dataDir, FILE), JSON.stringify(record));
}

export async function releaseDataDir(dataDir: string): Promise<void> {
  await rm(join(dataDir, FILE), { force: true });
}
