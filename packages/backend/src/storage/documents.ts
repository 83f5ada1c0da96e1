import type { Container, SqlParameter } from '@azure/cosmos';
import { AppError } from '../errors/app-error.ts';

/**
 * Helpers the *-repository.ts files share: ETag-guarded writes, Cosmos status codes
 * mapped to AppError, storage fields stripped, and keyset paging. Keyset paging
 * (ORDER BY field, id with a WHERE on the last row seen) behaves the same on Azure
 * Cosmos DB and on the local server, which has no OFFSET and whose continuation
 * tokens would otherwise leak into our public nextLinks.
 */

/** A stored document: the domain fields plus the two every document carries. */
export interface StoredDocument {
  id: string;
  tenantId: string;
  docType: string;
}

export interface Versioned<T> {
  value: T;
  etag: string;
}

const STORAGE_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts', '_lsn'] as const;

export function stripStorageFields<T extends object>(document: T): T {
  const copy = { ...document } as Record<string, unknown>;
  for (const field of STORAGE_FIELDS) delete copy[field];
  return copy as T;
}

function cosmosStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'number' ? code : undefined;
  }
  return undefined;
}

/** Turns the Cosmos statuses a caller can cause into domain errors; rethrows the rest. */
export function mapCosmosError(error: unknown, what: string): never {
  switch (cosmosStatus(error)) {
    case 404:
      throw new AppError('NotFound', `${what} was not found.`, { cause: error });
    case 409:
      throw new AppError('Conflict', `${what} already exists.`, { cause: error });
    case 412:
      throw new AppError(
        'PreconditionFailed',
        `${what} was changed by someone else. Reload it and apply your change again.`,
        { cause: error },
      );
    case 429:
      throw new AppError('TooManyRequests', 'The store is busy; retry shortly.', {
        retryAfter: 1,
        cause: error,
      });
    default:
      throw error;
  }
}

/**
 * Cosmos ids are at most 255 characters and cannot hold / \\ # or ?. An id outside
 * that cannot name a stored document, so it is simply not found (the SDK would
 * otherwise throw before asking the server).
 */
export function isStorableId(id: string): boolean {
  // The SDK also refuses ids that are only whitespace.
  return id.trim().length > 0 && id.length <= 255 && !/[/\\#?]/.test(id);
}

export async function readDocument<T extends StoredDocument>(
  container: Container,
  tenantId: string,
  id: string,
  docType: string,
): Promise<Versioned<T> | undefined> {
  if (!isStorableId(id)) return undefined;
  const response = await container.item(id, tenantId).read<T & { _etag: string }>();
  const resource = response.resource;
  // Reads are confined by partition key; docType keeps one container's kinds apart.
  if (!resource || resource.tenantId !== tenantId || resource.docType !== docType) return undefined;
  return { value: stripStorageFields(resource) as T, etag: resource._etag };
}

export async function createDocument<T extends StoredDocument>(
  container: Container,
  document: T,
  what: string,
): Promise<Versioned<T>> {
  try {
    const { resource } = await container.items.create<T>(document);
    if (!resource) throw new Error('create returned no resource');
    return { value: stripStorageFields(resource) as T, etag: (resource as { _etag: string })._etag };
  } catch (error) {
    mapCosmosError(error, what);
  }
}

export async function replaceDocument<T extends StoredDocument>(
  container: Container,
  document: T,
  ifMatch: string,
  what: string,
): Promise<Versioned<T>> {
  try {
    const { resource } = await container
      .item(document.id, document.tenantId)
      .replace<T>(document, { accessCondition: { type: 'IfMatch', condition: ifMatch } });
    if (!resource) throw new Error('replace returned no resource');
    return { value: stripStorageFields(resource) as T, etag: (resource as { _etag: string })._etag };
  } catch (error) {
    mapCosmosError(error, what);
  }
}

export async function deleteDocument(
  container: Container,
  tenantId: string,
  id: string,
  ifMatch: string,
  what: string,
): Promise<void> {
  try {
    await container.item(id, tenantId).delete({ accessCondition: { type: 'IfMatch', condition: ifMatch } });
  } catch (error) {
    mapCosmosError(error, what);
  }
}

export interface Condition {
  /** Document path without the `c.` prefix, e.g. `status` or `target.groupId`. */
  path: string;
  value: string | number | boolean;
}

export interface PageRequest {
  tenantId: string;
  docType: string;
  conditions: Condition[];
  /** Raw SQL predicates over `c` with their own parameters (prefixed to avoid clashes). */
  predicates?: { sql: string; parameters: SqlParameter[] }[];
  orderBy: { path: string; direction: 'ASC' | 'DESC' };
  top: number;
  after?: { value: string | number; id: string };
}

export interface PageResult<T> {
  items: Versioned<T>[];
  next?: { value: string | number; id: string };
}

const SAFE_PATH = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

function pathSql(path: string): string {
  // Paths come from whitelists in the repositories, never from callers; still, refuse
  // anything that is not a plain dotted identifier so no SQL can be injected here.
  if (!SAFE_PATH.test(path)) throw new Error(`unsafe document path ${path}`);
  return `c.${path}`;
}

export async function queryPage<T extends StoredDocument>(
  container: Container,
  request: PageRequest,
): Promise<PageResult<T>> {
  const parameters: SqlParameter[] = [
    { name: '@tenantId', value: request.tenantId },
    { name: '@docType', value: request.docType },
  ];
  const where = ['c.tenantId = @tenantId', 'c.docType = @docType'];
  request.conditions.forEach((condition, index) => {
    where.push(`${pathSql(condition.path)} = @p${index}`);
    parameters.push({ name: `@p${index}`, value: condition.value });
  });
  for (const predicate of request.predicates ?? []) {
    where.push(`(${predicate.sql})`);
    parameters.push(...predicate.parameters);
  }
  const sortPath = pathSql(request.orderBy.path);
  const direction = request.orderBy.direction;
  if (request.after) {
    const op = direction === 'ASC' ? '>' : '<';
    where.push(`(${sortPath} ${op} @afterValue OR (${sortPath} = @afterValue AND c.id ${op} @afterId))`);
    parameters.push(
      { name: '@afterValue', value: request.after.value },
      { name: '@afterId', value: request.after.id },
    );
  }
  const top = Math.max(1, Math.min(1000, Math.floor(request.top)));
  const orderBy =
    request.orderBy.path === 'id' ? `c.id ${direction}` : `${sortPath} ${direction}, c.id ${direction}`;
  const query = `SELECT TOP ${top + 1} * FROM c WHERE ${where.join(' AND ')} ORDER BY ${orderBy}`;
  const { resources } = await container.items
    .query<T & { _etag: string }>({ query, parameters }, { partitionKey: request.tenantId })
    .fetchAll();
  const items = resources
    .slice(0, top)
    .map((resource) => ({ value: stripStorageFields(resource) as T, etag: resource._etag }));
  const last = items.at(-1)?.value;
  if (resources.length <= top || !last) return { items };
  const sortValue = readPath(last, request.orderBy.path);
  if (typeof sortValue !== 'string' && typeof sortValue !== 'number') return { items };
  return { items, next: { value: sortValue, id: last.id } };
}

function readPath(document: object, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => {
    if (value && typeof value === 'object') return (value as Record<string, unknown>)[key];
    return undefined;
  }, document);
}
