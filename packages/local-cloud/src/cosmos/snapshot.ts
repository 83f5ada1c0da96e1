import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Account } from './account-internals.ts';

/**
 * Snapshot of a whole local Cosmos account. Resources are stored exactly as the
 * server holds them (system properties `_rid`, `_etag`, `_ts`, `_self` included), so
 * a client's cached ETags stay valid across a restart. `ridCount` is each list's
 * resource-id counter: without it a restored account would hand out `_rid`s that
 * collide with restored documents.
 */
export interface CosmosSnapshot {
  format: 'cloudpc-local-cosmos';
  version: 1;
  savedAt: string;
  databases: SnapshotList<DatabaseSnapshot>;
}

interface SnapshotList<T> {
  ridCount: number;
  items: T[];
}

type Resource = { id: string; _rid: string; _self: string; [key: string]: unknown };

interface DatabaseSnapshot {
  resource: Resource;
  collections: SnapshotList<CollectionSnapshot>;
}

interface CollectionSnapshot {
  /** Includes `partitionKey`, `indexingPolicy` and `uniqueKeyPolicy`. */
  resource: Resource;
  documents: SnapshotList<Resource>;
}

function resources<T extends { read(): unknown }>(items: { _data: Map<string, T> }): Resource[] {
  return [...items._data.values()].map((item) => item.read() as Resource);
}

/** Captures the account synchronously, so the result is one consistent point in time. */
export function captureSnapshot(account: Account, now: Date = new Date()): CosmosSnapshot {
  const dbs = account.databases;
  return {
    format: 'cloudpc-local-cosmos',
    version: 1,
    savedAt: now.toISOString(),
    databases: {
      ridCount: dbs._ridCount,
      items: resources(dbs).map((resource) => {
        const database = account.database(resource._rid);
        return {
          resource,
          collections: {
            ridCount: database.collections._ridCount,
            items: resources(database.collections).map((collResource) => {
              const collection = database.collection(collResource._rid);
              return {
                resource: collResource,
                documents: {
                  ridCount: collection.documents._ridCount,
                  items: resources(collection.documents),
                },
              };
            }),
          },
        };
      }),
    },
  };
}

/** Loads a snapshot into a fresh (empty) account. */
export function restoreSnapshot(account: Account, snapshot: CosmosSnapshot): void {
  if (snapshot.format !== 'cloudpc-local-cosmos' || snapshot.version !== 1) {
    throw new Error(`Unsupported Cosmos snapshot format ${snapshot.format}@${snapshot.version}`);
  }
  const dbs = account.databases;
  for (const db of snapshot.databases.items) {
    // _set keeps the stored _rid/_etag/_ts; create() would mint new ones.
    dbs._set(db.resource);
    const database = account.database(db.resource._rid);
    for (const coll of db.collections.items) {
      database.collections._set(coll.resource);
      const collection = database.collection(coll.resource._rid);
      for (const doc of coll.documents.items) collection.documents._set(doc);
      collection.documents._ridCount = Math.max(collection.documents._ridCount, coll.documents.ridCount);
    }
    database.collections._ridCount = Math.max(database.collections._ridCount, db.collections.ridCount);
  }
  dbs._ridCount = Math.max(dbs._ridCount, snapshot.databases.ridCount);
}

/** Counts documents, for logs and measurements. */
export function countDocuments(snapshot: CosmosSnapshot): number {
  let n = 0;
  for (const db of snapshot.databases.items) {
    for (const coll of db.collections.items) n += coll.documents.items.length;
  }
  return n;
}

/**
 * Writes the file atomically: a crash mid-write leaves the previous snapshot intact,
 * because readers only ever see a complete file renamed into place.
 */
export async function writeSnapshotFile(path: string, body: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(body, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
}

export async function readSnapshotFile(path: string): Promise<CosmosSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as CosmosSnapshot;
}
