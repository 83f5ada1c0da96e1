import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function canConnect(port: number, host: string, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * True when nothing holds the port: we can bind it where we will listen, and nobody
 * answers on either loopback (a server on ::1 or 0.0.0.0 would not stop a bind on
 * 127.0.0.1 but would still steal `localhost` from browsers).
 */
export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  if (!(await canBind(port, host))) return false;
  const [v4, v6] = await Promise.all([canConnect(port, '127.0.0.1'), canConnect(port, '::1')]);
  return !v4 && !v6;
}

/** A port the OS considers free right now (listen on 0, read it, release it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Several distinct free ports. */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort(host));
  return [...ports];
}

/** Best effort: which process listens on the port, from `ss` and /proc (Linux). Empty when unknown. */
export function describePortOwner(port: number): Promise<string> {
  return new Promise((resolve) => {
    execFile('ss', ['-Hltnp', `sport = :${port}`], { timeout: 2000 }, (error, stdout) => {
      const pid = error ? undefined : /pid=(\d+)/.exec(stdout)?.[1];
      if (!pid) return resolve('');
      readFile(`/proc/${pid}/cmdline`, 'utf8')
        .then((cmdline) => {
          const command = cmdline.split('\0').filter(Boolean).join(' ');
          resolve(`pid ${pid}: ${command.length > 100 ? `${command.slice(0, 97)}...` : command}`);
        })
        .catch(() => resolve(`pid ${pid}`));
    });
  });
}

export interface WaitForPortOptions {
  port: number;
  host?: string;
  timeoutMs: number;
  /** Gives up early when this settles (e.g. the process that should listen exited). */
  unless?: Promise<unknown>;
}

export async function waitForPort(options: WaitForPortOptions): Promise<void> {
  const host = options.host ?? '127.0.0.1';
  let gaveUp = false;
  void options.unless?.then(() => {
    gaveUp = true;
  });
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (gaveUp) throw new Error('process exited before listening');
    if (await canConnect(options.port, host)) return;
    await sleep(100);
  }
  throw new Error(`nothing listening after ${options.timeoutMs} ms`);
}
