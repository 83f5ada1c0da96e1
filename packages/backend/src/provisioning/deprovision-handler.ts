import type { CloudPc } from '@cloudpc/api-client';
import {
  applyCloudPcEvent,
  type CloudPcEvent,
  canApply,
  illegalTransition,
} from '../cloud-pcs/cloud-pc-lifecycle.ts';
import {
  auditCloudPcChange,
  removeFencedCloudPc,
  transitionCloudPc,
  updateFencedCloudPc,
} from '../cloud-pcs/cloud-pc-state.ts';
import { releaseDeviceName } from '../cloud-pcs/device-name-repository.ts';
import { listSnapshotsOfCloudPc, removeSnapshot } from '../cloud-pcs/snapshot-repository.ts';
import type { GiveUpOutcome, JobExecution, JobFailure, JobHandler, JobResult } from '../jobs/job-engine.ts';
import type { JobDocument } from '../jobs/job-types.ts';
import { failureDetail, machineSpecOf, settleFailed } from './provision-handler.ts';
import type { ProvisioningContext } from './provisioning-context.ts';

type ActionResult = NonNullable<CloudPc['lastRemoteActionResult']>;

/**
 * Deprovisioning: `inGracePeriod -> deprovisioning`, delete the machine, its restore
 * points and its device name, then `deprovisioning -> notProvisioned`, which removes
 * the document (the Cloud PC leaves the list, as in Windows 365). Each step is
 * idempotent, so a re-run after a crash finishes the job: a missing document means
 * it is already done.
 */
export async function runDeprovisioning(
  context: ProvisioningContext,
  execution: JobExecution,
  options: { actionResult?: (state: ActionResult['actionState']) => ActionResult } = {},
): Promise<JobResult> {
  const { job } = execution;
  const ready = await updateFencedCloudPc(context, job, () => undefined);
  if (ready.kind === 'missing') return { outcome: 'succeeded' };
  if (ready.kind === 'notFenced') {
    return ready.completedByThisJob
      ? { outcome: 'succeeded' }
      : { outcome: 'cancelled', reason: 'Another job owns the Cloud PC.' };
  }
  if (ready.kind !== 'unchanged') throw new Error('unexpected fenced result');
  let cloudPc = ready.cloudPc.value;
  if (cloudPc.status === 'inGracePeriod') {
    const started = await transitionCloudPc(
      context,
      job,
      { type: 'deprovisioningStarted' },
      options.actionResult
        ? { also: () => ({ lastRemoteActionResult: options.actionResult?.('active') }) }
        : {},
    );
    if (started.kind !== 'applied') return { outcome: 'cancelled', reason: 'The Cloud PC changed hands.' };
    cloudPc = started.after.value;
  } else if (cloudPc.status !== 'deprovisioning') {
    throw illegalTransition(cloudPc.status, 'deprovisioningStarted');
  }

  await context.compute.delete(machineSpecOf(cloudPc), {
    signal: execution.signal,
    onStep: (step) => execution.step(step),
  });
  for (const snapshot of await listSnapshotsOfCloudPc(context.store, job.tenantId, cloudPc.id)) {
    await removeSnapshot(context.store, snapshot);
  }
  await releaseDeviceName(context.store, {
    tenantId: job.tenantId,
    name: cloudPc.managedDeviceName,
    cloudPcId: cloudPc.id,
  });
  const removed = await removeFencedCloudPc(context.store, job);
  if (removed.kind === 'removed') {
    await auditCloudPcChange(context, job, {
      activity: 'Deprovisioned cloudPC',
      operation: 'delete',
      before: removed.before,
      after: applyCloudPcEvent(removed.before, { type: 'deprovisioned' }, context.now()),
    });
  }
  return { outcome: 'succeeded' };
}

export async function failDeprovisioning(
  context: ProvisioningContext,
  job: JobDocument,
  failure: JobFailure,
  actionResult?: ActionResult,
): Promise<GiveUpOutcome> {
  const result = await settleFailed(
    context,
    job,
    'deprovisioning',
    { type: 'deprovisioningFailed', detail: failureDetail(failure) },
    actionResult ? () => ({ lastRemoteActionResult: actionResult }) : undefined,
  );
  return result.kind === 'missing' ? 'alreadyCompleted' : 'applied';
}

export function deprovisionHandler(context: ProvisioningContext): JobHandler {
  return {
    run: (execution) => runDeprovisioning(context, execution),
    giveUp: (_engine, job, failure) => failDeprovisioning(context, job, failure),
  };
}

/** Grace period start and cancel are single fenced transitions; if the table no longer allows them they simply let go. */
export function gracePeriodHandler(context: ProvisioningContext, kind: 'start' | 'cancel'): JobHandler {
  return {
    async run({ job }) {
      const ready = await updateFencedCloudPc(context, job, () => undefined);
      if (ready.kind === 'missing') return { outcome: 'cancelled', reason: 'The Cloud PC no longer exists.' };
      if (ready.kind === 'notFenced') {
        return ready.completedByThisJob
          ? { outcome: 'succeeded' }
          : { outcome: 'cancelled', reason: 'Another job owns the Cloud PC.' };
      }
      const event: CloudPcEvent =
        kind === 'start'
          ? {
              type: 'gracePeriodStarted',
              endsAt: new Date(context.now().getTime() + context.gracePeriodHours * 3_600_000).toISOString(),
            }
          : { type: 'gracePeriodCancelled' };
      const status = ready.kind === 'unchanged' ? ready.cloudPc.value.status : 'notProvisioned';
      const result = canApply(status, event.type)
        ? await transitionCloudPc(context, job, event, { release: true })
        : await updateFencedCloudPc(context, job, () => ({}), { release: true });
      if (result.kind === 'notFenced' && !result.completedByThisJob) {
        return { outcome: 'cancelled', reason: 'Another job owns the Cloud PC.' };
      }
      return { outcome: 'succeeded' };
    },
    async giveUp(_engine, job) {
      const result = await updateFencedCloudPc(context, job, () => ({}), { release: true });
      return result.kind === 'notFenced' && result.completedByThisJob ? 'alreadyCompleted' : 'applied';
    },
  };
}
