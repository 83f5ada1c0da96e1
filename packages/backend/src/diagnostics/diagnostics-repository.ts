import { randomInt } from 'node:crypto';
import type { SqlParameter } from '@azure/cosmos';
import { AppError } from '../errors/app-error.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import {
  createDocument,
  readDocument,
  replaceDocument,
  type StoredDocument,
  stripStorageFields,
  type Versioned,
} from '../storage/documents.ts';

/**
 * The `diagnostics` container: counter documents, health samples and alerts. Every
 * read is one partition and bounded (by hour range or TOP), so a page view costs
 * the same with ten events or ten million.
 */
const container = (store: CosmosStore) => store.container('diagnostics');

const MAX_ATTEMPTS = 8;

function isCode(error: unknown, ...codes: string[]): boolean {
  return error instanceof AppError && codes.includes(error.code);
}

/**
 * Read-modify-write under the document's ETag, creating it on first use. Concurrent
 * writers retry with jitter; counters are sharded so this rarely loops.
 */
export async function updateCounter<T extends StoredDocument>(
  store: CosmosStore,
  initial: T,
  apply: (current: T) => T,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const found = await readDocument<T>(container(store), initial.tenantId, initial.id, initial.docType);
      if (!found) return (await createDocument(container(store), apply(initial), 'Counter')).value;
      return (await replaceDocument(container(store), apply(found.value), found.etag, 'Counter')).value;
    } catch (error) {
      if (!isCode(error, 'Conflict', 'PreconditionFailed', 'TooManyRequests') || attempt >= MAX_ATTEMPTS)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, randomInt(5, 20 * attempt)));
    }
  }
}

export async function queryDiagnostics<T extends StoredDocument>(
  store: CosmosStore,
  tenantId: string,
  where: string,
  parameters: SqlParameter[],
  options: { top?: number; orderBy?: string } = {},
): Promise<Versioned<T>[]> {
  const top = options.top ? `TOP ${Math.max(1, Math.floor(options.top))} ` : '';
  const orderBy = options.orderBy ? ` ORDER BY ${options.orderBy}` : '';
  const { resources } = await container(store)
    .items.query<T & { _etag: string }>(
      {
        query: `SELECT ${top}* FROM c WHERE c.tenantId = @tenantId AND ${where}${orderBy}`,
        parameters: [{ name: '@tenantId', value: tenantId }, ...parameters],
      },
      { partitionKey: tenantId },
    )
    .fetchAll();
  return resources.map((resource) => ({ value: stripStorageFields(resource) as T, etag: resource._etag }));
}

/** Counter documents of one kind from `fromHour` on: O(hours × regions × shards). */
export async function listCounters<T extends StoredDocument>(
  store: CosmosStore,
  tenantId: string,
  docType: string,
  fromHour: string,
): Promise<T[]> {
  const rows = await queryDiagnostics<T>(store, tenantId, 'c.docType = @docType AND c.hourStart >= @from', [
    { name: '@docType', value: docType },
    { name: '@from', value: fromHour },
  ]);
  return rows.map((row) => row.value);
}

export function readDiagnostic<T extends StoredDocument>(
  store: CosmosStore,
  tenantId: string,
  id: string,
  docType: string,
): Promise<Versioned<T> | undefined> {
  return readDocument<T>(container(store), tenantId, id, docType);
}

export function insertDiagnostic<T extends StoredDocument>(store: CosmosStore, document: T) {
  return createDocument(container(store), document, 'Diagnostics document');
}

export function replaceDiagnostic<T extends StoredDocument>(
  store: CosmosStore,
  document: T,
  ifMatch: string,
) {
  return replaceDocument(container(store), document, ifMatch, 'Diagnostics document');
}

/**
 * Deletes up to `limit` documents matching `where` in one container and partition,
 * oldest first. Returns how many went; the pruning job calls it again next round.
 */
export async function deleteOldDocuments(
  store: CosmosStore,
  name: 'connections' | 'diagnostics',
  tenantId: string,
  where: string,
  parameters: SqlParameter[],
  limit: number,
): Promise<number> {
  const { resources } = await store
    .container(name)
    .items.query<{ id: string }>(
      {
        query: `SELECT TOP ${Math.max(1, Math.floor(limit))} c.id FROM c WHERE c.tenantId = @tenantId AND ${where}`,
        parameters: [{ name: '@tenantId', value: tenantId }, ...parameters],
      },
      { partitionKey: tenantId },
    )
    .fetchAll();
  let deleted = 0;
  for (const { id } of resources) {
    try {
      await store.container(name).item(id, tenantId).delete();
      deleted += 1;
    } catch (error) {
      // Already gone (another region pruned it): nothing to do.
      if ((error as { code?: unknown }).code !== 404) throw error;
    }
  }
  return deleted;
}

/**
 * A bounded read of another domain's container for the diagnostics views (jobs,
 * Cloud PCs, connection events, audit): always one partition, always TOP-limited.
 */
export async function queryBounded<T>(
  store: CosmosStore,
  name: 'jobs' | 'cloudPcs' | 'connections' | 'audit',
  tenantId: string,
  where: string,
  parameters: SqlParameter[],
  options: { top: number; orderBy?: string },
): Promise<T[]> {
  const orderBy = options.orderBy ? ` ORDER BY ${options.orderBy}` : '';
  const { resources } = await store
    .container(name)
    .items.query<T>(
      {
        query: `SELECT TOP ${Math.max(1, Math.floor(options.top))} * FROM c WHERE c.tenantId = @tenantId AND ${where}${orderBy}`,
        parameters: [{ name: '@tenantId', value: tenantId }, ...parameters],
      },
      { partitionKey: tenantId },
    )
    .fetchAll();
  return resources.map((resource) => stripStorageFields(resource as T & object) as T);
}

/** A COUNT over one partition: the server counts, nothing is shipped. */
export async function countWhere(
  store: CosmosStore,
  name: 'jobs' | 'cloudPcs' | 'connections' | 'audit',
  tenantId: string,
  where: string,
  parameters: SqlParameter[] = [],
): Promise<number> {
  const { resources } = await store
    .container(name)
    .items.query<number>(
      {
        query: `SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @tenantId AND ${where}`,
        parameters: [{ name: '@tenantId', value: tenantId }, ...parameters],
      },
      { partitionKey: tenantId },
    )
    .fetchAll();
  return resources[0] ?? 0;
}
