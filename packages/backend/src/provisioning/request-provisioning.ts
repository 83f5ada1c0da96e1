import type { Actor } from '../audit/actor.ts';
import { DEFAULT_SERVICE_PLAN_ID, SERVICE_PLANS } from '../catalogs/catalogs.ts';
import { applyCloudPcEvent } from '../cloud-pcs/cloud-pc-lifecycle.ts';
import { auditCloudPcChange } from '../cloud-pcs/cloud-pc-state.ts';
import {
  type EngineCloudPcDocument,
  insertEngineCloudPc,
  readEngineCloudPc,
} from '../cloud-pcs/cloud-pc-state-repository.ts';
import { releaseDeviceName } from '../cloud-pcs/device-name-repository.ts';
import { cloudPcIdFor, jobIdFor } from '../jobs/job-ids.ts';
import { insertJob } from '../jobs/job-repository.ts';
import { isTerminal } from '../jobs/job-types.ts';
import { buildJob } from '../jobs/new-job.ts';
import type { ProvisioningPolicyDocument } from '../policies/provisioning-policies.ts';
import type { Versioned } from '../storage/documents.ts';
import { allocateDeviceName } from './device-naming.ts';
import { cancelUnfencedJob, type RequestDeps } from './start-cloud-pc-job.ts';

export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
}

export type ProvisioningRequestResult =
  | { kind: 'requested'; cloudPcId: string; jobId: string }
  /** The user already has a Cloud PC (from this or an earlier assigned policy). */
  | { kind: 'exists'; cloudPc: Versioned<EngineCloudPcDocument> }
  | { kind: 'skipped'; jobId: string };

export const PROVISIONING_QUEUED = {
  code: 'provisioning',
  message: 'Waiting for a worker to start provisioning.',
};

function regionOf(policy: ProvisioningPolicyDocument): string {
  return policy.domainJoinConfigurations[0]?.regionName ?? 'eastus';
}

/**
 * Asks for a Cloud PC for one user under one policy, if the user has none. Re-entrant:
 * every step tolerates having been done before (same job id from the same trigger,
 * same device name from a seeded draw, Cosmos 409 on the second create), so the
 * caller can simply run it again after a crash. Exactly one Cloud PC per user comes
 * out however many callers race: its id is derived from the user.
 */
export async function requestProvisioning(
  deps: RequestDeps,
  input: {
    tenantId: string;
    user: DirectoryUser;
    policy: ProvisioningPolicyDocument;
    /** What asked (a sync round, an assignment); part of the idempotency key. */
    trigger: string;
    requestedBy: Actor;
    correlationId: string;
  },
): Promise<ProvisioningRequestResult> {
  const { store } = deps;
  const { tenantId, user, policy } = input;
  const cloudPcId = cloudPcIdFor(tenantId, user.id);
  const idempotencyKey = `${cloudPcId}:provision:${input.trigger}`;
  const existing = await readEngineCloudPc(store, tenantId, cloudPcId);
  if (existing) {
    // Our own earlier run got this far: make sure a worker hears about it.
    if (existing.value.activeJobId === jobIdFor(tenantId, idempotencyKey)) {
      await deps.doorbell.ring({ jobId: existing.value.activeJobId, tenantId });
      return { kind: 'requested', cloudPcId, jobId: existing.value.activeJobId };
    }
    return { kind: 'exists', cloudPc: existing };
  }

  const now = deps.now();
  const inserted = await insertJob(
    store,
    buildJob(
      {
        tenantId,
        cloudPcId,
        idempotencyKey,
        payload: {
          kind: 'provision',
          userId: user.id,
          userPrincipalName: user.userPrincipalName,
          policyId: policy.id,
        },
        requestedBy: input.requestedBy,
        correlationId: input.correlationId,
        region: deps.region,
      },
      now,
    ),
  );
  const job = inserted.job.value;
  if (!inserted.created && isTerminal(job.status)) {
    // This trigger's job already ended (its Cloud PC is gone since): a later trigger decides.
    return { kind: 'skipped', jobId: job.id };
  }

  const deviceName = await allocateDeviceName(store, {
    tenantId,
    cloudPcId,
    template: policy.cloudPcNamingTemplate,
    userPrincipalName: user.userPrincipalName,
    seed: job.id,
  });
  const plan = SERVICE_PLANS.find((candidate) => candidate.id === DEFAULT_SERVICE_PLAN_ID);
  const skeleton: EngineCloudPcDocument = {
    id: cloudPcId,
    tenantId,
    docType: 'cloudPc',
    userId: user.id,
    displayName: deviceName,
    managedDeviceName: deviceName,
    userPrincipalName: user.userPrincipalName,
    provisioningPolicyId: policy.id,
    provisioningPolicyName: policy.displayName,
    provisioningType: policy.provisioningType,
    imageDisplayName: policy.imageDisplayName,
    imageId: policy.imageId,
    servicePlanId: plan?.id ?? DEFAULT_SERVICE_PLAN_ID,
    servicePlanName: plan?.displayName ?? 'Cloud PC Enterprise',
    status: 'notProvisioned',
    statusDetail: null,
    gracePeriodEndDateTime: null,
    powerState: 'unknown',
    regionName: regionOf(policy),
    lastModifiedDateTime: now.toISOString(),
    createdDateTime: now.toISOString(),
    lastRemoteActionResult: null,
    activeJobId: job.id,
    lastJobId: null,
    statusBeforeGracePeriod: null,
    lastRestorePointDateTime: null,
  };
  const document = applyCloudPcEvent(
    skeleton,
    { type: 'provisioningRequested', detail: PROVISIONING_QUEUED },
    now,
  );
  const created = await insertEngineCloudPc(store, document);
  if (!created.created) {
    if (created.cloudPc?.value.activeJobId === job.id) {
      // Our own earlier attempt created it; just make sure the worker hears about it.
      await deps.doorbell.ring({ jobId: job.id, tenantId });
      return { kind: 'requested', cloudPcId, jobId: job.id };
    }
    // Lost the race to another request: withdraw our job and our name.
    await cancelUnfencedJob(store, inserted.job, now);
    if (created.cloudPc?.value.managedDeviceName !== deviceName) {
      await releaseDeviceName(store, { tenantId, name: deviceName, cloudPcId });
    }
    if (created.cloudPc) return { kind: 'exists', cloudPc: created.cloudPc };
    return { kind: 'requested', cloudPcId, jobId: job.id };
  }
  await auditCloudPcChange({ store, region: deps.region, now: deps.now }, job, {
    activity: 'Provision cloudPC',
    operation: 'create',
    before: null,
    after: created.cloudPc?.value ?? document,
  });
  await deps.doorbell.ring({ jobId: job.id, tenantId });
  return { kind: 'requested', cloudPcId, jobId: job.id };
}
