import { describe, expect, it } from 'vitest';
import { createAccount } from './account-internals.ts';
import { captureSnapshot, restoreSnapshot } from './snapshot.ts';

// The account classes are the library's own in-memory model; no server is involved.
function seededAccount() {
  const account = createAccount('127.0.0.1', 8081);
  const db = account.databases.create({ id: 'cloudpc' });
  const database = account.database(db._rid);
  const coll = database.collections.create({
    id: 'policies',
    partitionKey: { paths: ['/tenantId'], kind: 'Hash' },
    indexingPolicy: {
      compositeIndexes: [[{ path: '/tenantId' }, { path: '/displayName', order: 'descending' }]],
    },
  });
  const collection = database.collection(coll._rid);
  collection.documents.create({ id: 'p1', tenantId: 'contoso', displayName: 'One' });
  collection.documents.create({ id: 'p2', tenantId: 'fabrikam', displayName: 'Two' });
  const p3 = collection.documents.create({ id: 'p3', tenantId: 'contoso', displayName: 'Three' });
  collection.documents.delete(p3.id, 'contoso');
  return account;
}

describe('Cosmos snapshot', () => {
  it('round-trips databases, containers and documents with their system properties', () => {
    const original = captureSnapshot(seededAccount(), new Date(0));
    const restored = createAccount('127.0.0.1', 9999);
    restoreSnapshot(restored, JSON.parse(JSON.stringify(original)));
    expect(captureSnapshot(restored, new Date(0))).toEqual(original);

    const collection = restored.database('cloudpc').collection('policies');
    expect(collection.read()?.partitionKey).toEqual({ paths: ['/tenantId'], kind: 'Hash' });
    const doc = collection.document('p1', 'contoso').read();
    expect(doc?._etag).toBe(original.databases.items[0]?.collections.items[0]?.documents.items[0]?._etag);
  });

  it('continues resource ids after the highest restored one, including deleted ones', () => {
    const restored = createAccount('127.0.0.1', 8081);
    restoreSnapshot(restored, JSON.parse(JSON.stringify(captureSnapshot(seededAccount()))));
    const collection = restored.database('cloudpc').collection('policies');
    const rids = [...collection.documents._data.keys()];
    const fresh = collection.documents.create({ id: 'p4', tenantId: 'contoso' });
    expect(rids).not.toContain(fresh._rid);
    expect(collection.documents._ridCount).toBe(4);
    expect(restored.databases.create({ id: 'second' })._rid).not.toBe(
      restored.database('cloudpc').read()?._rid,
    );
  });

  it('refuses a file that is not a snapshot of this format', () => {
    const account = createAccount('127.0.0.1', 8081);
    expect(() => restoreSnapshot(account, { format: 'other', version: 1 } as never)).toThrow(/Unsupported/);
  });
});
