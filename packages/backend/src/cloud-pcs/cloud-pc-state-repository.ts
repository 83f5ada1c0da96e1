import type { CloudPcStatus } from '@cloudpc/api-client';
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
import type { CloudPcDocument } from './cloud-pc-repository.ts';

/**
 * The provisioning engine's view of a Cloud PC document: the read model plus the
 * fields only the engine uses (the API's response schema drops them on the way out).
 * Documents written before the engine existed lack them; absent means null.
 */
export interface EngineCloudPcDocument extends CloudPcDocument {
  /** The one job allowed to change this Cloud PC (a fence); null when idle. */
  activeJobId?: string | null;
  /** The last job that finished on it, so a re-run job can tell it already completed. */
  lastJobId?: string | null;
  imageId?: string;
  statusBeforeGracePeriod?: CloudPcStatus | null;
  lastRestorePointDateTime?: string | null;
}

export function readEngineCloudPc(
  store: CosmosStore,
  tenantId: string,
  id: string,
): Promise<Versioned<EngineCloudPcDocument> | undefined> {
  return readDocument<EngineCloudPcDocument>(store.container('cloudPcs'), tenantId, id, 'cloudPc');
}

/** Creates the document; `created: false` with the stored one when it already exists. */
export async function insertEngineCloudPc(
  store: CosmosStore,
  document: EngineCloudPcDocument,
): Promise<{ created: boolean; cloudPc: Versioned<EngineCloudPcDocument> | undefined }> {
  try {
    return {
      created: true,
      cloudPc: await createDocument(store.container('cloudPcs'), document, 'Cloud PC'),
    };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'Conflict') throw error;
    return {
      created: false,
      cloudPc: await readEngineCloudPc(store, document.tenantId, document.id),
    };
  }
}

export function replaceEngineCloudPc(
  store: CosmosStore,
  document: EngineCloudPcDocument,
  ifMatch: string,
): Promise<Versioned<EngineCloudPcDocument>> {
  return replaceDocument(store.container('cloudPcs'), document, ifMatch, 'Cloud PC');
}

export function removeEngineCloudPc(
  store: CosmosStore,
  document: Versioned<EngineCloudPcDocument>,
): Promise<void> {
  return deleteDocument(
    store.container('cloudPcs'),
    document.value.tenantId,
    document.value.id,
    document.etag,
    'Cloud PC',
  );
}

async function queryCloudPcs(
  store: CosmosStore,
  tenantId: string,
  where: string,
  parameters: { name: string; value: string }[],
): Promise<Versioned<EngineCloudPcDocument>[]> {
  const { resources } = await store
    .container('cloudPcs')
    .items.query<EngineCloudPcDocument & { _etag: string }>(
      {
        query: `SELECT * FROM c WHERE c.tenantId = @tenantId AND c.docType = 'cloudPc' AND ${where}`,
        parameters: [{ name: '@tenantId', value: tenantId }, ...parameters],
      },
      { partitionKey: tenantId },
    )
    .fetchAll();
  return resources.map((resource) => ({
    value: stripStorageFields(resource) as EngineCloudPcDocument,
    etag: resource._etag,
  }));
}

/** Cloud PCs whose grace period has ended: what the grace sweeper deprovisions. */
export function listGracePeriodsEndedBy(store: CosmosStore, tenantId: string, now: string) {
  return queryCloudPcs(store, tenantId, "c.status = 'inGracePeriod' AND c.gracePeriodEndDateTime <= @now", [
    { name: '@now', value: now },
  ]);
}

/** Running Cloud PCs, for restore points. */
export function listReadyCloudPcs(store: CosmosStore, tenantId: string) {
  return queryCloudPcs(store, tenantId, "c.status IN ('provisioned', 'provisionedWithWarnings')", []);
}

/** Every Cloud PC of a tenant (a full directory resync compares them with the directory). */
export function listAllCloudPcs(store: CosmosStore, tenantId: string) {
  return queryCloudPcs(store, tenantId, 'true', []);
}
