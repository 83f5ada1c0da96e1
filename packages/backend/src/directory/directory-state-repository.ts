import { AppError } from '../errors/app-error.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import {
  createDocument,
  readDocument,
  replaceDocument,
  type StoredDocument,
  type Versioned,
} from '../storage/documents.ts';

/**
 * What directory sync remembers per tenant between rounds: the Graph delta link (so a
 * restart resumes without a full rescan), the members of every group a policy
 * targets, when each policy-group assignment was first seen (the first assigned
 * policy wins), users whose change could not be applied yet, and a lease so only
 * one worker (of any region) runs a tenant's round at a time.
 */
export interface DirectoryStateDocument extends StoredDocument {
  docType: 'directoryState';
  deltaLink: string | null;
  /** Targeted group id -> member user ids. */
  groups: Record<string, string[]>;
  /** Member user id -> user principal name. */
  users: Record<string, string>;
  /** `policyId/groupId` -> when the round first saw that assignment. */
  assignedSince: Record<string, string>;
  /** Users whose Cloud PC was busy; looked at again next round. */
  pendingUserIds: string[];
  /** Rounds completed; part of the idempotency key of the jobs a round starts. */
  round: number;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  lastSyncDateTime: string | null;
  lastFullSyncDateTime: string | null;
}

const stateId = (tenantId: string) => `directory-state-${tenantId}`;

export function emptyDirectoryState(tenantId: string): DirectoryStateDocument {
  return {
    id: stateId(tenantId),
    tenantId,
    docType: 'directoryState',
    deltaLink: null,
    groups: {},
    users: {},
    assignedSince: {},
    pendingUserIds: [],
    round: 0,
    leaseOwner: null,
    leaseExpiresAt: null,
    lastSyncDateTime: null,
    lastFullSyncDateTime: null,
  };
}

export function readDirectoryState(
  store: CosmosStore,
  tenantId: string,
): Promise<Versioned<DirectoryStateDocument> | undefined> {
  return readDocument<DirectoryStateDocument>(
    store.container('directory'),
    tenantId,
    stateId(tenantId),
    'directoryState',
  );
}

/** Reads the state, creating an empty one the first time. */
export async function loadDirectoryState(
  store: CosmosStore,
  tenantId: string,
): Promise<Versioned<DirectoryStateDocument>> {
  const found = await readDirectoryState(store, tenantId);
  if (found) return found;
  try {
    return await createDocument(
      store.container('directory'),
      emptyDirectoryState(tenantId),
      'Directory state',
    );
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'Conflict') throw error;
    const raced = await readDirectoryState(store, tenantId);
    if (!raced) throw error;
    return raced;
  }
}

export function replaceDirectoryState(
  store: CosmosStore,
  state: DirectoryStateDocument,
  ifMatch: string,
): Promise<Versioned<DirectoryStateDocument>> {
  return replaceDocument(store.container('directory'), state, ifMatch, 'Directory state');
}
