/**
 * Every Cosmos container the product uses. All are partitioned by /tenantId so a
 * query can always be confined to one tenant; system documents that belong to no
 * tenant use the reserved partition SYSTEM_TENANT.
 */
export const SYSTEM_TENANT = '_system';

export interface ContainerDefinition {
  id: string;
  partitionKey: '/tenantId';
  compositeIndexes?: { path: string; order: 'ascending' | 'descending' }[][];
}

export const CONTAINERS = {
  /** Region heartbeats and other service-level documents. */
  service: { id: 'service', partitionKey: '/tenantId' },
} as const satisfies Record<string, ContainerDefinition>;

export type ContainerName = keyof typeof CONTAINERS;
