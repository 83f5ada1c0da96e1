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
 * Azure's names for the regions a deployment runs in, each with its paired region:
 * a region reads and writes its own Cosmos replica first and the pair's next.
 */
const PAIRED_LOCATIONS: Record<string, readonly string[]> = {
  eastus: ['East US', 'West US'],
  westus: ['West US', 'East US'],
  eastus2: ['East US 2', 'Central US'],
  centralus: ['Central US', 'East US 2'],
  westus2: ['West US 2', 'West Central US'],
  northeurope: ['North Europe', 'West Europe'],
  westeurope: ['West Europe', 'North Europe'],
};

/**
 * The Cosmos SDK's preferred locations for this process: COSMOS_PREFERRED_LOCATIONS
 * when set, else the process's own region then its pair. The SDK falls back through
 * the list when a region's endpoint fails, and to the account's write region after it.
 */
export function preferredCosmosLocations(
  config: Pick<PlatformConfig['cosmos'], 'preferredLocations' | 'region'>,
): string[] {
  if (config.preferredLocations.length > 0) return config.preferredLocations;
  return [...(PAIRED_LOCATIONS[(config.region ?? '').toLowerCase()] ?? [])];
}

async function credentials(config: PlatformConfig['cosmos']) {
  if (!config.useManagedIdentity) return { key: config.key };
  // Loaded only in Azure: DefaultAzureCredential reads AZURE_CLIENT_ID for a user-assigned identity.
  const { DefaultAzureCredential } = await import('@azure/identity');
  return { aadCredentials: new DefaultAzureCredential() };
}

/**
 * Opens the Cosmos account and makes sure the database and every container exist.
 * The same code reaches Azure Cosmos DB, the Docker emulator or the local server;
 * only `insecureTls` (local certificates) differs.
 */
export async function openCosmosStore(config: PlatformConfig['cosmos']): Promise<CosmosStore> {
  const client = new CosmosClient({
    endpoint: config.endpoint,
    ...(await credentials(config)),
    ...(config.insecureTls ? { agent: new Agent({ rejectUnauthorized: false, keepAlive: true }) } : {}),
    connectionPolicy: {
      preferredLocations: preferredCosmosLocations(config),
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
