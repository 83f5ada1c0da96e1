import type { CloudPc, RemoteActionName } from '@cloudpc/api-client';
import { SERVICE_PLANS } from '../catalogs/catalogs.ts';
import {
  type CloudPcEvent,
  canApply,
  illegalTransition,
  type StatusDetail,
} from '../cloud-pcs/cloud-pc-lifecycle.ts';
import {
  auditCloudPcChange,
  type FencedResult,
  transitionCloudPc,
  updateFencedCloudPc,
} from '../cloud-pcs/cloud-pc-state.ts';
import type { EngineCloudPcDocument } from '../cloud-pcs/cloud-pc-state-repository.ts';
import {
  listSnapshotsOfCloudPc,
  readSnapshot,
  removeSnapshot,
  replaceSnapshot,
} from '../cloud-pcs/snapshot-repository.ts';
import { ComputeError } from '../compute/compute-errors.ts';
import type { GiveUpOutcome, JobExecution, JobFailure, JobHandler, JobResult } from '../jobs/job-engine.ts';
import type { JobDocument, JobPayload } from '../jobs/job-types.ts';
import { failDeprovisioning, runDeprovisioning } from './deprovision-handler.ts';
import {
  failureDetail,
  machineSpecOf,
  persistProvisioningProgress,
  settleFailed,
} from './provision-handler.ts';
import type { ProvisioningContext } from './provisioning-context.ts';

type ActionResult = NonNullable<CloudPc['lastRemoteActionResult']>;
type RemoteActionPayload = Extract<JobPayload, { kind: 'remoteAction' }>;

const ACTION_LABELS: Record<RemoteActionName, string> = {
  reboot: 'Reboot',
  rename: 'Rename',
  reprovision: 'Reprovision',
  resize: 'Resize',
  restore: 'Restore',
  troubleshoot: 'Troubleshoot',
  endGracePeriod: 'End grace period',
  powerOn: 'Power on',
  powerOff: 'Power off',
};

export function actionAuditActivity(
  action: RemoteActionName,
  phase: 'requested' | 'done' | 'failed',
): string {
  const label = ACTION_LABELS[action];
  return phase === 'requested' ? `${label} cloudPC` : `${label} cloudPC ${phase}`;
}

function payloadOf(job: JobDocument): RemoteActionPayload {
  if (job.payload.kind !== 'remoteAction') throw new Error(`job ${job.id} is not a remote action`);
  return job.payload;
}

function actionResult(
  job: JobDocument,
  state: ActionResult['actionState'],
  now: Date,
  statusDetail: StatusDetail | null = null,
): ActionResult {
  return {
    actionName: payloadOf(job).action,
    actionState: state,
    startDateTime: job.createdDateTime,
    lastUpdatedDateTime: now.toISOString(),
    statusDetail,
  };
}

/** Moves into the action's working status (or just marks it active) unless a previous attempt already did. */
async function begin(
  context: ProvisioningContext,
  job: JobDocument,
  cloudPc: EngineCloudPcDocument,
  working: { status: EngineCloudPcDocument['status']; event: CloudPcEvent } | undefined,
): Promise<EngineCloudPcDocument | undefined> {
  const active = () => ({ lastRemoteActionResult: actionResult(job, 'active', context.now()) });
  if (!working || cloudPc.status === working.status) {
    const result = await updateFencedCloudPc(context, job, active);
    return result.kind === 'applied' ? result.after.value : undefined;
  }
  if (!canApply(cloudPc.status, working.event.type))
    throw illegalTransition(cloudPc.status, working.event.type);
  const result = await transitionCloudPc(context, job, working.event, { also: active });
  return result.kind === 'applied' ? result.after.value : undefined;
}

