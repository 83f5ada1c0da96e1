import { findGalleryImage } from '../catalogs/catalogs.ts';
import type { CloudPcEvent, StatusDetail } from '../cloud-pcs/cloud-pc-lifecycle.ts';
import { type FencedResult, transitionCloudPc, updateFencedCloudPc } from '../cloud-pcs/cloud-pc-state.ts';
import type { EngineCloudPcDocument } from '../cloud-pcs/cloud-pc-state-repository.ts';
import type { MachineSpec, StepProgress } from '../compute/compute-provider.ts';
import {
  type GiveUpOutcome,
  JobDeferred,
  type JobExecution,
  type JobFailure,
  type JobHandler,
  type JobResult,
} from '../jobs/job-engine.ts';
import type { JobDocument } from '../jobs/job-types.ts';
import type { ProvisioningContext } from './provisioning-context.ts';

/** How often a provision job looks again for a Cloud PC its request has not written yet. */
const CLOUD_PC_PENDING_RETRY_MS = 2_000;

/** How a running step shows on the Cloud PC while it provisions. */
export function progressDetail(step: StepProgress): StatusDetail {
  return { code: 'provisioning', message: `Step ${step.index + 1} of ${step.count}: ${step.name}` };
}

export function failureDetail(failure: JobFailure): StatusDetail {
  return { code: failure.code, message: failure.message, recommendedAction: failure.recommendedAction };
}

export function machineSpecOf(cloudPc: EngineCloudPcDocument): MachineSpec {
  return {
    machineId: cloudPc.id,
    tenantId: cloudPc.tenantId,
    regionName: cloudPc.regionName,
    userPrincipalName: cloudPc.userPrincipalName,
    imageId: cloudPc.imageId ?? '',
    deviceName: cloudPc.managedDeviceName,
    servicePlanId: cloudPc.servicePlanId,
  };
}

/** Images past their prime still provision, with a warning, as in Windows 365. */
function imageWarning(imageId: string | undefined): StatusDetail | undefined {
  const image = imageId ? findGalleryImage(imageId) : undefined;
  if (image?.status !== 'supportedWithWarning') return undefined;
  return {
    code: 'imageSupportedWithWarning',
    message: `${image.displayName} is close to the end of its support.`,
    recommendedAction: 'Move the provisioning policy to a newer image and reprovision.',
  };
}

/** Writes step progress onto the Cloud PC while it is still provisioning under this job. */
export function persistProvisioningProgress(context: ProvisioningContext, job: JobDocument) {
  return async (step: StepProgress) => {
    await updateFencedCloudPc(context, job, (cloudPc) =>
      cloudPc.status === 'provisioning' ? { statusDetail: progressDetail(step) } : undefined,
    );
  };
}

/**
 * Creates the machine and marks the Cloud PC provisioned. Safe to run again: the
 * fence says whether this job still owns the Cloud PC (or already finished it), and
 * `create` is idempotent by machine id.
 */
export async function runProvisioning(
  context: ProvisioningContext,
  execution: JobExecution,
): Promise<JobResult> {
  const { job } = execution;
  const ready = await updateFencedCloudPc(context, job, () => undefined);
  if (ready.kind === 'missing') {
    // The request writes this job before its Cloud PC. If it died in between (its
    // worker was killed mid-round), the reconciler runs the job before the redone
    // round writes the Cloud PC for this same job: wait for it, within the round's budget.
    const ageMs = context.now().getTime() - new Date(job.createdDateTime).getTime();
    if (ageMs < context.settings.timeBudgetsMs.syncDirectory) {
      throw new JobDeferred('the Cloud PC is not written yet', CLOUD_PC_PENDING_RETRY_MS);
    }
    return { outcome: 'cancelled', reason: 'The Cloud PC no longer exists.' };
  }
  if (ready.kind === 'notFenced') {
    return ready.completedByThisJob
      ? { outcome: 'succeeded' }
      : { outcome: 'cancelled', reason: 'Another job owns the Cloud PC.' };
  }
  if (ready.kind !== 'unchanged') throw new Error('unexpected fenced result');
  const cloudPc = ready.cloudPc.value;
  await context.compute.create(machineSpecOf(cloudPc), {
    signal: execution.signal,
    onStep: (step) => execution.step(step, persistProvisioningProgress(context, job)),
  });
  const warning = imageWarning(cloudPc.imageId);
  const done = await transitionCloudPc(
    context,
    job,
    { type: 'provisioningSucceeded', ...(warning ? { warning } : {}) },
    { release: true, known: ready.cloudPc },
  );
  if (done.kind === 'notFenced' && !done.completedByThisJob) {
    return { outcome: 'cancelled', reason: 'Another job took the Cloud PC while this one ran.' };
  }
  return { outcome: 'succeeded' };
}

/**
 * Records a final failure: applies `event` if the Cloud PC is still `inStatus`,
 * otherwise (it moved on in a way the table would refuse) just gives the fence back.
 */
export async function settleFailed(
  context: ProvisioningContext,
  job: JobDocument,
  inStatus: EngineCloudPcDocument['status'],
  event: CloudPcEvent,
  also?: (cloudPc: EngineCloudPcDocument) => Partial<EngineCloudPcDocument>,
): Promise<FencedResult> {
  const current = await updateFencedCloudPc(context, job, () => undefined);
  if (current.kind !== 'unchanged') return current;
  if (current.cloudPc.value.status !== inStatus) {
    return updateFencedCloudPc(context, job, (cloudPc) => also?.(cloudPc) ?? {}, { release: true });
  }
  return transitionCloudPc(context, job, event, {
    release: true,
    auditResult: 'failure',
    ...(also ? { also } : {}),
  });
}

/** Final failure: the Cloud PC goes `failed` with the code and what to do about it. */
export async function failProvisioning(
  context: ProvisioningContext,
  job: JobDocument,
  failure: JobFailure,
): Promise<GiveUpOutcome> {
  const result = await settleFailed(context, job, 'provisioning', {
    type: 'provisioningFailed',
    detail: failureDetail(failure),
  });
  return result.kind === 'notFenced' && result.completedByThisJob ? 'alreadyCompleted' : 'applied';
}

export function provisionHandler(context: ProvisioningContext): JobHandler {
  return {
    run: (execution) => runProvisioning(context, execution),
    giveUp: (_engine, job, failure) => failProvisioning(context, job, failure),
    async retrying(_engine, job, failure, nextAttemptAt) {
      await updateFencedCloudPc(context, job, (cloudPc) =>
        cloudPc.status === 'provisioning'
          ? {
              statusDetail: {
                code: failure.code,
                message: `Attempt ${job.attempts} of ${job.maxAttempts} failed: ${failure.message} Retrying at ${nextAttemptAt.toISOString()}.`,
                recommendedAction: 'No action needed yet; provisioning is retried automatically.',
              },
            }
          : undefined,
      );
    },
  };
}
