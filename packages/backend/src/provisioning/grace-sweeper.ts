import { listGracePeriodsEndedBy } from '../cloud-pcs/cloud-pc-state-repository.ts';
import type { ProvisioningContext } from './provisioning-context.ts';
import { startCloudPcJob } from './start-cloud-pc-job.ts';

/**
 * Deprovisions Cloud PCs whose grace period has ended. The job key includes the
 * grace period's end, so two regions sweeping at once start one job, and a Cloud PC
 * that re-enters a grace period later gets a new one.
 */
export async function sweepGracePeriods(context: ProvisioningContext): Promise<number> {
  let started = 0;
  const now = context.now().toISOString();
  for (const tenantId of context.tenantIds) {
    for (const cloudPc of await listGracePeriodsEndedBy(context.store, tenantId, now)) {
      if (cloudPc.value.activeJobId) continue;
      const result = await startCloudPcJob(context, {
        cloudPc,
        allowedFrom: ['inGracePeriod'],
        job: {
          idempotencyKey: `${cloudPc.value.id}:deprovision:${cloudPc.value.gracePeriodEndDateTime}`,
          payload: { kind: 'deprovision', reason: 'gracePeriodEnded' },
          requestedBy: context.workerActor,
          correlationId: `grace-sweeper-${context.workerId}`,
        },
      });
      if (result.kind === 'started') started += 1;
    }
  }
  if (started > 0) context.logger.info({ started }, 'grace sweeper started deprovisioning');
  return started;
}
