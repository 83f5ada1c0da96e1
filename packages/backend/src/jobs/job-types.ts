import type { RemoteActionName } from '@cloudpc/api-client';
import type { Actor } from '../audit/actor.ts';
import type { StoredDocument } from '../storage/documents.ts';

/**
 * A job is the durable record of one piece of asynchronous work. Cosmos holds it;
 * a queue message only says "job X of tenant T may be ready". Everything a worker
 * needs to run, retry, fence or give up on the work is here.
 */
export const JOB_KINDS = [
  'syncDirectory',
  'provision',
  'deprovision',
  'startGracePeriod',
  'cancelGracePeriod',
  'remoteAction',
] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const ACTIVE_JOB_STATUSES = ['pending', 'running'] as const satisfies readonly JobStatus[];

export interface JobStep {
  name: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  startedDateTime: string | null;
  finishedDateTime: string | null;
}

export type JobPayload =
  | { kind: 'syncDirectory'; reason: string }
  | { kind: 'provision'; userId: string; userPrincipalName: string; policyId: string }
  | { kind: 'deprovision'; reason: 'gracePeriodEnded' | 'endGracePeriod' }
  | { kind: 'startGracePeriod'; reason: string }
  | { kind: 'cancelGracePeriod'; reason: string }
  | {
      kind: 'remoteAction';
      action: RemoteActionName;
      displayName?: string;
      targetServicePlanId?: string;
      cloudPcSnapshotId?: string;
    };

export interface JobDocument extends StoredDocument {
  docType: 'job';
  kind: JobKind;
  /** The Cloud PC this job may change (it holds the Cloud PC's `activeJobId` fence), or null. */
  cloudPcId: string | null;
  /** Target + operation (+ what asked for it); the job id is derived from it. */
  idempotencyKey: string;
  status: JobStatus;
  /** Attempts started so far (a claim starts one). */
  attempts: number;
  maxAttempts: number;
  steps: JobStep[];
  progressPercent: number;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  heartbeatAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** Backoff: the job must not start again before this time. */
  notBefore: string | null;
  /** When a message for this job was last sent; the reconciler re-sends when this is old. */
  enqueuedAt: string;
  createdDateTime: string;
  startedDateTime: string | null;
  finishedDateTime: string | null;
  lastModifiedDateTime: string;
  /** Region that created the job (any region's worker may run it). */
  region: string;
  /** Who asked, for the audit events the job writes. */
  requestedBy: Actor;
  correlationId: string;
  payload: JobPayload;
}

/** What a queue message carries: a pointer, never the work itself. */
export interface JobMessage {
  v: 1;
  jobId: string;
  tenantId: string;
  /** W3C trace context of the request that rang, so the worker's span continues its trace. */
  traceparent?: string;
  tracestate?: string;
}

export function isJobMessage(value: unknown): value is JobMessage {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return candidate.v === 1 && typeof candidate.jobId === 'string' && typeof candidate.tenantId === 'string';
}

export function isTerminal(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}
