import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { chmod, chown, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, normalize, relative } from 'node:path';
import { findServicePlan } from '../catalogs/catalogs.ts';
import { ComputeError } from './compute-errors.ts';
import type {
  ComputeProvider,
  ConnectionEndpoint,
  HealthCheck,
  HealthReport,
  MachineRef,
  MachineSpec,
  OperationOptions,
} from './compute-provider.ts';
import {
  type DesktopPaths,
  type DesktopState,
  desktopPaths,
  desktopUserName,
  geometryForPlan,
  randomVncPassword,
  readDesktopState,
  writeDesktopState,
  writeVncPasswordFile,
  writeXauthority,
} from './local-desktop-files.ts';
import { applySessionLimits, removeSessionLimits } from './local-desktop-limits.ts';
import {
  freeLoopbackPort,
  pickDisplay,
  processesOfUser,
  processMatches,
  pssOf,
  readRfbGreeting,
  rssOf,
  runCommand,
  terminate,
  waitFor,
} from './local-desktop-process.ts';
import { ensureSessionUser, removeSessionUser } from './local-desktop-users.ts';

export interface LocalDesktopOptions {
  /** CLOUDPC_DATA_DIR: desktops live under `<dataDir>/desktops/<machineId>/`. */
  dataDir: string;
  /** Receives what the provider did; never passwords. */
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** How long a session may take to show its desktop. Default 15 s. */
  startTimeoutMs?: number;
}

export interface LocalDesktopCompute extends ComputeProvider {
  readonly name: 'local-desktop';
  /** Starts sessions that should run but do not (after a reboot of this host, or a crash). */
  resume(regionName?: string): Promise<string[]>;
  /**
   * Stops every session under the data dir; with `remove`, also deletes their homes,
   * snapshots and users (a throwaway stack's teardown).
   */
  stopAll(options?: { remove?: boolean }): Promise<void>;
  /** A file of the Cloud PC's disk, read as the provider sees it (tests read back what a user typed). */
  readHomeFile(machineId: string, path: string): Promise<string | undefined>;
  /** Resident memory of everything the session runs. */
  sessionMemoryBytes(machineId: string): Promise<number>;
  /** Proportional set size of the session: its own share, shared libraries split among sessions. */
  sessionProportionalMemoryBytes(machineId: string): Promise<number>;
  paths(machineId: string): DesktopPaths;
  state(machineId: string): Promise<DesktopState | undefined>;
}

const STEPS = {
  create: ['Creating the user account', 'Preparing the disk', 'Starting the desktop'],
  delete: ['Stopping the desktop', 'Removing the disk and the user account'],
  power: ['Changing the power state'],
  restart: ['Restarting the desktop'],
  resize: ['Changing the screen size', 'Restarting the desktop'],
  snapshot: ['Taking a restore point'],
  restore: ['Stopping the desktop', 'Restoring the disk', 'Starting the desktop'],
  health: ['Running health checks'],
} as const;

const SYSTEM_BINARIES = ['Xvnc', 'openbox', 'xterm', 'vncpasswd'] as const;