/** Ends the action: optional status change, result `done`, fence released, audited. */
async function finish(
  context: ProvisioningContext,
  job: JobDocument,
  event: CloudPcEvent | undefined,
  fields: Partial<EngineCloudPcDocument> = {},
  statusDetail: StatusDetail | null = null,
): Promise<JobResult> {
  const done = () => ({
    ...fields,
    lastRemoteActionResult: actionResult(job, 'done', context.now(), statusDetail),
  });
  let result: FencedResult;
  if (event) {
    result = await transitionCloudPc(context, job, event, { also: done, release: true });
  } else {
    result = await updateFencedCloudPc(context, job, done, { release: true });
    if (result.kind === 'applied') {
      await auditCloudPcChange(context, job, {
        activity: actionAuditActivity(payloadOf(job).action, 'done'),
        operation: 'patch',
        before: result.before,
        after: result.after.value,
      });
    }
  }
  if (result.kind === 'notFenced' && !result.completedByThisJob) {
    return { outcome: 'cancelled', reason: 'Another job took the Cloud PC.' };
  }
  return { outcome: 'succeeded' };
}

async function runRemoteAction(context: ProvisioningContext, execution: JobExecution): Promise<JobResult> {
  const { job, signal } = execution;
  const payload = payloadOf(job);
  const ready = await updateFencedCloudPc(context, job, () => undefined);
  if (ready.kind === 'missing') {
    return payload.action === 'endGracePeriod'
      ? { outcome: 'succeeded' }
      : { outcome: 'cancelled', reason: 'The Cloud PC no longer exists.' };
  }
  if (ready.kind === 'notFenced') {
    return ready.completedByThisJob
      ? { outcome: 'succeeded' }
      : { outcome: 'cancelled', reason: 'Another job owns the Cloud PC.' };
  }
  if (ready.kind !== 'unchanged') throw new Error('unexpected fenced result');
  const cloudPc = ready.cloudPc.value;
  const machine = machineSpecOf(cloudPc);
  const options = { signal, onStep: (step: Parameters<JobExecution['step']>[0]) => execution.step(step) };

  switch (payload.action) {
    case 'endGracePeriod':
      return runDeprovisioning(context, execution, {
        actionResult: (state) => actionResult(job, state, context.now()),
      });
    case 'reprovision': {
      const started = await begin(context, job, cloudPc, {
        status: 'provisioning',
        event: { type: 'reprovisionStarted', detail: { code: 'provisioning', message: 'Reprovisioning.' } },
      });
      if (!started) return { outcome: 'cancelled', reason: 'The Cloud PC changed hands.' };
      await context.compute.delete(machine, options);
      for (const snapshot of await listSnapshotsOfCloudPc(context.store, job.tenantId, cloudPc.id)) {
        await removeSnapshot(context.store, snapshot);
      }
      await context.compute.create(machineSpecOf(started), {
        signal,
        onStep: (step) => execution.step(step, persistProvisioningProgress(context, job)),
      });
      return finish(context, job, { type: 'provisioningSucceeded' }, { lastRestorePointDateTime: null });
    }
    case 'resize': {
      const plan = SERVICE_PLANS.find((candidate) => candidate.id === payload.targetServicePlanId);
      if (!plan) throw new ComputeError('resizeNotSupported', 'The target size is not in the catalogue.');
      const started = await begin(context, job, cloudPc, {
        status: 'resizing',
        event: { type: 'resizeStarted' },
      });
      if (!started) return { outcome: 'cancelled', reason: 'The Cloud PC changed hands.' };
      await context.compute.resize(machine, plan.id, options);
      return finish(context, job, {
        type: 'resizeFinished',
        servicePlan: { id: plan.id, name: plan.displayName },
      });
    }
    case 'restore': {
      const snapshot = payload.cloudPcSnapshotId
        ? await readSnapshot(context.store, job.tenantId, payload.cloudPcSnapshotId)
        : undefined;
      if (!snapshot || snapshot.value.cloudPcId !== cloudPc.id)
        throw new ComputeError('restorePointNotFound');
      const started = await begin(context, job, cloudPc, {
        status: 'restoring',
        event: { type: 'restoreStarted' },
      });
      if (!started) return { outcome: 'cancelled', reason: 'The Cloud PC changed hands.' };
      await context.compute.restore(machine, snapshot.value.providerSnapshotId, options);
      await replaceSnapshot(
        context.store,
        { ...snapshot.value, lastRestoredDateTime: context.now().toISOString() },
        snapshot.etag,
      ).catch(() => undefined);
      return finish(context, job, { type: 'restoreFinished' });
    }
    case 'reboot':
    case 'powerOn':
    case 'powerOff':
    case 'rename':
    case 'troubleshoot': {
      if (!(await begin(context, job, cloudPc, undefined))) {
        return { outcome: 'cancelled', reason: 'The Cloud PC changed hands.' };
      }
      if (payload.action === 'reboot') {
        await context.compute.restart(machine, options);
        return finish(context, job, undefined, { powerState: 'running' });
      }
      if (payload.action === 'powerOn' || payload.action === 'powerOff') {
        const on = payload.action === 'powerOn';
        await context.compute.power(machine, on ? 'on' : 'off', options);
        return finish(context, job, undefined, { powerState: on ? 'running' : 'poweredOff' });
      }
      if (payload.action === 'rename') {
        return finish(context, job, undefined, { displayName: payload.displayName ?? cloudPc.displayName });
      }
      const report = await context.compute.health(machine, options);
      const failing = report.checks.filter((check) => check.status !== 'healthy');
      return finish(
        context,
        job,
        undefined,
        {},
        {
          code: report.status,
          message:
            failing.length === 0
              ? `All ${report.checks.length} health checks passed.`
              : failing.map((check) => `${check.name}: ${check.message}`).join(' '),
        },
      );
    }
    default: {
      const unhandled: never = payload.action;
      throw new Error(`Unhandled remote action ${String(unhandled)}`);
    }
  }
}

