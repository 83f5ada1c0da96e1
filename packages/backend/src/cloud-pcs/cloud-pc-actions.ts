import type { CloudPcSnapshot, RemoteActionName } from '@cloudpc/api-client';
import type { RequestContext } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { SERVICE_PLANS } from '../catalogs/catalogs.ts';
import { AppError } from '../errors/app-error.ts';
import type { Doorbell } from '../jobs/doorbell.ts';
import { actionAuditActivity } from '../provisioning/remote-action-handler.ts';
import { resolveRestoreSettings } from '../provisioning/restore-points.ts';
import { startCloudPcJob } from '../provisioning/start-cloud-pc-job.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { REMOTE_ACTION_ALLOWED_FROM } from './cloud-pc-lifecycle.ts';
import { readEngineCloudPc } from './cloud-pc-state-repository.ts';
import { listSnapshotsOfCloudPc, readSnapshot } from './snapshot-repository.ts';

/**
 * Remote actions as callers ask for them: checks, then a job. The Cloud PC takes one
 * job at a time, so an action while another runs is 409; an action its status does
 * not allow (restore while provisioning, endGracePeriod outside a grace period) is
 * 409 too. The job, not the request, does the work; `lastRemoteActionResult` shows
 * it as pending at once.
 */
export type RemoteActionRequest =
  | { action: 'reboot' | 'reprovision' | 'troubleshoot' | 'endGracePeriod' | 'powerOn' | 'powerOff' }
  | { action: 'rename'; displayName: string }
  | { action: 'resize'; targetServicePlanId: string }
  | { action: 'restore'; cloudPcSnapshotId: string };

async function loadOwned(store: CosmosStore, tenantId: string, id: string, ownerId?: string) {
  const cloudPc = await readEngineCloudPc(store, tenantId, id);
  // Someone else's Cloud PC answers exactly like a missing one.
  if (!cloudPc || (ownerId !== undefined && cloudPc.value.userId !== ownerId)) {
    throw new AppError('NotFound', `Cloud PC ${id} was not found.`);
  }
  return cloudPc;
}

export async function requestRemoteAction(options: {
  store: CosmosStore;
  doorbell: Doorbell;
  context: RequestContext;
  cloudPcId: string;
  /** Set for end users: the Cloud PC must be theirs, and restore must be allowed by their user setting. */
  ownerId?: string;
  request: RemoteActionRequest;
}): Promise<void> {
  const { store, context, request } = options;
  const cloudPc = await loadOwned(store, context.tenantId, options.cloudPcId, options.ownerId);

  if (request.action === 'resize') {
    const plan = SERVICE_PLANS.find((candidate) => candidate.id === request.targetServicePlanId);
    if (!plan) {
      throw new AppError('BadRequest', `Service plan ${request.targetServicePlanId} does not exist.`, {
        details: [{ target: 'targetServicePlanId', message: 'Choose a size from servicePlans.' }],
      });
    }
    if (plan.id === cloudPc.value.servicePlanId) {
      throw new AppError('BadRequest', `The Cloud PC already has the size ${plan.displayName}.`, {
        details: [{ target: 'targetServicePlanId', message: 'Choose a different size.' }],
      });
    }
  }
  if (request.action === 'restore') {
    const snapshot = await readSnapshot(store, context.tenantId, request.cloudPcSnapshotId);
    if (!snapshot || snapshot.value.cloudPcId !== cloudPc.value.id) {
      throw new AppError(
        'BadRequest',
        `Restore point ${request.cloudPcSnapshotId} does not belong to this Cloud PC.`,
        {
          details: [{ target: 'cloudPcSnapshotId', message: 'Pick a restore point from retrieveSnapshots.' }],
        },
      );
    }
    if (options.ownerId !== undefined) {
      const settings = await resolveRestoreSettings(store, context.tenantId, [options.ownerId]);
      if (!settings.get(options.ownerId)?.userRestoreEnabled) {
        throw new AppError('Forbidden', 'Your organization does not allow you to restore your Cloud PC.');
      }
    }
  }

  const action: RemoteActionName = request.action;
  const started = await startCloudPcJob(
    { store, doorbell: options.doorbell, now: context.now, region: context.region },
    {
      cloudPc,
      allowedFrom: REMOTE_ACTION_ALLOWED_FROM[action],
      job: {
        idempotencyKey: `${cloudPc.value.id}:${action}:${cloudPc.etag}`,
        payload: {
          kind: 'remoteAction',
          action,
          ...(request.action === 'rename' ? { displayName: request.displayName } : {}),
          ...(request.action === 'resize' ? { targetServicePlanId: request.targetServicePlanId } : {}),
          ...(request.action === 'restore' ? { cloudPcSnapshotId: request.cloudPcSnapshotId } : {}),
        },
        requestedBy: context.actor,
        correlationId: context.requestId,
      },
      withFence: (_cloudPc, job) => ({
        lastRemoteActionResult: {
          actionName: action,
          actionState: 'pending',
          startDateTime: job.createdDateTime,
          lastUpdatedDateTime: job.createdDateTime,
          statusDetail: null,
        },
      }),
      beforeRing: (job, fenced) =>
        recordAuditEvent(store, {
          context,
          activity: actionAuditActivity(action, 'requested'),
          operation: 'other',
          resource: { id: cloudPc.value.id, displayName: cloudPc.value.displayName, type: 'cloudPC' },
          before: { lastRemoteActionResult: cloudPc.value.lastRemoteActionResult },
          after: { lastRemoteActionResult: fenced.value.lastRemoteActionResult },
          jobId: job.id,
        }),
    },
  );
  if (started.kind === 'busy') {
    throw new AppError(
      'Conflict',
      `Cloud PC ${cloudPc.value.displayName} is busy with another action; try again when it has finished.`,
    );
  }
  if (started.kind === 'notAllowed') {
    throw new AppError('Conflict', `A Cloud PC that is ${started.status} cannot ${action}.`);
  }
}

/** A Cloud PC's restore points, newest first (Graph's retrieveSnapshots). */
export async function retrieveSnapshots(options: {
  store: CosmosStore;
  tenantId: string;
  cloudPcId: string;
  ownerId?: string;
}): Promise<{ items: CloudPcSnapshot[] }> {
  await loadOwned(options.store, options.tenantId, options.cloudPcId, options.ownerId);
  const snapshots = await listSnapshotsOfCloudPc(options.store, options.tenantId, options.cloudPcId);
  return {
    items: snapshots.map(({ value }) => ({
      '@odata.type': '#microsoft.graph.cloudPcSnapshot',
      id: value.id,
      cloudPcId: value.cloudPcId,
      status: value.status,
      snapshotType: value.snapshotType,
      healthCheckStatus: value.healthCheckStatus,
      createdDateTime: value.createdDateTime,
      lastRestoredDateTime: value.lastRestoredDateTime,
      expirationDateTime: value.expirationDateTime,
    })),
  };
}
