import { readFile } from 'node:fs/promises';
import { livingGroupMembers } from './proc.ts';

/** Resident memory of one process in bytes (Linux /proc); 0 when unknown. */
export async function processRss(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/**
 * Resident memory of a process group. A component may be several processes
 * (Next.js, a loader), so the whole group is what it costs.
 */
export async function groupRss(pgid: number): Promise<number> {
  let members: number[];
  try {
    members = livingGroupMembers(pgid);
  } catch {
    return 0;
  }
  const sizes = await Promise.all(members.map(processRss));
  return sizes.reduce((a, b) => a + b, 0);
}