async function failRemoteAction(
  context: ProvisioningContext,
  job: JobDocument,
  failure: JobFailure,
): Promise<GiveUpOutcome> {
  const payload = payloadOf(job);
  const failed = actionResult(job, 'failed', context.now(), failureDetail(failure));
  const also = () => ({ lastRemoteActionResult: failed });
  let result: FencedResult;
  switch (payload.action) {
    case 'endGracePeriod':
      return failDeprovisioning(context, job, failure, failed);
    case 'reprovision':
      result = await settleFailed(
        context,
        job,
        'provisioning',
        { type: 'provisioningFailed', detail: failureDetail(failure) },
        also,
      );
      break;
    case 'resize':
      result = await settleFailed(context, job, 'resizing', { type: 'resizeFinished' }, also);
      break;
    case 'restore':
      result = await settleFailed(context, job, 'restoring', { type: 'restoreFinished' }, also);
      break;
    case 'reboot':
    case 'powerOn':
    case 'powerOff':
    case 'rename':
    case 'troubleshoot':
      result = await updateFencedCloudPc(context, job, also, { release: true });
      if (result.kind === 'applied') {
        await auditCloudPcChange(context, job, {
          activity: actionAuditActivity(payload.action, 'failed'),
          operation: 'patch',
          before: result.before,
          after: result.after.value,
          result: 'failure',
        });
      }
      break;
    default: {
      const unhandled: never = payload.action;
      throw new Error(`Unhandled remote action ${String(unhandled)}`);
    }
  }
  return result.kind === 'notFenced' && result.completedByThisJob ? 'alreadyCompleted' : 'applied';
}

export function remoteActionHandler(context: ProvisioningContext): JobHandler {
  return {
    run: (execution) => runRemoteAction(context, execution),
    giveUp: (_engine, job, failure) => failRemoteAction(context, job, failure),
    async retrying(_engine, job, failure) {
      await updateFencedCloudPc(context, job, () => ({
        lastRemoteActionResult: actionResult(job, 'active', context.now(), {
          code: failure.code,
          message: `Attempt ${job.attempts} of ${job.maxAttempts} failed: ${failure.message} Retrying.`,
        }),
      }));
    },
  };
}
