import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';

/** Runs a command to completion; rejects with its stderr on a non-zero exit. */
export function runCommand(
  command: string,
  args: string[],
  options: { input?: string; allowExit?: number[] } = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 || (code !== null && options.allowExit?.includes(code))) {
        resolve(Buffer.concat(out));
        return;
      }
      const error = new Error(
        `${command} exited with ${code}: ${Buffer.concat(err).toString('utf8').trim().slice(0, 500)}`,
      ) as Error & { exitCode: number | null };
      error.exitCode = code;
      reject(error);
    });
    if (child.stdin) {
      // A program may exit before reading its input; that is its exit code's business.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** True when `pid` runs and its command line contains every `expect` part (pids get reused). */
export async function processMatches(pid: number | null, expect: string[]): Promise<boolean> {
  if (!pid) return false;
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // A zombie has exited; only its parent has not collected it yet.
    if (/\) Z /.test(stat)) return false;
    return expect.every((part) => cmdline.some((arg) => arg.includes(part)));
  } catch {
    return false;
  }
}

/** Pids of every process running as `uid` (a session's user owns only its session). */
export async function processesOfUser(uid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = await readFile(`/proc/${entry}/status`, 'utf8');
      const match = /^Uid:\s+(\d+)/m.exec(status);
      if (match && Number(match[1]) === uid) pids.push(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  return pids;
}

/**
 * Proportional memory of the given processes (bytes): shared pages (the X server's and
 * toolkit libraries, shared by every session) count once per sharer, so sessions add up.
 */
export async function pssOf(pids: number[]): Promise<number> {
  let total = 0;
  for (const pid of pids) {
    try {
      const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
      const match = /^Pss:\s+(\d+) kB/m.exec(rollup);
      if (match) total += Number(match[1]) * 1024;
    } catch {
      // Exited, or no smaps_rollup on this kernel.
    }
  }
  return total;
}

/** Resident memory of the given processes, from /proc (bytes). */
export async function rssOf(pids: number[]): Promise<number> {
  let total = 0;
  for (const pid of pids) {
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
      if (match) total += Number(match[1]) * 1024;
    } catch {
      // Exited.
    }
  }
  return total;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** TERM, then KILL after `graceMs`; each pid is also a process group leader (spawned detached). */
export async function terminate(pids: number[], graceMs = 2_000): Promise<void> {
  const signalAll = (signal: NodeJS.Signals) => {
    for (const pid of pids) {
      for (const target of [-pid, pid]) {
        try {
          process.kill(target, signal);
        } catch {
          // Gone, or not a group leader.
        }
      }
    }
  };
  signalAll('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(alive)) await sleep(25);
  if (pids.some(alive)) {
    signalAll('SIGKILL');
    const hard = Date.now() + 2_000;
    while (Date.now() < hard && pids.some(alive)) await sleep(25);
  }
}

/** Connects to a VNC port and reads its greeting: proof that the server answers, not just listens. */
export function readRfbGreeting(port: number, timeoutMs = 2_000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    const done = (value: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      if (data.length >= 12) done(data.slice(0, 12));
    });
    socket.on('error', () => done(undefined));
    socket.on('close', () => done(data.length ? data : undefined));
  });
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** An X display number nobody holds (no lock file, no socket); random so two workers rarely pick the same. */
export function pickDisplay(random: () => number = Math.random): number {
  for (let attempt = 0; attempt < 200; attempt++) {
    const display = 100 + Math.floor(random() * 9_000);
    if (!existsSync(`/tmp/.X${display}-lock`) && !existsSync(`/tmp/.X11-unix/X${display}`)) return display;
  }
  throw new Error('No free X display number');
}

export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  failed?: () => boolean,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (failed?.()) return false;
    if (await check()) return true;
    await sleep(15);
  }
  return false;
}
