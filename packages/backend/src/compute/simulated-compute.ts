import { randomUUID } from 'node:crypto';
import { ComputeError } from './compute-errors.ts';
import type {
  ComputeOperation,
  ComputeProvider,
  HealthReport,
  MachineRef,
  OperationOptions,
} from './compute-provider.ts';
import {
  type FailureInjection,
  failingStepIndex,
  injectedFailure,
  NO_FAILURES,
} from './failure-injection.ts';

export interface SimulatedComputeOptions {
  /** How long every step takes: a few seconds for demos, zero in tests. */
  stepMs: number;
  failures?: FailureInjection;
  /** In [0, 1); injectable so failure-rate tests are deterministic. */
  random?: () => number;
  /** Waits `ms` or rejects when the signal aborts; injectable for unit tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface SimulatedCall {
  operation: ComputeOperation;
  machineId: string;
}

export const SIMULATED_STEPS: Record<ComputeOperation, readonly string[]> = {
  create: [
    'Allocating resources',
    'Creating the virtual machine from the image',
    'Joining Microsoft Entra ID',
    'Enrolling in Microsoft Intune',
    'Applying user settings',
  ],
  delete: ['Removing the virtual machine', 'Releasing the license'],
  power: ['Changing the power state'],
  restart: ['Restarting Windows'],
  resize: ['Moving to the new size', 'Restarting Windows'],
  snapshot: ['Taking a restore point'],
  restore: ['Restoring the disk', 'Restarting Windows'],
  health: ['Running health checks'],
};

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('operation aborted');
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A compute provider with no machines behind it: each operation walks through the
 * steps Windows 365 shows, waiting `stepMs` per step, and fails where the failure
 * injection says. It keeps no state, so every operation is trivially idempotent
 * and any worker (or a restarted one) can continue another's job. `calls` records
 * what was asked of this instance, for tests.
 */
export function createSimulatedCompute(options: SimulatedComputeOptions): ComputeProvider & {
  calls: SimulatedCall[];
} {
  const failures = options.failures ?? NO_FAILURES;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  const calls: SimulatedCall[] = [];

  async function run(operation: ComputeOperation, machine: MachineRef, opts: OperationOptions = {}) {
    calls.push({ operation, machineId: machine.machineId });
    const steps = SIMULATED_STEPS[operation];
    const failure = injectedFailure(failures, operation, machine, random);
    const failAt = failure ? failingStepIndex(failure, steps.length) : -1;
    for (const [index, name] of steps.entries()) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      await opts.onStep?.({ index, count: steps.length, name });
      await sleep(options.stepMs, opts.signal);
      if (index === failAt && failure) throw new ComputeError(failure, `(step: ${name})`);
    }
  }

  return {
    name: 'simulated',
    calls,
    create: (spec, opts) => run('create', spec, opts),
    delete: (machine, opts) => run('delete', machine, opts),
    power: (machine, _state, opts) => run('power', machine, opts),
    restart: (machine, opts) => run('restart', machine, opts),
    resize: (machine, _plan, opts) => run('resize', machine, opts),
    async snapshot(machine, opts) {
      await run('snapshot', machine, opts);
      return { providerSnapshotId: `sim-${machine.machineId}-${randomUUID()}` };
    },
    restore: (machine, _snapshot, opts) => run('restore', machine, opts),
    async connectionEndpoint() {
      return {
        kind: 'none',
        reason: 'noDesktop',
        message: 'This Cloud PC runs on simulated compute: there is no desktop to stream.',
      };
    },
    async health(machine, opts): Promise<HealthReport> {
      await run('health', machine, opts);
      return {
        status: 'healthy',
        checks: [
          { name: 'virtualMachine', status: 'healthy', message: 'The virtual machine is running.' },
          { name: 'sessionHost', status: 'healthy', message: 'The session host accepts connections.' },
          { name: 'intuneEnrollment', status: 'healthy', message: 'The device is enrolled in Intune.' },
        ],
      };
    },
  };
}
