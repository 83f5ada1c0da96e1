import type { CloudPc } from '@cloudpc/api-client';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import {
  type Condition,
  createDocument,
  type PageResult,
  queryPage,
  readDocument,
  replaceDocument,
  type StoredDocument,
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

export function queryCloudPcs(
  store: CosmosStore,
  options: {
    tenantId: string;
    conditions: Condition[];
    orderBy: { path: CloudPcSortField; direction: 'ASC' | 'DESC' };
    top: number;
    after?: { value: string | number; id: string };
  },
): Promise<PageResult<CloudPcDocument>> {
  return queryPage<CloudPcDocument>(store.container('cloudPcs'), {
    tenantId: options.tenantId,
    docType: 'cloudPc',
    conditions: options.conditions,
    orderBy: options.orderBy,
    top: options.top,
    ...(options.after ? { after: options.after } : {}),
  });
}
