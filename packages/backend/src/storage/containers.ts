/**
 * Every Cosmos container the product uses. All are partitioned by /tenantId so a
 * query can always be confined to one tenant; system documents that belong to no
 * tenant use the reserved partition SYSTEM_TENANT. Composite indexes are declared
 * for every ORDER BY the repositories issue (Cosmos refuses the query otherwise).
 */
export const SYSTEM_TENANT = '_system';

export interface CompositeIndexPath {
  path: string;
  order: 'ascending' | 'descending';
}

export interface ContainerDefinition {
  id: string;
  partitionKey: '/tenantId';
  compositeIndexes?: CompositeIndexPath[][];
}

/** Keyset paging sorts by (field, id); both directions need an index. */
function sortIndexes(...fields: string[]): CompositeIndexPath[][] {
  return fields.flatMap((field) =>
    (['ascending', 'descending'] as const).map((order) => [
      { path: `/${field}`, order },
      { path: '/id', order },
    ]),
  );
}

export const CONTAINERS = {
  /** Region heartbeats and other service-level documents. */
  service: { id: 'service', partitionKey: '/tenantId' },
  /** Provisioning policies and user settings policies (docType tells them apart). */
  policies: { id: 'policies', partitionKey: '/tenantId', compositeIndexes: sortIndexes('displayName') },
  cloudPcs: {
    id: 'cloudPcs',
    partitionKey: '/tenantId',
    compositeIndexes: sortIndexes('displayName', 'userPrincipalName', 'status', 'lastModifiedDateTime'),
  },
  audit: { id: 'audit', partitionKey: '/tenantId', compositeIndexes: sortIndexes('activityDateTime') },
  /**
   * Provisioning engine jobs (the source of truth; queue messages only point here).
   * Sweeps filter by tenant and status and need no ORDER BY.
   */
  jobs: { id: 'jobs', partitionKey: '/tenantId' },
  /** Directory sync state per tenant (delta link, targeted group members) and device name reservations. */
  directory: { id: 'directory', partitionKey: '/tenantId' },
  /** Cloud PC restore points (snapshots), newest first per Cloud PC. */
  snapshots: { id: 'snapshots', partitionKey: '/tenantId', compositeIndexes: sortIndexes('createdDateTime') },
  /** Launch tickets (claimed once) and connection events (one per launch attempt, for diagnostics). */
  connections: { id: 'connections', partitionKey: '/tenantId' },
  /**
   * Diagnostics: hourly counter documents (jobs, connections), region health samples and
   * alerts. Pages read O(hours) of these, never the raw events (ADR 0008).
   */
  diagnostics: { id: 'diagnostics', partitionKey: '/tenantId' },
} as const satisfies Record<string, ContainerDefinition>;

export type ContainerName = keyof typeof CONTAINERS;
