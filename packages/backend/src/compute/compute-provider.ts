/**
 * The seam between the control plane and whatever runs desktops. The provisioning
 * engine only talks to this interface; the simulated provider implements it for
 * tests and `npm start`, and real desktops (issue 7) plug in behind it.
 *
 * Every operation is idempotent by machine id, like an ARM PUT or DELETE: a job that
 * is re-run after a crash calls the same operation again and must get the same
 * outcome, never a second machine. Failures are thrown as ComputeError.
 */
export interface MachineRef {
  /** The Cloud PC id: one machine per Cloud PC. */
  machineId: string;
  tenantId: string;
  regionName: string;
  userPrincipalName: string;
  imageId: string;
}

export interface MachineSpec extends MachineRef {
  deviceName: string;
  servicePlanId: string;
}

export interface StepProgress {
  /** Zero-based index of the step now starting. */
  index: number;
  count: number;
  name: string;
}

export interface OperationOptions {
  /** Aborted when the job loses its lease or the worker stops: stop at the next step. */
  signal?: AbortSignal;
  /** Called as each step starts, so the job can show progress. */
  onStep?: (step: StepProgress) => void | Promise<void>;
}

export interface HealthCheck {
  name: string;
  status: 'healthy' | 'unhealthy';
  message: string;
}

export interface HealthReport {
  status: 'healthy' | 'unhealthy';
  checks: HealthCheck[];
}

/**
 * Where a gateway reaches a machine's desktop: a VNC server on this host's loopback
 * with its per-session password, or why there is none (simulated compute has no
 * desktop; a machine that is off or down has none right now).
 */
export type ConnectionEndpoint =
  | { kind: 'vnc'; host: string; port: number; password: string }
  | {
      kind: 'none';
      reason: 'noDesktop' | 'poweredOff' | 'notRunning' | 'notFound';
      message: string;
    };

export interface ComputeProvider {
  readonly name: string;
  create(spec: MachineSpec, options?: OperationOptions): Promise<void>;
  delete(machine: MachineRef, options?: OperationOptions): Promise<void>;
  power(machine: MachineRef, state: 'on' | 'off', options?: OperationOptions): Promise<void>;
  restart(machine: MachineRef, options?: OperationOptions): Promise<void>;
  resize(machine: MachineRef, servicePlanId: string, options?: OperationOptions): Promise<void>;
  /** Takes a restore point and returns the provider's id for it. */
  snapshot(machine: MachineRef, options?: OperationOptions): Promise<{ providerSnapshotId: string }>;
  restore(machine: MachineRef, providerSnapshotId: string, options?: OperationOptions): Promise<void>;
  health(machine: MachineRef, options?: OperationOptions): Promise<HealthReport>;
  /** Read-only: where the desktop of a machine can be reached now. Never starts anything. */
  connectionEndpoint(machine: Pick<MachineRef, 'machineId'>): Promise<ConnectionEndpoint>;
}

export type ComputeOperation = Exclude<keyof ComputeProvider, 'name' | 'connectionEndpoint'>;
