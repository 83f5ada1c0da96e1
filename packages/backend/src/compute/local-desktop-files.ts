import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where a local desktop keeps its things, and the few files written for it. Layout
 * under `<dataDir>/desktops/<machineId>/`:
 *   state.json  root only: user, display, port, password, pids, desired power state
 *   home/       the Cloud PC's disk, owned by the session's user, 0700
 *   run/        the session's private runtime files (VNC password, X cookie, logs), 0700
 *   snapshots/  restore points (tar of home), root only
 */
export interface DesktopPaths {
  root: string;
  state: string;
  home: string;
  run: string;
  snapshots: string;
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function desktopPaths(dataDir: string, machineId: string): DesktopPaths {
  // The id becomes a path and part of a user name: refuse anything that could escape the folder.
  if (!SAFE_ID.test(machineId)) throw new Error(`Unsafe machine id for a local desktop: ${machineId}`);
  const root = join(dataDir, 'desktops', machineId);
  return {
    root,
    state: join(root, 'state.json'),
    home: join(root, 'home'),
    run: join(root, 'run'),
    snapshots: join(root, 'snapshots'),
  };
}

/** A short, stable, valid Unix user name for a machine: `cpc` + 12 hex digits of its id's hash. */
export function desktopUserName(machineId: string): string {
  return `cpc${createHash('sha256').update(machineId).digest('hex').slice(0, 12)}`;
}

export interface DesktopState {
  v: 1;
  machineId: string;
  /** The Cloud PC's region: only that region's worker resumes it, so two workers never race. */
  regionName: string;
  userName: string;
  uid: number;
  gid: number;
  servicePlanId: string;
  geometry: string;
  /** What the control plane asked for last; a worker restart brings `on` sessions back. */
  desiredPower: 'on' | 'off';
  display: number | null;
  port: number | null;
  /** VNC passwords are at most 8 characters; random per session, never logged. */
  password: string;
  pids: { xvnc: number | null; wm: number | null };
  startedAt: string | null;
}

export async function readDesktopState(paths: DesktopPaths): Promise<DesktopState | undefined> {
  try {
    return JSON.parse(await readFile(paths.state, 'utf8')) as DesktopState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Atomic (write then rename), so a reader in another process never sees half a file. */
export async function writeDesktopState(paths: DesktopPaths, state: DesktopState): Promise<void> {
  await mkdir(paths.root, { recursive: true });
  const temp = `${paths.state}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, paths.state);
}

export function randomVncPassword(): string {
  return randomBytes(6).toString('base64url').slice(0, 8);
}

/**
 * The password file Xvnc reads, made by `vncpasswd -f` (Node's OpenSSL 3 no longer
 * offers the single DES that file format uses).
 */
export async function writeVncPasswordFile(
  file: string,
  password: string,
  run: (command: string, args: string[], input: string) => Promise<Buffer>,
): Promise<void> {
  const obfuscated = await run('vncpasswd', ['-f'], `${password}\n`);
  await writeFile(file, obfuscated, { mode: 0o600 });
  await chmod(file, 0o600);
}

/**
 * An Xauthority file with one MIT-MAGIC-COOKIE-1 for any address (FamilyWild), so
 * only holders of this file, i.e. the session's own user, can open windows on the
 * session's X display or read its keystrokes.
 */
export async function writeXauthority(file: string, display: number): Promise<void> {
  const field = (value: Buffer) => {
    const length = Buffer.alloc(2);
    length.writeUInt16BE(value.length);
    return Buffer.concat([length, value]);
  };
  const family = Buffer.alloc(2);
  family.writeUInt16BE(0xffff);
  const entry = Buffer.concat([
    family,
    field(Buffer.alloc(0)),
    field(Buffer.from(String(display))),
    field(Buffer.from('MIT-MAGIC-COOKIE-1')),
    field(randomBytes(16)),
  ]);
  await writeFile(file, entry, { mode: 0o600 });
  await chmod(file, 0o600);
}

/** Plan size → screen size: more vCPUs, a bigger desktop, like a bigger monitor on a bigger PC. */
export function geometryForPlan(vCpuCount: number | undefined): string {
  if (vCpuCount === undefined || vCpuCount <= 2) return '1280x800';
  if (vCpuCount <= 4) return '1600x900';
  return '1920x1080';
}
