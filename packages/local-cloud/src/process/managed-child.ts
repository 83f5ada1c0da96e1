import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { isGroupAlive } from './proc.ts';

export interface ManagedChildOptions {
  /** Component name, used as the output prefix. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Receives each output line already prefixed. Default: written to this process's stderr. */
  output?: (line: string) => void;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedChild {
  name: string;
  pid: number;
  /** Settles when the process exits, for whatever reason. */
  exited: Promise<ChildExit>;
  /** SIGTERM to the whole process group, SIGKILL after `graceMs`; resolves when the group is gone. */
  stop(graceMs?: number): Promise<void>;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pipeLines(
  stream: NodeJS.ReadableStream | null,
  prefix: string,
  output: (line: string) => void,
): void {
  if (!stream) return;
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on('line', (line) => output(`${prefix}${line}`));
}

/**
 * Spawns a child in its own process group. The group is what we signal on stop, so
 * anything the child spawns (Next.js, tsx's inner node) goes with it; and Ctrl-C in
 * the terminal reaches only us, which lets the stack stop components in order.
 */
export function spawnManaged(options: ManagedChildOptions): ManagedChild {
  const output = options.output ?? ((line: string) => process.stderr.write(`${line}\n`));
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) {
    // The spawn failed (e.g. ENOENT); the error event follows and must not crash us.
    child.once('error', () => undefined);
    throw new Error(`Cannot start ${options.name}: ${options.command}`);
  }
  const pid: number = child.pid;
  const prefix = `[${options.name}] `;
  pipeLines(child.stdout, prefix, output);
  pipeLines(child.stderr, prefix, output);

  let exit: ChildExit | undefined;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
    child.once('error', (error) => {
      output(`${prefix}failed to start: ${error.message}`);
      exit = { code: null, signal: null };
      resolve(exit);
    });
  });

  let stopping: Promise<void> | undefined;
  async function stop(graceMs = 5000): Promise<void> {
    stopping ??= (async () => {
      if (!exit || isGroupAlive(pid)) signalGroup(pid, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      await Promise.race([exited, sleep(graceMs)]);
      // The leader may be gone while grandchildren linger in the group.
      while (isGroupAlive(pid) && Date.now() < deadline) await sleep(50);
      if (isGroupAlive(pid) || !exit) {
        output(`${prefix}did not stop within ${graceMs} ms; killing`);
        signalGroup(pid, 'SIGKILL');
        await exited;
        // Bounded: an init that never reaps would leave zombies that still count as members.
        const killDeadline = Date.now() + 5000;
        while (isGroupAlive(pid) && Date.now() < killDeadline) await sleep(20);
      }
    })();
    return stopping;
  }

  return { name: options.name, pid, exited, stop };
}
