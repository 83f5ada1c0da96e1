import { syncTenantDirectory } from '../directory/sync-directory.ts';
import { JobDeferred, type JobHandler } from '../jobs/job-engine.ts';
import type { ProvisioningContext } from './provisioning-context.ts';

/** How long an assignment-triggered round waits when another round holds the tenant's lease. */
const BUSY_RETRY_MS = 1_000;

export function syncDirectoryHandler(context: ProvisioningContext): JobHandler {
  return {
    async run({ job }) {
      const outcome = await syncTenantDirectory(
        {
          ...context,
          graph: context.directoryFor(job.tenantId),
          actor: job.requestedBy,
          leaseMs: context.directoryLeaseMs,
        },
        job.tenantId,
        { correlationId: job.correlationId },
      );
      if (outcome.kind === 'busy') {
        const holder = outcome.leaseOwner
          ? ` (lease held by ${outcome.leaseOwner} until ${outcome.leaseExpiresAt})`
          : '';
        throw new JobDeferred(`another directory sync round is running${holder}`, BUSY_RETRY_MS);
      }
      return { outcome: 'succeeded' };
    },
    // A round changes no Cloud PC itself; the jobs it started carry their own outcomes.
    giveUp: async () => 'applied',
  };
}
