import type { CosmosStore } from '../storage/cosmos-client.ts';
import type { Condition } from '../storage/documents.ts';
import {
  createDocument,
  deleteDocument,
  type PageResult,
  queryPage,
  readDocument,
  replaceDocument,
  type StoredDocument,
  type Versioned,
} from '../storage/documents.ts';

/**
 * Provisioning policies and user settings policies share a container and a shape:
 * a named, versioned document with a set of group assignments.
 */
export interface GroupAssignment {
  id: string;
  groupId: string;
}

export interface PolicyDocumentBase extends StoredDocument {
  displayName: string;
  assignments: GroupAssignment[];
  createdDateTime: string;
  lastModifiedDateTime: string;
}

export function readPolicyDocument<T extends PolicyDocumentBase>(
  store: CosmosStore,
  tenantId: string,
  id: string,
  docType: T['docType'],
): Promise<Versioned<T> | undefined> {
  return readDocument<T>(store.container('policies'), tenantId, id, docType);
}

export function insertPolicyDocument<T extends PolicyDocumentBase>(
  store: CosmosStore,
  document: T,
  what: string,
) {
  return createDocument(store.container('policies'), document, what);
}

export function replacePolicyDocument<T extends PolicyDocumentBase>(
  store: CosmosStore,
  document: T,
  ifMatch: string,
  what: string,
) {
  return replaceDocument(store.container('policies'), document, ifMatch, what);
}

export function removePolicyDocument(
  store: CosmosStore,
  tenantId: string,
  id: string,
  ifMatch: string,
  what: string,
) {
  return deleteDocument(store.container('policies'), tenantId, id, ifMatch, what);
}

export function queryPolicyDocuments<T extends PolicyDocumentBase>(
  store: CosmosStore,
  options: {
    tenantId: string;
    docType: T['docType'];
    conditions: Condition[];
    top: number;
    after?: { value: string | number; id: string };
  },
): Promise<PageResult<T>> {
  return queryPage<T>(store.container('policies'), {
    tenantId: options.tenantId,
    docType: options.docType,
    conditions: options.conditions,
    orderBy: { path: 'displayName', direction: 'ASC' },
    top: options.top,
    ...(options.after ? { after: options.after } : {}),
  });
}
