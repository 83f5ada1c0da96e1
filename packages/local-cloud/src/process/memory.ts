import { readdir, readFile } from 'node:fs/promises';

/**
 * Resident memory of a process group (Linux /proc). A component may be several
 * processes (tsx's loader, Next.js), so the whole group is what it costs.
 * Returns bytes; 0 where /proc is unavailable.
 */
export async function groupRss(pgid: number): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return 0;
  }
  let total = 0;
  await Promise.all(
    entries
      .filter((e) => /^\d+$/.test(e))
      .map(async (pid) => {
        try {
          const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
          // Fields after the parenthesised command: state, ppid, pgrp, ...
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          if (Number(fields[2]) !== pgid) return;
          const status = await readFile(`/proc/${pid}/status`, 'utf8');
          const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
          total += Number(kb ?? 0) * 1024;
        } catch {
          // The process ended while we looked.
        }
      }),
  );
  return total;
}

/** Resident memory of one process (bytes). */
export async function processRss(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
