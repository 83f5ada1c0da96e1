import { AppError } from '../errors/app-error.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import {
  createDocument,
  deleteDocument,
  readDocument,
  replaceDocument,
  stripStorageFields,
  type Versioned,
} from '../storage/documents.ts';
import { ACTIVE_JOB_STATUSES, type JobDocument } from './job-types.ts';

/** Job documents in the `jobs` container; every write after creation is ETag-guarded. */

/** Creates the job, or returns the one already stored under the same id (same idempotency key). */
export async function insertJob(
  store: CosmosStore,
  job: JobDocument,
): Promise<{ created: boolean; job: Versioned<JobDocument> }> {
  try {
    return { created: true, job: await createDocument(store.container('jobs'), job, 'Job') };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'Conflict') throw error;
    const existing = await readJob(store, job.tenantId, job.id);
    if (!existing) throw error;
    return { created: false, job: existing };
  }
}

export function readJob(
  store: CosmosStore,
  tenantId: string,
  id: string,
): Promise<Versioned<JobDocument> | undefined> {
  return readDocument<JobDocument>(store.container('jobs'), tenantId, id, 'job');
}

/** Guarded replace; throws AppError PreconditionFailed when someone else wrote first. */
export function replaceJob(
  store: CosmosStore,
  job: JobDocument,
  ifMatch: string,
): Promise<Versioned<JobDocument>> {
  return replaceDocument(store.container('jobs'), job, ifMatch, 'Job');
}

export function removeJob(store: CosmosStore, job: Versioned<JobDocument>): Promise<void> {
  return deleteDocument(store.container('jobs'), job.value.tenantId, job.value.id, job.etag, 'Job');
}

async function query(
  store: CosmosStore,
  sql: string,
  parameters: { name: string; value: string | number }[],
): Promise<Versioned<JobDocument>[]> {
  const { resources } = await store
    .container('jobs')
    .items.query<JobDocument & { _etag: string }>(
      { query: sql, parameters },
      { partitionKey: parameters.find((p) => p.name === '@tenantId')?.value as string },
    )
    .fetchAll();
  return resources.map((resource) => ({
    value: stripStorageFields(resource) as JobDocument,
    etag: resource._etag,
  }));
}

/** Pending and running jobs of one tenant: what the reconciler and reaper look at. */
export function listActiveJobs(store: CosmosStore, tenantId: string): Promise<Versioned<JobDocument>[]> {
  return query(
    store,
    `SELECT * FROM c WHERE c.tenantId = @tenantId AND c.docType = 'job' AND c.status IN (${ACTIVE_JOB_STATUSES.map((s) => `'${s}'`).join(', ')})`,
    [{ name: '@tenantId', value: tenantId }],
  );
}

/** Finished jobs older than `before`, for the retention sweep. */
export function listFinishedJobsBefore(
  store: CosmosStore,
  tenantId: string,
  before: string,
  limit: number,
): Promise<Versioned<JobDocument>[]> {
  return query(
    store,
    `SELECT TOP ${Math.max(1, Math.floor(limit))} * FROM c WHERE c.tenantId = @tenantId AND c.docType = 'job' AND c.status IN ('succeeded', 'failed', 'cancelled') AND c.finishedDateTime < @before`,
    [
      { name: '@tenantId', value: tenantId },
      { name: '@before', value: before },
    ],
  );
}

/** Every job of a Cloud PC, newest first (tests and diagnostics). */
export function listJobsOfCloudPc(
  store: CosmosStore,
  tenantId: string,
  cloudPcId: string,
): Promise<Versioned<JobDocument>[]> {
  return query(
    store,
    "SELECT * FROM c WHERE c.tenantId = @tenantId AND c.docType = 'job' AND c.cloudPcId = @cloudPcId",
    [
      { name: '@tenantId', value: tenantId },
      { name: '@cloudPcId', value: cloudPcId },
    ],
  ).then((jobs) => jobs.sort((a, b) => b.value.createdDateTime.localeCompare(a.value.createdDateTime)));
}

/**
 * The newest `top` jobs of one Cloud PC, newest first: what the admin center's status
 * timeline shows. TOP keeps it bounded however many jobs a Cloud PC has collected.
 */
export function listRecentJobsOfCloudPc(
  store: CosmosStore,
  tenantId: string,
  cloudPcId: string,
  top: number,
): Promise<Versioned<JobDocument>[]> {
  return query(
    store,
    `SELECT TOP ${Math.max(1, Math.min(100, Math.floor(top)))} * FROM c WHERE c.tenantId = @tenantId AND c.docType = 'job' AND c.cloudPcId = @cloudPcId ORDER BY c.createdDateTime DESC`,
    [
      { name: '@tenantId', value: tenantId },
      { name: '@cloudPcId', value: cloudPcId },
    ],
  );
}
