import type { Actor } from '../audit/actor.ts';
import { jobIdFor } from './job-ids.ts';
import type { JobDocument, JobKind, JobPayload } from './job-types.ts';

/** Attempts in total per kind: provisioning is tried 3 times, as Windows 365 does. */
export const MAX_ATTEMPTS: Record<JobKind, number> = {
  syncDirectory: 10,
  provision: 3,
  deprovision: 5,
  startGracePeriod: 5,
  cancelGracePeriod: 5,
  remoteAction: 3,
};

export interface NewJob {
  tenantId: string;
  cloudPcId: string | null;
  /** Target + operation (+ what asked for it): the same key always names the same job. */
  idempotencyKey: string;
  payload: JobPayload;
  requestedBy: Actor;
  correlationId: string;
  region: string;
}

/** A pending job document, ready to insert before its message is sent. */
export function buildJob(input: NewJob, now: Date): JobDocument {
  const at = now.toISOString();
  const kind: JobKind = input.payload.kind;
  return {
    id: jobIdFor(input.tenantId, input.idempotencyKey),
    tenantId: input.tenantId,
    docType: 'job',
    kind,
    cloudPcId: input.cloudPcId,
    idempotencyKey: input.idempotencyKey,
    status: 'pending',
    attempts: 0,
    maxAttempts: MAX_ATTEMPTS[kind],
    steps: [],
    progressPercent: 0,
    leaseOwner: null,
    leaseExpiresAt: null,
    heartbeatAt: null,
    errorCode: null,
    errorMessage: null,
    notBefore: null,
    enqueuedAt: at,
    createdDateTime: at,
    startedDateTime: null,
    finishedDateTime: null,
    lastModifiedDateTime: at,
    region: input.region,
    requestedBy: input.requestedBy,
    correlationId: input.correlationId,
    payload: input.payload,
  };
}
