import { Agent } from 'node:https';
import { type Container, CosmosClient, type Database } from '@azure/cosmos';
import type { PlatformConfig } from '../config/env.ts';
import { CONTAINERS, type ContainerDefinition, type ContainerName } from './containers.ts';

export interface CosmosStore {
  client: CosmosClient;
  database: Database;
  container(name: ContainerName): Container;
  dispose(): void;
}

/**
 * Opens the Cosmos account and makes sure the database and every container exist.
 * The same code reaches Azure Cosmos DB, the Docker emulator or the local server;
 * only `insecureTls` (local certificates) differs.
 */
export async function openCosmosStore(config: PlatformConfig['cosmos']): Promise<CosmosStore> {
  const client = new CosmosClient({
    endpoint: config.endpoint,
    key: config.key,
    ...(config.insecureTls ? { agent: new Agent({ rejectUnauthorized: false, keepAlive: true }) } : {}),
    connectionPolicy: {
      preferredLocations: config.preferredLocations,
      // The local server advertises a single location; discovery adds nothing there.
      enableEndpointDiscovery: !config.insecureTls,
    },
  });
  const { database } = await client.databases.createIfNotExists({ id: config.databaseId });
  const containers = new Map<ContainerName, Container>();
  for (const [name, definition] of Object.entries(CONTAINERS) as [ContainerName, ContainerDefinition][]) {
    const { container } = await database.containers.createIfNotExists({
      id: definition.id,
      partitionKey: { paths: [definition.partitionKey] },
      ...(definition.compositeIndexes
        ? {
            indexingPolicy: {
              indexingMode: 'consistent',
              automatic: true,
              includedPaths: [{ path: '/*' }],
              excludedPaths: [{ path: '/"_etag"/?' }],
              compositeIndexes: definition.compositeIndexes,
            },
          }
        : {}),
    });
    containers.set(name, container);
  }
  return {
    client,
    database,
    container(name) {
      const container = containers.get(name);
      if (!container) throw new Error(`Unknown container ${name}`);
      return container;
    },
    dispose: () => client.dispose(),
  };
}
