import type { AuditEvent } from '@cloudpc/api-client';
import type { RequestContext } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { AppError } from '../errors/app-error.ts';
import type { JobDocument } from '../jobs/job-types.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import type { Versioned } from '../storage/documents.ts';
import { applyCloudPcEvent, auditActivityFor, type CloudPcEvent } from './cloud-pc-lifecycle.ts';
import {
  type EngineCloudPcDocument,
  readEngineCloudPc,
  removeEngineCloudPc,
  replaceEngineCloudPc,
} from './cloud-pc-state-repository.ts';

/**
 * Changes a job makes to its Cloud PC. A job may change a Cloud PC only while the
 * Cloud PC's `activeJobId` names it (the fence), and every change is an ETag-guarded
 * replace retried on a lost race after re-reading. Status changes go through the
 * lifecycle state machine and are audited with the job id.
 */
export type FencedResult =
  | { kind: 'applied'; before: EngineCloudPcDocument; after: Versioned<EngineCloudPcDocument> }
  | { kind: 'unchanged'; cloudPc: Versioned<EngineCloudPcDocument> }
  | { kind: 'missing' }
  /** Another job (or none) holds the fence; `completedByThisJob` when this job finished it earlier. */
  | { kind: 'notFenced'; cloudPc: Versioned<EngineCloudPcDocument>; completedByThisJob: boolean };

const MAX_RACES = 8;

/** The audit context of work a job does: who asked, in which request, from which region. */
export function jobAuditContext(job: JobDocument, region: string, now: () => Date): RequestContext {
  return {
    tenantId: job.tenantId,
    actor: job.requestedBy,
    requestId: job.correlationId,
    region,
    now,
  };
}

export async function mutateFencedCloudPc(
  store: CosmosStore,
  job: JobDocument,
  change: (cloudPc: EngineCloudPcDocument) => EngineCloudPcDocument | undefined,
  /** A version the caller already read: tried first, saving a read when nothing changed since. */
  known?: Versioned<EngineCloudPcDocument>,
): Promise<FencedResult> {
  if (!job.cloudPcId) throw new Error(`job ${job.id} has no Cloud PC`);
  let hint = known;
  for (let race = 0; race < MAX_RACES; race += 1) {
    const current = hint ?? (await readEngineCloudPc(store, job.tenantId, job.cloudPcId));
    hint = undefined;
    if (!current) return { kind: 'missing' };
    if ((current.value.activeJobId ?? null) !== job.id) {
      return {
        kind: 'notFenced',
        cloudPc: current,
        completedByThisJob: (current.value.lastJobId ?? null) === job.id,
      };
    }
    const next = change(current.value);
    if (!next) return { kind: 'unchanged', cloudPc: current };
    try {
      const after = await replaceEngineCloudPc(store, next, current.etag);
      return { kind: 'applied', before: current.value, after };
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'PreconditionFailed') throw error;
    }
  }
  throw new AppError('ServiceUnavailable', `Cloud PC ${job.cloudPcId} is changing too often; retry.`, {
    retryAfter: 1,
  });
}

export interface TransitionOptions {
  /** Extra fields to set with the status change (e.g. lastRemoteActionResult). */
  also?: (cloudPc: EngineCloudPcDocument) => Partial<EngineCloudPcDocument>;
  /** Releases the fence: the job is done with this Cloud PC. */
  release?: boolean;
  auditResult?: AuditEvent['activityResult'];
  /** The version the job last read, tried before reading again. */
  known?: Versioned<EngineCloudPcDocument>;
}

/** Applies a lifecycle event under the fence and audits it with the job id. */
export async function transitionCloudPc(
  context: { store: CosmosStore; region: string; now: () => Date },
  job: JobDocument,
  event: CloudPcEvent | ((cloudPc: EngineCloudPcDocument) => CloudPcEvent),
  options: TransitionOptions = {},
): Promise<FencedResult> {
  let applied: CloudPcEvent | undefined;
  const result = await mutateFencedCloudPc(
    context.store,
    job,
    (cloudPc) => {
      applied = typeof event === 'function' ? event(cloudPc) : event;
      const next: EngineCloudPcDocument = {
        ...applyCloudPcEvent(cloudPc, applied, context.now()),
        ...(options.also?.(cloudPc) ?? {}),
      };
      if (options.release) {
        next.activeJobId = null;
        next.lastJobId = job.id;
      }
      return next;
    },
    options.known,
  );
  if (result.kind === 'applied' && applied) {
    await auditCloudPcChange(context, job, {
      activity: auditActivityFor(applied.type),
      operation: 'patch',
      before: result.before,
      after: result.after.value,
      ...(options.auditResult ? { result: options.auditResult } : {}),
    });
  }
  return result;
}

/** Changes fields without a status change (progress, action results, names), still fenced. */
export async function updateFencedCloudPc(
  context: { store: CosmosStore; now: () => Date },
  job: JobDocument,
  change: (cloudPc: EngineCloudPcDocument) => Partial<EngineCloudPcDocument> | undefined,
  options: { release?: boolean } = {},
): Promise<FencedResult> {
  return mutateFencedCloudPc(context.store, job, (cloudPc) => {
    const fields = change(cloudPc);
    if (!fields && !options.release) return undefined;
    return {
      ...cloudPc,
      ...(fields ?? {}),
      ...(options.release ? { activeJobId: null, lastJobId: job.id } : {}),
      lastModifiedDateTime: context.now().toISOString(),
    };
  });
}

export async function auditCloudPcChange(
  context: { store: CosmosStore; region: string; now: () => Date },
  job: JobDocument,
  input: {
    activity: string;
    operation: AuditEvent['activityOperationType'];
    before: EngineCloudPcDocument | null;
    after: EngineCloudPcDocument | null;
    result?: AuditEvent['activityResult'];
  },
): Promise<void> {
  const subject = input.after ?? input.before;
  await recordAuditEvent(context.store, {
    context: jobAuditContext(job, context.region, context.now),
    activity: input.activity,
    operation: input.operation,
    resource: { id: job.cloudPcId ?? '', displayName: subject?.displayName ?? '', type: 'cloudPC' },
    before: auditView(input.before),
    after: auditView(input.after),
    ...(input.result ? { result: input.result } : {}),
    jobId: job.id,
  });
}

/** The engine's bookkeeping fields change constantly and mean nothing to an admin reading the log. */
function auditView(document: EngineCloudPcDocument | null): object | null {
  if (!document) return null;
  const { activeJobId: _a, lastJobId: _l, statusBeforeGracePeriod: _s, ...rest } = document;
  return rest;
}

/** Deletes the Cloud PC document under the fence (the end of deprovisioning). */
export async function removeFencedCloudPc(
  store: CosmosStore,
  job: JobDocument,
): Promise<FencedResult | { kind: 'removed'; before: EngineCloudPcDocument }> {
  if (!job.cloudPcId) throw new Error(`job ${job.id} has no Cloud PC`);
  for (let race = 0; race < MAX_RACES; race += 1) {
    const current = await readEngineCloudPc(store, job.tenantId, job.cloudPcId);
    if (!current) return { kind: 'missing' };
    if ((current.value.activeJobId ?? null) !== job.id) {
      return { kind: 'notFenced', cloudPc: current, completedByThisJob: false };
    }
    try {
      await removeEngineCloudPc(store, current);
      return { kind: 'removed', before: current.value };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'NotFound') return { kind: 'missing' };
      if (error.code !== 'PreconditionFailed') throw error;
    }
  }
  throw new AppError('ServiceUnavailable', `Cloud PC ${job.cloudPcId} is changing too often; retry.`, {
    retryAfter: 1,
  });
}
