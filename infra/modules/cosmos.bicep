// One Cosmos DB account in both regions: the only thing the regions share.
// Session consistency, automatic failover to the secondary, no keys (Entra ID only).
param name string
param primaryRegion string
param secondaryRegion string
param databaseName string = 'cloudpc'

// Mirrors packages/backend/src/storage/containers.ts: every container is partitioned by
// /tenantId; `sortFields` are the keyset-paging sorts, each needing (field, id) composite
// indexes in both directions. The apps create nothing here (local auth is disabled), so a
// container added to containers.ts must be added here too.
var containers = [
  { id: 'service', sortFields: [] }
  { id: 'policies', sortFields: ['displayName'] }
  { id: 'cloudPcs', sortFields: ['displayName', 'userPrincipalName', 'status', 'lastModifiedDateTime'] }
  { id: 'audit', sortFields: ['activityDateTime'] }
  { id: 'jobs', sortFields: [] }
  { id: 'directory', sortFields: [] }
  { id: 'snapshots', sortFields: ['createdDateTime'] }
  { id: 'connections', sortFields: [] }
  { id: 'diagnostics', sortFields: [] }
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: name
  location: primaryRegion
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    enableAutomaticFailover: true
    enableMultipleWriteLocations: false
    disableLocalAuth: true
    locations: [
      { locationName: primaryRegion, failoverPriority: 0, isZoneRedundant: false }
      { locationName: secondaryRegion, failoverPriority: 1, isZoneRedundant: false }
    ]
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: databaseName
  properties: { resource: { id: databaseName } }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [
  for c in containers: {
    parent: database
    name: c.id
    properties: {
      resource: {
        id: c.id
        partitionKey: { paths: ['/tenantId'], kind: 'Hash' }
        indexingPolicy: {
          indexingMode: 'consistent'
          automatic: true
          includedPaths: [{ path: '/*' }]
          excludedPaths: [{ path: '/"_etag"/?' }]
          compositeIndexes: flatten(map(c.sortFields, field => [
            [{ path: '/${field}', order: 'ascending' }, { path: '/id', order: 'ascending' }]
            [{ path: '/${field}', order: 'descending' }, { path: '/id', order: 'descending' }]
          ]))
        }
      }
    }
  }
]

output name string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
