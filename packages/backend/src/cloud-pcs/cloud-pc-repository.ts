import type { CloudPc, CloudPcStatus } from '@cloudpc/api-client';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import {
  type Condition,
  createDocument,
  type PageResult,
  queryPage,
  readDocument,
  replaceDocument,
  type StoredDocument,
  stripStorageFields,
  type Versioned,
} from '../storage/documents.ts';

export interface CloudPcDocument extends StoredDocument, Omit<CloudPc, '@odata.type'> {
  docType: 'cloudPc';
  /** Entra object id of the owner: what /me routes confine by. */
  userId: string;
  createdDateTime: string;
}

export type CloudPcSortField = 'displayName' | 'userPrincipalName' | 'status' | 'lastModifiedDateTime';

export function readCloudPc(
  store: CosmosStore,
  tenantId: string,
  id: string,
): Promise<Versioned<CloudPcDocument> | undefined> {
  return readDocument<CloudPcDocument>(store.container('cloudPcs'), tenantId, id, 'cloudPc');
}

export function insertCloudPc(
  store: CosmosStore,
  document: CloudPcDocument,
): Promise<Versioned<CloudPcDocument>> {
  return createDocument(store.container('cloudPcs'), document, 'Cloud PC');
}

export function replaceCloudPc(
  store: CosmosStore,
  document: CloudPcDocument,
  ifMatch: string,
): Promise<Versioned<CloudPcDocument>> {
  return replaceDocument(store.container('cloudPcs'), document, ifMatch, 'Cloud PC');
}

/**
 * A case-insensitive substring match over three fields. On Azure this is a scan of the
 * tenant's partition (CONTAINS is not served by the range index); TOP still bounds the
 * result, and the partition is one tenant's Cloud PCs.
 */
function searchPredicate(text: string) {
  return {
    sql: 'CONTAINS(LOWER(c.displayName), @search) OR CONTAINS(LOWER(c.userPrincipalName), @search) OR CONTAINS(LOWER(c.managedDeviceName), @search)',
    parameters: [{ name: '@search', value: text }],
  };
}

export function queryCloudPcs(
  store: CosmosStore,
  options: {
    tenantId: string;
    conditions: Condition[];
    /** Lower-case text found in the display name, the user's sign-in name or the device name. */
    search?: string | undefined;
    orderBy: { path: CloudPcSortField; direction: 'ASC' | 'DESC' };
    top: number;
    after?: { value: string | number; id: string };
  },
): Promise<PageResult<CloudPcDocument>> {
  return queryPage<CloudPcDocument>(store.container('cloudPcs'), {
    tenantId: options.tenantId,
    docType: 'cloudPc',
    conditions: options.conditions,
    ...(options.search ? { predicates: [searchPredicate(options.search)] } : {}),
    orderBy: options.orderBy,
    top: options.top,
    ...(options.after ? { after: options.after } : {}),
  });
}

/** How many Cloud PCs of the tenant have this status: one COUNT, whatever the container holds. */
export async function countCloudPcsWithStatus(
  store: CosmosStore,
  tenantId: string,
  status: CloudPcStatus,
): Promise<number> {
  const { resources } = await store
    .container('cloudPcs')
    .items.query<number>(
      {
        query:
          "SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @tenantId AND c.docType = 'cloudPc' AND c.status = @status",
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@status', value: status },
        ],
      },
      { partitionKey: tenantId },
    )
    .fetchAll();
  return resources[0] ?? 0;
}

/**
 * The first `top` Cloud PCs with one status, by one date field. A single-field ORDER BY
 * is served by Cosmos's default range index (no composite index), and TOP bounds it.
 */
export async function firstCloudPcsWithStatus(
  store: CosmosStore,
  options: {
    tenantId: string;
    status: CloudPcStatus;
    orderBy: 'lastModifiedDateTime' | 'gracePeriodEndDateTime';
    direction: 'ASC' | 'DESC';
    top: number;
  },
): Promise<CloudPcDocument[]> {
  const top = Math.max(1, Math.min(100, Math.floor(options.top)));
  const { resources } = await store
    .container('cloudPcs')
    .items.query<CloudPcDocument>(
      {
        query: `SELECT TOP ${top} * FROM c WHERE c.tenantId = @tenantId AND c.docType = 'cloudPc' AND c.status = @status ORDER BY c.${options.orderBy} ${options.direction === 'DESC' ? 'DESC' : 'ASC'}`,
        parameters: [
          { name: '@tenantId', value: options.tenantId },
          { name: '@status', value: options.status },
        ],
      },
      { partitionKey: options.tenantId },
    )
    .fetchAll();
  return resources.map((resource) => stripStorageFields(resource));
}
