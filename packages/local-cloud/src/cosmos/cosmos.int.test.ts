import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CosmosClient, ErrorResponse } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCosmos, startLocalCosmos } from './index.ts';

// Exactly how the product connects locally (COSMOS_INSECURE_TLS=1): the bundled
// certificate is expired, so only this client accepts it.
function clientFor(cosmos: LocalCosmos): CosmosClient {
  return new CosmosClient({
    endpoint: cosmos.endpoint,
    key: cosmos.key,
    agent: new Agent({ rejectUnauthorized: false, keepAlive: true }),
    connectionPolicy: { enableEndpointDiscovery: false },
  });
}

interface Doc {
  id: string;
  tenantId: string;
  n: number;
  _etag?: string;
  _ts?: number;
  _rid?: string;
}

describe('local Cosmos through @azure/cosmos', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cloudpc-cosmos-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('queries by tenant, rejects a stale If-Match with 412, and keeps data and ETags across a restart', async () => {
    const first = await startLocalCosmos({ port: 0, dataDir, log: () => undefined });
    let client = clientFor(first);
    const { database } = await client.databases.createIfNotExists({ id: 'cloudpc' });
    const { container } = await database.containers.createIfNotExists({
      id: 'things',
      partitionKey: { paths: ['/tenantId'] },
      indexingPolicy: {
        compositeIndexes: [
          [
            { path: '/tenantId', order: 'ascending' },
            { path: '/n', order: 'descending' },
          ],
        ],
      },
    });
    for (let n = 0; n < 6; n += 1) {
      await container.items.create<Doc>({ id: `d${n}`, tenantId: n % 2 ? 'contoso' : 'fabrikam', n });
    }

    const { resources: contoso } = await container.items
      .query<Doc>({
        query: 'SELECT * FROM c WHERE c.tenantId = @t ORDER BY c.n DESC',
        parameters: [{ name: '@t', value: 'contoso' }],
      })
      .fetchAll();
    expect(contoso.map((d) => d.id)).toEqual(['d5', 'd3', 'd1']);

    const { resource: read } = await container.item('d1', 'contoso').read<Doc>();
    expect(read?._etag).toBeTruthy();
    const staleEtag = read?._etag ?? '';
    const { resource: replaced } = await container
      .item('d1', 'contoso')
      .replace<Doc>(
        { id: 'd1', tenantId: 'contoso', n: 100 },
        { accessCondition: { type: 'IfMatch', condition: staleEtag } },
      );
    expect(replaced?._etag).not.toBe(staleEtag);
    const stale = await container
      .item('d1', 'contoso')
      .replace<Doc>(
        { id: 'd1', tenantId: 'contoso', n: 200 },
        { accessCondition: { type: 'IfMatch', condition: staleEtag } },
      )
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(stale).toBeInstanceOf(ErrorResponse);
    expect((stale as ErrorResponse).code).toBe(412);

    await container.item('d4', 'fabrikam').delete();
    const before = await container.item('d1', 'contoso').read<Doc>();
    client.dispose();
    await first.close();

    const file = JSON.parse(await readFile(join(dataDir, 'cosmos', 'snapshot.json'), 'utf8')) as {
      databases: { items: { collections: { items: { resource: Record<string, unknown> }[] } }[] };
    };
    const collection = file.databases.items[0]?.collections.items[0]?.resource;
    expect(collection?.partitionKey).toEqual({ paths: ['/tenantId'] });
    expect(JSON.stringify(collection?.indexingPolicy)).toContain('/n');

    const second = await startLocalCosmos({ port: 0, dataDir, log: () => undefined });
    client = clientFor(second);
    try {
      const again = client.database('cloudpc').container('things');
      const after = await again.item('d1', 'contoso').read<Doc>();
      expect(after.resource).toMatchObject({
        n: 100,
        _etag: before.resource?._etag,
        _ts: before.resource?._ts,
      });
      expect(after.resource?._rid).toBe(before.resource?._rid);
      expect((await again.item('d4', 'fabrikam').read()).statusCode).toBe(404);

      // The ETag read before the restart still guards writes after it.
      const guarded = await again
        .item('d1', 'contoso')
        .replace<Doc>(
          { id: 'd1', tenantId: 'contoso', n: 101 },
          { accessCondition: { type: 'IfMatch', condition: before.resource?._etag ?? '' } },
        );
      expect(guarded.statusCode).toBe(200);
      // New documents get fresh resource ids that do not collide with restored ones.
      const { resource: created } = await again.items.create<Doc>({ id: 'd9', tenantId: 'contoso', n: 9 });
      const { resources: all } = await again.items.query<Doc>('SELECT * FROM c').fetchAll();
      expect(new Set(all.map((d) => d._rid)).size).toBe(all.length);
      expect(all.map((d) => d.id).sort()).toEqual(['d0', 'd1', 'd2', 'd3', 'd5', 'd9']);
      expect(created?._rid).toBeTruthy();

      const { resource: definition } = await again.read();
      expect(definition?.partitionKey?.paths).toEqual(['/tenantId']);
    } finally {
      client.dispose();
      await second.close();
    }
  });

  it('writes a dirty account on its interval, before any shutdown', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cloudpc-cosmos-interval-'));
    const cosmos = await startLocalCosmos({
      port: 0,
      dataDir: dir,
      log: () => undefined,
      snapshotIntervalMs: 100,
    });
    const client = clientFor(cosmos);
    try {
      const { database } = await client.databases.createIfNotExists({ id: 'interval' });
      const { container } = await database.containers.createIfNotExists({
        id: 'c',
        partitionKey: { paths: ['/tenantId'] },
      });
      await container.items.create({ id: 'written-by-timer', tenantId: 't' });
      const path = join(dir, 'cosmos', 'snapshot.json');
      let text = '';
      for (let i = 0; i < 50 && !text.includes('written-by-timer'); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        text = await readFile(path, 'utf8').catch(() => '');
      }
      expect(text).toContain('written-by-timer');
    } finally {
      client.dispose();
      await cosmos.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('snapshots 5k documents quickly enough to run every two seconds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cloudpc-cosmos-bulk-'));
    const cosmos = await startLocalCosmos({
      port: 0,
      dataDir: dir,
      log: () => undefined,
      snapshotIntervalMs: 60_000,
    });
    const client = clientFor(cosmos);
    try {
      const { database } = await client.databases.createIfNotExists({ id: 'bulk' });
      const { container } = await database.containers.createIfNotExists({
        id: 'docs',
        partitionKey: { paths: ['/tenantId'] },
      });
      const total = 5000;
      const batch = 50;
      for (let i = 0; i < total; i += batch) {
        await Promise.all(
          Array.from({ length: batch }, (_, k) =>
            container.items.create({
              id: `doc-${i + k}`,
              tenantId: `t${(i + k) % 10}`,
              displayName: `Cloud PC ${i + k}`,
              status: 'provisioned',
              servicePlanId: 'plan-2vcpu-8gb',
              lastModifiedDateTime: new Date().toISOString(),
            }),
          ),
        );
      }
      const stats = await cosmos.flush();
      expect(stats?.documents).toBe(total);
      console.error(
        `cosmos snapshot of ${total} docs: capture ${stats?.captureMs.toFixed(1)} ms, write ${stats?.writeMs.toFixed(1)} ms, ${((stats?.bytes ?? 0) / 1e6).toFixed(2)} MB`,
      );
      expect((stats?.captureMs ?? 0) + (stats?.writeMs ?? 0)).toBeLessThan(1000);
      const { resources } = await container.items
        .query({
          query: 'SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @t',
          parameters: [{ name: '@t', value: 't3' }],
        })
        .fetchAll();
      expect(resources).toEqual([500]);
    } finally {
      client.dispose();
      await cosmos.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
