import type { Actor } from '../audit/actor.ts';
import type { ComputeProvider } from '../compute/compute-provider.ts';
import type { GraphDirectory } from '../directory/graph-directory.ts';
import type { EngineContext } from '../jobs/job-engine.ts';

/** Everything the region worker's job handlers and sweepers work with. */
export interface ProvisioningContext extends EngineContext {
  compute: ComputeProvider;
  /** A tenant's directory through Graph with the worker's app-only token. */
  directoryFor(tenantId: string): GraphDirectory;
  /** Who the worker is in audit events it writes on its own account (directory sync, sweepers). */
  workerActor: Actor;
  /** Tenants this worker serves (sweeps and directory sync). */
  tenantIds: readonly string[];
  gracePeriodHours: number;
  /** The directory sync round's lease on a tenant; renewed while the round runs. */
  directoryLeaseMs: number;
}

export const DEFAULT_GRACE_PERIOD_HOURS = 168;
