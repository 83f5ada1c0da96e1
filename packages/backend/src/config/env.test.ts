import { describe, expect, it } from 'vitest';
import { LOCAL_COSMOS_KEY, loadPlatformConfig } from './env.ts';

describe('loadPlatformConfig', () => {
  it('defaults to the local cloud', () => {
    const config = loadPlatformConfig({});
    expect(config.region).toBe('eastus');
    expect(config.cosmos).toMatchObject({
      endpoint: 'https://localhost:8081',
      key: LOCAL_COSMOS_KEY,
      insecureTls: false,
    });
    expect(config.queue.connectionString).toContain('QueueEndpoint=http://127.0.0.1:10001');
  });

  it('switches to Azure by environment alone', () => {
    const config = loadPlatformConfig({
      CLOUDPC_REGION: 'westus',
      COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/',
      COSMOS_KEY: 'k',
      COSMOS_PREFERRED_LOCATIONS: 'West US, East US',
      QUEUE_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=b',
    });
    expect(config.region).toBe('westus');
    expect(config.cosmos.preferredLocations).toEqual(['West US', 'East US']);
    expect(config.cosmos.insecureTls).toBe(false);
  });

  it('refuses a malformed endpoint with a message naming the variable', () => {
    expect(() => loadPlatformConfig({ COSMOS_ENDPOINT: 'not a url' })).toThrow(/COSMOS_ENDPOINT/);
  });

  it('reads the local TLS relaxation flag', () => {
    expect(loadPlatformConfig({ COSMOS_INSECURE_TLS: '1' }).cosmos.insecureTls).toBe(true);
  });
});