/** True when every program a local desktop needs is installed (tigervnc-standalone-server, openbox, xterm). */
export function localDesktopAvailable(pathEnv = ''): boolean {
  const dirs = [...pathEnv.split(':').filter(Boolean), '/usr/bin', '/usr/local/bin', '/bin'];
  return SYSTEM_BINARIES.every((binary) => dirs.some((dir) => existsSync(join(dir, binary))));
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * A compute provider whose Cloud PCs are real Linux desktops on this host: TigerVNC's
 * Xvnc on 127.0.0.1 with a random per-session password, openbox and an xterm, all
 * running as the Cloud PC's own unprivileged user, whose home is the Cloud PC's disk.
 * Sessions are detached from the worker but tracked in a state file per machine, so a
 * restarted worker (or the gateway, another process) finds them again. Every
 * operation is idempotent by machine id.
 */
export function createLocalDesktopCompute(options: LocalDesktopOptions): LocalDesktopCompute {
  const log = options.log ?? (() => undefined);
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  const locks = new Map<string, Promise<unknown>>();

  const pathsOf = (machineId: string) => desktopPaths(options.dataDir, machineId);

  // One operation per machine at a time within this process; jobs fence across processes.
  function locked<T>(machineId: string, task: () => Promise<T>): Promise<T> {
    const previous = locks.get(machineId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(task);
    locks.set(machineId, next);
    void next
      .finally(() => {
        if (locks.get(machineId) === next) locks.delete(machineId);
      })
      .catch(() => undefined);
    return next;
  }

  async function steps(
    names: readonly string[],
    opts: OperationOptions,
    work: ((index: number) => Promise<void>)[],
  ): Promise<void> {
    for (const [index, name] of names.entries()) {
      if (opts.signal?.aborted)
        throw opts.signal.reason instanceof Error ? opts.signal.reason : new Error('aborted');
      await opts.onStep?.({ index, count: names.length, name });
      await work[index]?.(index);
    }
  }

  async function ensureTraversable(): Promise<void> {
    // Session users must pass through the data dir to their own home (x only: no listing).
    const desktops = join(options.dataDir, 'desktops');
    await mkdir(desktops, { recursive: true });
    if (!isRoot()) return;
    // Made by root, world-writable and sticky, before any session user's Xvnc would make it its own.
    await mkdir('/tmp/.X11-unix', { recursive: true });
    await chmod('/tmp/.X11-unix', 0o1777);
    for (const dir of [options.dataDir, desktops]) {
      const info = await stat(dir);
      if ((info.mode & 0o001) === 0) await chmod(dir, (info.mode & 0o7777) | 0o001);
    }
  }

  async function prepareDirs(paths: DesktopPaths, state: DesktopState): Promise<void> {
    await ensureTraversable();
    await mkdir(paths.root, { recursive: true, mode: 0o711 });
    await chmod(paths.root, 0o711);
    for (const dir of [paths.home, paths.run]) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      if (isRoot()) await chown(dir, state.uid, state.gid);
    }
    await mkdir(paths.snapshots, { recursive: true, mode: 0o700 });
  }

  async function isRunning(state: DesktopState): Promise<boolean> {
    return processMatches(state.pids.xvnc, ['Xvnc', `:${state.display}`]);
  }

  async function wmRunning(state: DesktopState): Promise<boolean> {
    return processMatches(state.pids.wm, ['openbox']);
  }

  async function stopSession(paths: DesktopPaths, state: DesktopState): Promise<DesktopState> {
    const pids = [state.pids.wm, state.pids.xvnc].filter((pid): pid is number => pid !== null);
    const live: number[] = [];
    for (const pid of pids) {
      if (await processMatches(pid, [])) live.push(pid);
    }
    await terminate(live);
    // Whatever the user started in the terminal goes with the session (its user owns nothing else).
    if (isRoot() && state.uid !== 0) await terminate(await processesOfUser(state.uid), 1_000);
    const stopped: DesktopState = { ...state, pids: { xvnc: null, wm: null }, startedAt: null };
    await writeDesktopState(paths, stopped);
    return stopped;
  }

  function sessionEnv(paths: DesktopPaths, state: DesktopState, display: number): NodeJS.ProcessEnv {
    return {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: paths.home,
      USER: state.userName,
      LOGNAME: state.userName,
      SHELL: '/bin/bash',
      LANG: 'C.UTF-8',
      DISPLAY: `:${display}`,
      XAUTHORITY: join(paths.run, 'Xauthority'),
    };
  }

  function spawnDetached(
    command: string,
    args: string[],
    paths: DesktopPaths,
    state: DesktopState,
    env: NodeJS.ProcessEnv,
    logName: string,
  ) {
    const out = openSync(join(paths.run, logName), 'a', 0o600);
    try {
      const child = spawn(command, args, {
        cwd: paths.home,
        env,
        detached: true,
        stdio: ['ignore', out, out],
        ...(isRoot() ? { uid: state.uid, gid: state.gid } : {}),
      });
      child.unref();
      return child;
    } finally {
      closeSync(out);
    }
  }

  async function startSession(paths: DesktopPaths, state: DesktopState): Promise<DesktopState> {
    await prepareDirs(paths, state);
    let lastError = 'unknown';
    for (let attempt = 0; attempt < 4; attempt++) {
      const display = pickDisplay();
      const port = await freeLoopbackPort();
      const password = randomVncPassword();
      const passwordFile = join(paths.run, 'vncpasswd');
      const xauthority = join(paths.run, 'Xauthority');
      const ready = join(paths.run, 'wm-ready');
      await rm(ready, { force: true });
      await writeVncPasswordFile(passwordFile, password, (command, args, input) =>
        runCommand(command, args, { input }),
      );
      await writeXauthority(xauthority, display);
      if (isRoot()) {
        await chown(passwordFile, state.uid, state.gid);
        await chown(xauthority, state.uid, state.gid);
      }
      const env = sessionEnv(paths, state, display);
      const xvnc = spawnDetached(
        'Xvnc',
        [
          `:${display}`,
          '-localhost',
          '-interface',
          '127.0.0.1',
          '-rfbport',
          String(port),
          '-SecurityTypes',
          'VncAuth',
          '-PasswordFile',
          passwordFile,
          '-geometry',
          state.geometry,
          '-depth',
          '24',
          '-nolisten',
          'tcp',
          '-auth',
          xauthority,
          '-desktop',
          'Cloud PC',
        ],
        paths,
        state,
        env,
        'xvnc.log',
      );
      let exited = false;
      xvnc.once('exit', () => {
        exited = true;
      });
      const listening = await waitFor(
        async () =>
          existsSync(`/tmp/.X11-unix/X${display}`) && (await readRfbGreeting(port, 500)) !== undefined,
        startTimeoutMs,
        () => exited,
      );
      if (!listening || !xvnc.pid) {
        lastError = exited ? 'Xvnc exited during start' : 'Xvnc did not listen in time';
        if (xvnc.pid) await terminate([xvnc.pid]);
        continue;
      }
      // openbox runs the startup command once it manages the screen: that is the ready signal.
      const startup = `/bin/sh -c 'echo ready > "${ready}"; exec xterm -title Terminal -geometry 110x32+24+24'`;
      const wm = spawnDetached('openbox', ['--startup', startup], paths, state, env, 'openbox.log');
      let wmExited = false;
      wm.once('exit', () => {
        wmExited = true;
      });
      const wmReady = await waitFor(
        () => existsSync(ready),
        startTimeoutMs,
        () => wmExited,
      );
      if (!wmReady || !wm.pid) {
        lastError = wmExited
          ? 'the window manager exited during start'
          : 'the window manager was not ready in time';
        await terminate([wm.pid, xvnc.pid].filter((pid): pid is number => pid !== undefined));
        continue;
      }
      const running: DesktopState = {
        ...state,
        display,
        port,
        password,
        pids: { xvnc: xvnc.pid, wm: wm.pid },
        startedAt: new Date().toISOString(),
      };
      await writeDesktopState(paths, running);
      const plan = findServicePlan(state.servicePlanId);
      const limits = plan
        ? await applySessionLimits(state.machineId, state.uid, plan)
        : { enforced: false as const, reason: 'unknown plan' };
      log('desktop session started', {
        machineId: state.machineId,
        display,
        port,
        limits: limits.enforced ? `${plan?.vCpuCount} vCPU, ${plan?.ramInGB} GB` : `none (${limits.reason})`,
      });
      return running;
    }
    throw new ComputeError('internalServerError', `(the desktop session did not start: ${lastError})`);
  }

  async function requireState(machineId: string): Promise<{ paths: DesktopPaths; state: DesktopState }> {
    const paths = pathsOf(machineId);
    const state = await readDesktopState(paths);
    if (!state) throw new ComputeError('internalServerError', `(no desktop exists for ${machineId})`);
    return { paths, state };
  }

  async function ensureRunning(paths: DesktopPaths, state: DesktopState): Promise<DesktopState> {
    if ((await isRunning(state)) && (await wmRunning(state))) return state;
    const stopped = await stopSession(paths, state);
    return startSession(paths, stopped);
  }

  async function checks(state: DesktopState, paths: DesktopPaths): Promise<HealthCheck[]> {
    const xvnc = await isRunning(state);
    const greeting = xvnc && state.port ? await readRfbGreeting(state.port) : undefined;
    const wm = (await wmRunning(state)) && existsSync(join(paths.run, 'wm-ready'));
    return [
      {
        name: 'virtualMachine',
        status: xvnc ? 'healthy' : 'unhealthy',
        message: xvnc ? 'The desktop session is running.' : 'The desktop session is not running.',
      },
      {
        name: 'sessionHost',
        status: greeting?.startsWith('RFB ') ? 'healthy' : 'unhealthy',
        message: greeting?.startsWith('RFB ')
          ? 'The session accepts connections.'
          : 'The session does not accept connections.',
      },
      {
        name: 'windowManager',
        status: wm ? 'healthy' : 'unhealthy',
        message: wm ? 'The window manager is ready.' : 'The window manager is not running.',
      },
    ];
  }

  function report(list: HealthCheck[]): HealthReport {
    return {
      status: list.every((check) => check.status === 'healthy') ? 'healthy' : 'unhealthy',
      checks: list,
    };
  }

  async function sessionPids(machineId: string): Promise<number[]> {
    const state = await readDesktopState(pathsOf(machineId));
    if (!state) return [];
    if (isRoot() && state.uid !== 0) return processesOfUser(state.uid);
    return [state.pids.xvnc, state.pids.wm].filter((pid): pid is number => pid !== null);
  }

  const provider: LocalDesktopCompute = {
    name: 'local-desktop',
    paths: pathsOf,
    state: (machineId) => readDesktopState(pathsOf(machineId)),

    create(spec: MachineSpec, opts = {}) {
      return locked(spec.machineId, async () => {
        const paths = pathsOf(spec.machineId);
        let state = await readDesktopState(paths);
        await steps(STEPS.create, opts, [
          async () => {
            if (state) return;
            const user = await ensureSessionUser(desktopUserName(spec.machineId), paths.home, spec.machineId);
            state = {
              v: 1,
              machineId: spec.machineId,
              regionName: spec.regionName,
              userName: user.name,
              uid: user.uid,
              gid: user.gid,
              servicePlanId: spec.servicePlanId,
              geometry: geometryForPlan(findServicePlan(spec.servicePlanId)?.vCpuCount),
              desiredPower: 'on',
              display: null,
              port: null,
              password: '',
              pids: { xvnc: null, wm: null },
              startedAt: null,
            };
            await prepareDirs(paths, state);
            await writeDesktopState(paths, state);
          },
          async () => {
            if (!state) return;
            await prepareDirs(paths, state);
          },
          async () => {
            if (!state || state.desiredPower === 'off') return;
            state = await ensureRunning(paths, state);
          },
        ]);
      });
    },

    delete(machine: MachineRef, opts = {}) {
      return locked(machine.machineId, async () => {
        const paths = pathsOf(machine.machineId);
        const state = await readDesktopState(paths);
        await steps(STEPS.delete, opts, [
          async () => {
            if (state) await stopSession(paths, state);
          },
          async () => {
            await rm(paths.root, { recursive: true, force: true });
            await removeSessionLimits(machine.machineId);
            await removeSessionUser(state?.userName ?? desktopUserName(machine.machineId));
            log('desktop removed', { machineId: machine.machineId });
          },
        ]);
      });
    },

    power(machine, powerState, opts = {}) {
      return locked(machine.machineId, async () => {
        const { paths, state } = await requireState(machine.machineId);
        await steps(STEPS.power, opts, [
          async () => {
            const wanted = { ...state, desiredPower: powerState };
            // Said before the processes go, so a gateway asked meanwhile answers "off", not "not running".
            await writeDesktopState(paths, wanted);
            if (powerState === 'off') await stopSession(paths, wanted);
            else await ensureRunning(paths, wanted);
          },
        ]);
      });
    },

    restart(machine, opts = {}) {
      return locked(machine.machineId, async () => {
        const { paths, state } = await requireState(machine.machineId);
        await steps(STEPS.restart, opts, [
          async () => {
            const stopped = await stopSession(paths, { ...state, desiredPower: 'on' });
            await startSession(paths, stopped);
          },
        ]);
      });
    },

    resize(machine, servicePlanId, opts = {}) {
      return locked(machine.machineId, async () => {
        const { paths, state } = await requireState(machine.machineId);
        const plan = findServicePlan(servicePlanId);
        if (!plan) throw new ComputeError('resizeNotSupported', `(unknown plan ${servicePlanId})`);
        let next: DesktopState = { ...state, servicePlanId, geometry: geometryForPlan(plan.vCpuCount) };
        await steps(STEPS.resize, opts, [
          async () => {
            await writeDesktopState(paths, next);
          },
          async () => {
            if (next.desiredPower === 'off') return;
            next = await stopSession(paths, next);
            await startSession(paths, next);
          },
        ]);
      });
    },

    snapshot(machine, opts = {}) {
      return locked(machine.machineId, async () => {
        const { paths } = await requireState(machine.machineId);
        const providerSnapshotId = `${machine.machineId}-${Date.now()}-${randomUUID().slice(0, 8)}`;
        await steps(STEPS.snapshot, opts, [
          async () => {
            await mkdir(paths.snapshots, { recursive: true, mode: 0o700 });
            const file = join(paths.snapshots, `${providerSnapshotId}.tar`);
            await runCommand('tar', ['-C', paths.home, '--numeric-owner', '-cpf', `${file}.partial`, '.']);
            await runCommand('mv', [`${file}.partial`, file]);
          },
        ]);
        return { providerSnapshotId };
      });
    },

    restore(machine, providerSnapshotId, opts = {}) {
      return locked(machine.machineId, async () => {
        const { paths, state } = await requireState(machine.machineId);
        if (!/^[A-Za-z0-9_-]+$/.test(providerSnapshotId)) throw new ComputeError('restorePointNotFound');
        const file = join(paths.snapshots, `${providerSnapshotId}.tar`);
        if (!existsSync(file)) throw new ComputeError('restorePointNotFound');
        let current = state;
        await steps(STEPS.restore, opts, [
          async () => {
            current = await stopSession(paths, state);
          },
          async () => {
            await rm(paths.home, { recursive: true, force: true });
            await prepareDirs(paths, current);
            await runCommand('tar', ['-C', paths.home, '--numeric-owner', '-xpf', file]);
            // The user may have been recreated with another uid since the snapshot.
            if (isRoot()) await runCommand('chown', ['-R', `${current.uid}:${current.gid}`, paths.home]);
            await chmod(paths.home, 0o700);
          },
          async () => {
            if (current.desiredPower === 'on') await startSession(paths, current);
          },
        ]);
      });
    },

    health(machine, opts = {}) {
      return locked(machine.machineId, async () => {
        const paths = pathsOf(machine.machineId);
        let result: HealthReport = { status: 'unhealthy', checks: [] };
        await steps(STEPS.health, opts, [
          async () => {
            const state = await readDesktopState(paths);
            if (!state) {
              result = report([
                {
                  name: 'virtualMachine',
                  status: 'unhealthy',
                  message: 'The Cloud PC has no desktop on this host.',
                },
              ]);
              return;
            }
            if (state.desiredPower === 'off') {
              result = report([
                {
                  name: 'powerState',
                  status: 'unhealthy',
                  message: 'The Cloud PC is turned off. Turn it on first.',
                },
              ]);
              return;
            }
            const first = await checks(state, paths);
            if (report(first).status === 'healthy') {
              result = report(first);
              return;
            }
            // Troubleshoot repairs what it can: a session that is down or stuck is restarted.
            log('desktop unhealthy; restarting it', { machineId: machine.machineId });
            const stopped = await stopSession(paths, state);
            const restarted = await startSession(paths, stopped).catch(() => undefined);
            const second = restarted ? await checks(restarted, paths) : first;
            const repaired = report(second).status === 'healthy';
            result = report([
              ...second,
              {
                name: 'repair',
                status: repaired ? 'healthy' : 'unhealthy',
                message: repaired
                  ? 'The desktop session was not responding and has been restarted.'
                  : 'The desktop session could not be restarted.',
              },
            ]);
          },
        ]);
        return result;
      });
    },

    async connectionEndpoint(machine): Promise<ConnectionEndpoint> {
      const paths = pathsOf(machine.machineId);
      const state = await readDesktopState(paths);
      if (!state) {
        return { kind: 'none', reason: 'notFound', message: 'This Cloud PC has no desktop on this host.' };
      }
      if (state.desiredPower === 'off') {
        return { kind: 'none', reason: 'poweredOff', message: 'This Cloud PC is turned off.' };
      }
      if (!state.port || !(await isRunning(state))) {
        return {
          kind: 'none',
          reason: 'notRunning',
          message: 'The desktop of this Cloud PC is not running. Restart it or run Troubleshoot.',
        };
      }
      return { kind: 'vnc', host: '127.0.0.1', port: state.port, password: state.password };
    },

    async resume(regionName) {
      const resumed: string[] = [];
      let ids: string[] = [];
      try {
        ids = await readdir(join(options.dataDir, 'desktops'));
      } catch {
        return resumed;
      }
      for (const machineId of ids) {
        await locked(machineId, async () => {
          const paths = pathsOf(machineId);
          const state = await readDesktopState(paths).catch(() => undefined);
          if (state?.desiredPower !== 'on') return;
          if (regionName !== undefined && state.regionName !== regionName) return;
          if ((await isRunning(state)) && (await wmRunning(state))) return;
          await ensureRunning(paths, state).then(
            () => resumed.push(machineId),
            (error: unknown) => log('could not resume a desktop', { machineId, error: String(error) }),
          );
        });
      }
      return resumed;
    },

    async stopAll(stopOptions = {}) {
      let ids: string[] = [];
      try {
        ids = await readdir(join(options.dataDir, 'desktops'));
      } catch {
        return;
      }
      await Promise.all(
        ids.map((machineId) =>
          locked(machineId, async () => {
            const paths = pathsOf(machineId);
            const state = await readDesktopState(paths).catch(() => undefined);
            if (state) await stopSession(paths, state);
            if (!stopOptions.remove) return;
            await rm(paths.root, { recursive: true, force: true });
            if (state && state.uid !== 0) await removeSessionUser(state.userName);
          }),
        ),
      );
    },

    async readHomeFile(machineId, path) {
      const paths = pathsOf(machineId);
      const full = normalize(join(paths.home, path));
      if (relative(paths.home, full).startsWith('..')) throw new Error('Path outside the home directory');
      try {
        return await readFile(full, 'utf8');
      } catch {
        return undefined;
      }
    },

    async sessionMemoryBytes(machineId) {
      return rssOf(await sessionPids(machineId));
    },

    async sessionProportionalMemoryBytes(machineId) {
      return pssOf(await sessionPids(machineId));
    },
  };
  return provider;
}
