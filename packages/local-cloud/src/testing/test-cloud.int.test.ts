import { Agent } from 'node:https';
import { CosmosClient } from '@azure/cosmos';
import { QueueServiceClient } from '@azure/storage-queue';
import { describe, expect, it } from 'vitest';
import { getTestCloud } from './test-cloud.ts';

describe('integration global setup', () => {
  it('exposes the same Cosmos and Azurite through inject() and through the environment', () => {
    const cloud = getTestCloud();
    expect(process.env.COSMOS_ENDPOINT).toBe(cloud.cosmos.endpoint);
    expect(process.env.COSMOS_KEY).toBe(cloud.cosmos.key);
    expect(process.env.COSMOS_INSECURE_TLS).toBe('1');
    expect(process.env.QUEUE_CONNECTION_STRING).toBe(cloud.queues.connectionString);
  });

  it('serves Cosmos and queues that answer real SDK calls', async () => {
    const cloud = getTestCloud();
    const cosmos = new CosmosClient({
      endpoint: cloud.cosmos.endpoint,
      key: cloud.cosmos.key,
      agent: new Agent({ rejectUnauthorized: false }),
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    try {
      const { database } = await cosmos.databases.createIfNotExists({ id: 'test-cloud-check' });
      expect(database.id).toBe('test-cloud-check');
    } finally {
      cosmos.dispose();
    }
    const queue = QueueServiceClient.fromConnectionString(cloud.queues.connectionString).getQueueClient(
      'test-cloud-check',
    );
    await queue.createIfNotExists();
    await queue.sendMessage('hello');
    const { receivedMessageItems } = await queue.receiveMessages();
    expect(receivedMessageItems.map((m) => m.messageText)).toEqual(['hello']);
    await queue.delete();
  });
});
