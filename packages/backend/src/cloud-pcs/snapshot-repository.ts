import { AppError } from '../errors/app-error.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import {
  createDocument,
  deleteDocument,
  readDocument,
  replaceDocument,
  type StoredDocument,
  stripStorageFields,
  type Versioned,
} from '../storage/documents.ts';

/** A restore point of a Cloud PC, shaped like Graph's cloudPcSnapshot plus the provider's handle. */
export interface SnapshotDocument extends StoredDocument {
  docType: 'cloudPcSnapshot';
  cloudPcId: string;
  userId: string;
  providerSnapshotId: string;
  status: 'ready';
  snapshotType: 'automatic' | 'manual';
  healthCheckStatus: 'healthy' | 'unhealthy' | 'unknown';
  createdDateTime: string;
  lastRestoredDateTime: string | null;
  expirationDateTime: string | null;
}

export function insertSnapshot(store: CosmosStore, snapshot: SnapshotDocument) {
  return createDocument(store.container('snapshots'), snapshot, 'Restore point');
}

export function readSnapshot(store: CosmosStore, tenantId: string, id: string) {
  return readDocument<SnapshotDocument>(store.container('snapshots'), tenantId, id, 'cloudPcSnapshot');
}

export function replaceSnapshot(store: CosmosStore, snapshot: SnapshotDocument, ifMatch: string) {
  return replaceDocument(store.container('snapshots'), snapshot, ifMatch, 'Restore point');
}

export async function removeSnapshot(
  store: CosmosStore,
  snapshot: Versioned<SnapshotDocument>,
): Promise<void> {
  try {
    await deleteDocument(
      store.container('snapshots'),
      snapshot.value.tenantId,
      snapshot.value.id,
      snapshot.etag,
      'Restore point',
    );
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== 'NotFound' && error.code !== 'PreconditionFailed')) {
      throw error;
    }
  }
}

/** A Cloud PC's restore points, newest first. */
export async function listSnapshotsOfCloudPc(
  store: CosmosStore,
  tenantId: string,
  cloudPcId: string,
): Promise<Versioned<SnapshotDocument>[]> {
  const { resources } = await store
    .container('snapshots')
    .items.query<SnapshotDocument & { _etag: string }>(
      {
        query:
          "SELECT * FROM c WHERE c.tenantId = @tenantId AND c.docType = 'cloudPcSnapshot' AND c.cloudPcId = @cloudPcId ORDER BY c.createdDateTime DESC, c.id DESC",
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@cloudPcId', value: cloudPcId },
        ],
      },
      { partitionKey: tenantId },
    )
    .fetchAll();
  return resources.map((resource) => ({
    value: stripStorageFields(resource) as SnapshotDocument,
    etag: resource._etag,
  }));
}
