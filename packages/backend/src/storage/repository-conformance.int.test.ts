import { randomUUID } from 'node:crypto';
import { getTestCloud } from '@cloudpc/local-cloud/testing/test-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { type CosmosStore, openCosmosStore } from './cosmos-client.ts';
import { createDocument, deleteDocument, queryPage, readDocument, replaceDocument } from './documents.ts';

/**
 * What every repository relies on, checked against the store we run on: the local
 * server in CI, or a real account / the Docker emulator when COSMOS_ENDPOINT and
 * COSMOS_KEY point at one (CLOUDPC_CONFORMANCE_REAL=1).
 */
function target() {
  if (process.env.CLOUDPC_CONFORMANCE_REAL === '1' && process.env.COSMOS_ENDPOINT && process.env.COSMOS_KEY) {
    return { endpoint: process.env.COSMOS_ENDPOINT, key: process.env.COSMOS_KEY, insecureTls: false };
  }
  const cloud = getTestCloud();
  return { endpoint: cloud.cosmos.endpoint, key: cloud.cosmos.key, insecureTls: true };
}

interface Doc {
  id: string;
  tenantId: string;
  docType: 'thing';
  displayName: string;
  status: string;
}

let store: CosmosStore;
const tenantA = randomUUID();
const tenantB = randomUUID();

beforeAll(async () => {
  const { endpoint, key, insecureTls } = target();
  store = await openCosmosStore({
    endpoint,
    key,
    databaseId: `conformance-${randomUUID().slice(0, 8)}`,
    insecureTls,
    preferredLocations: [],
  });
});

afterAll(async () => {
  await store.database.delete();
  store.dispose();
});

const doc = (tenantId: string, displayName: string, status = 'ok'): Doc => ({
  id: randomUUID(),
  tenantId,
  docType: 'thing',
  displayName,
  status,
});

describe('repository conformance', () => {
  it('creates, reads and hides storage fields', async () => {
    const created = await createDocument(store.container('cloudPcs'), doc(tenantA, 'one'), 'Thing');
    expect(created.etag).toBeTruthy();
    expect(Object.keys(created.value).some((key) => key.startsWith('_'))).toBe(false);
    const read = await readDocument<Doc>(store.container('cloudPcs'), tenantA, created.value.id, 'thing');
    expect(read?.value).toEqual(created.value);
    expect(read?.etag).toBe(created.etag);
  });

  it('confines reads to the partition and the document type', async () => {
    const created = await createDocument(store.container('cloudPcs'), doc(tenantA, 'mine'), 'Thing');
    expect(
      await readDocument(store.container('cloudPcs'), tenantB, created.value.id, 'thing'),
    ).toBeUndefined();
    expect(
      await readDocument(store.container('cloudPcs'), tenantA, created.value.id, 'other'),
    ).toBeUndefined();
  });

  it('refuses a duplicate id with Conflict', async () => {
    const first = doc(tenantA, 'dup');
    await createDocument(store.container('cloudPcs'), first, 'Thing');
    await expect(createDocument(store.container('cloudPcs'), first, 'Thing')).rejects.toMatchObject({
      code: 'Conflict',
    });
  });

  it('lets exactly one of two writers with the same ETag win', async () => {
    const created = await createDocument(store.container('cloudPcs'), doc(tenantA, 'race'), 'Thing');
    const results = await Promise.allSettled([
      replaceDocument(
        store.container('cloudPcs'),
        { ...created.value, displayName: 'a' },
        created.etag,
        'Thing',
      ),
      replaceDocument(
        store.container('cloudPcs'),
        { ...created.value, displayName: 'b' },
        created.etag,
        'Thing',
      ),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    expect((rejected as PromiseRejectedResult).reason.code).toBe('PreconditionFailed');
  });

  it('deletes only with the current ETag', async () => {
    const created = await createDocument(store.container('cloudPcs'), doc(tenantA, 'gone'), 'Thing');
    await expect(
      deleteDocument(store.container('cloudPcs'), tenantA, created.value.id, 'stale', 'Thing'),
    ).rejects.toMatchObject({ code: 'PreconditionFailed' });
    await deleteDocument(store.container('cloudPcs'), tenantA, created.value.id, created.etag, 'Thing');
    expect(
      await readDocument(store.container('cloudPcs'), tenantA, created.value.id, 'thing'),
    ).toBeUndefined();
  });

  it('pages with keyset cursors in both directions, inside one tenant, with declared composite indexes', async () => {
    const tenant = randomUUID();
    const names = Array.from({ length: 23 }, (_, index) => `pc-${String(index % 7).padStart(2, '0')}`);
    for (const name of names) await createDocument(store.container('cloudPcs'), doc(tenant, name), 'Thing');
    await createDocument(store.container('cloudPcs'), doc(randomUUID(), 'pc-00'), 'Thing');
    for (const direction of ['ASC', 'DESC'] as const) {
      const seen: Doc[] = [];
      let after: { value: string | number; id: string } | undefined;
      for (let pageCount = 0; pageCount < 10; pageCount += 1) {
        const result = await queryPage<Doc>(store.container('cloudPcs'), {
          tenantId: tenant,
          docType: 'thing',
          conditions: [],
          orderBy: { path: 'displayName', direction },
          top: 5,
          ...(after ? { after } : {}),
        });
        seen.push(...result.items.map((item) => item.value));
        if (!result.next) break;
        after = result.next;
      }
      expect(seen).toHaveLength(23);
      expect(new Set(seen.map((item) => item.id)).size).toBe(23);
      const sorted = [...seen].sort((a, b) =>
        a.displayName === b.displayName
          ? a.id.localeCompare(b.id)
          : a.displayName.localeCompare(b.displayName),
      );
      expect(seen.map((item) => item.id)).toEqual(
        direction === 'ASC' ? sorted.map((item) => item.id) : sorted.reverse().map((item) => item.id),
      );
    }
  });

  it('filters by conditions', async () => {
    const tenant = randomUUID();
    await createDocument(store.container('cloudPcs'), doc(tenant, 'x', 'failed'), 'Thing');
    await createDocument(store.container('cloudPcs'), doc(tenant, 'y', 'ok'), 'Thing');
    const result = await queryPage<Doc>(store.container('cloudPcs'), {
      tenantId: tenant,
      docType: 'thing',
      conditions: [{ path: 'status', value: 'failed' }],
      orderBy: { path: 'displayName', direction: 'ASC' },
      top: 10,
    });
    expect(result.items.map((item) => item.value.displayName)).toEqual(['x']);
  });
});
