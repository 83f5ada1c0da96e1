import { describe, expect, it } from 'vitest';
import { loadPlatformConfig } from '../config/env.ts';
import { preferredCosmosLocations } from './cosmos-client.ts';

describe('preferred Cosmos locations', () => {
  it('reads its own region first, then the paired one, when nothing is configured', () => {
    expect(preferredCosmosLocations(loadPlatformConfig({ CLOUDPC_REGION: 'eastus' }).cosmos)).toEqual([
      'East US',
      'West US',
    ]);
    expect(preferredCosmosLocations(loadPlatformConfig({ CLOUDPC_REGION: 'westus' }).cosmos)).toEqual([
      'West US',
      'East US',
    ]);
  });

  it('takes COSMOS_PREFERRED_LOCATIONS over the derived list', () => {
    const config = loadPlatformConfig({
      CLOUDPC_REGION: 'eastus',
      COSMOS_PREFERRED_LOCATIONS: 'North Europe, West Europe',
    });
    expect(preferredCosmosLocations(config.cosmos)).toEqual(['North Europe', 'West Europe']);
  });

  it('leaves the list empty (the account default) for a region it does not know', () => {
    expect(preferredCosmosLocations({ preferredLocations: [], region: 'test' })).toEqual([]);
    expect(preferredCosmosLocations({ preferredLocations: [] })).toEqual([]);
  });

  it('switches to the managed identity only when asked', () => {
    expect(loadPlatformConfig({}).cosmos.useManagedIdentity).toBe(false);
    expect(loadPlatformConfig({ COSMOS_USE_MANAGED_IDENTITY: '1' }).cosmos.useManagedIdentity).toBe(true);
  });
});
