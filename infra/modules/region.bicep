// One region: its own identity, queue storage, Container Apps environment, the two portals,
// the worker and the gateway. It shares nothing with the other region except Cosmos DB
// (and the Key Vault holding the two secrets both regions need).
param namePrefix string
param location string
param unique string
param logAnalyticsWorkspaceName string
param keyVaultName string
param keyVaultUri string
param cosmosAccountName string
param cosmosEndpoint string
param cosmosDatabase string
param adminPortalImage string
param userPortalImage string
param workerImage string
param gatewayImage string
param containerRegistryServer string
param version string
param entraAuthorityHost string
param entraApiClientId string
param entraAdminPortalClientId string
param entraUserPortalClientId string
param entraKnownTenants string
param entraWorkerClientId string
param graphBaseUrl string
@description('wss:// URL of Front Door\'s gateway endpoint (CLOUDPC_GATEWAY_URL).')
param gatewayUrl string
@description('Port the gateway container listens on.')
param gatewayPort int = 8080

var short = take(replace(location, '-', ''), 8)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id-${location}'
  location: location
}

// This region's queues (packages/backend/src/queue): the worker's `provisioning` queue and its poison queue.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${namePrefix}q${short}${unique}', 24)
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queue in ['provisioning', 'provisioning-poison']: {
    parent: queueService
    name: queue
  }
]

// The queue adapter still takes a connection string (a shared key); it lives only in
// Key Vault. The identity also holds the data role, for the switch to Entra ID.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource queueSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'queue-connection-string-${location}'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

var roles = {
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

resource queueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, roles.storageQueueDataContributor)
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
  }
}

resource secretsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

// Cosmos DB Built-in Data Contributor on the whole account (data plane RBAC; the account has no keys).
resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' existing = {
  name: cosmosAccountName
}

resource cosmosRole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, 'data-contributor')
  properties: {
    principalId: identity.properties.principalId
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    scope: cosmos.id
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsWorkspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${namePrefix}-env-${location}'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

// Names exactly as packages/backend/src/config/env.ts and the apps' src/env.ts read them.
var sharedEnv = [
  { name: 'CLOUDPC_REGION', value: location }
  { name: 'CLOUDPC_VERSION', value: version }
  { name: 'COSMOS_ENDPOINT', value: cosmosEndpoint }
  { name: 'COSMOS_DATABASE', value: cosmosDatabase }
  { name: 'COSMOS_USE_MANAGED_IDENTITY', value: '1' }
  { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
  { name: 'QUEUE_CONNECTION_STRING', secretRef: 'queue-connection-string' }
  { name: 'CLOUDPC_LAUNCH_TICKET_SECRET', secretRef: 'launch-ticket-secret' }
  { name: 'ENTRA_AUTHORITY_HOST', value: entraAuthorityHost }
  { name: 'ENTRA_API_CLIENT_ID', value: entraApiClientId }
  { name: 'ENTRA_KNOWN_TENANTS', value: entraKnownTenants }
  { name: 'GRAPH_BASE_URL', value: graphBaseUrl }
  { name: 'CLOUDPC_GATEWAY_URL', value: gatewayUrl }
]

var secrets = [
  {
    name: 'queue-connection-string'
    keyVaultUrl: '${keyVaultUri}secrets/queue-connection-string-${location}'
    identity: identity.id
  }
  { name: 'launch-ticket-secret', keyVaultUrl: '${keyVaultUri}secrets/launch-ticket-secret', identity: identity.id }
  { name: 'worker-client-secret', keyVaultUrl: '${keyVaultUri}secrets/worker-client-secret', identity: identity.id }
]

var apps = [
  {
    name: 'admin'
    image: adminPortalImage
    port: 3000
    env: [{ name: 'ENTRA_ADMIN_PORTAL_CLIENT_ID', value: entraAdminPortalClientId }, { name: 'PORT', value: '3000' }]
  }
  {
    name: 'user'
    image: userPortalImage
    port: 3000
    env: [{ name: 'ENTRA_USER_PORTAL_CLIENT_ID', value: entraUserPortalClientId }, { name: 'PORT', value: '3000' }]
  }
  {
    name: 'gateway'
    image: gatewayImage
    port: gatewayPort
    env: [
      { name: 'CLOUDPC_GATEWAY_PORT', value: string(gatewayPort) }
      // Its default (127.0.0.1) suits a laptop; in a container it must accept the ingress.
      { name: 'CLOUDPC_GATEWAY_HOST', value: '0.0.0.0' }
    ]
  }
  {
    name: 'worker'
    image: workerImage
    port: 0
    env: [
      { name: 'ENTRA_WORKER_CLIENT_ID', value: entraWorkerClientId }
      { name: 'ENTRA_WORKER_CLIENT_SECRET', secretRef: 'worker-client-secret' }
    ]
  }
]

resource app 'Microsoft.App/containerApps@2024-03-01' = [
  for a in apps: {
    name: '${namePrefix}-${a.name}-${location}'
    location: location
    identity: {
      type: 'UserAssigned'
      userAssignedIdentities: { '${identity.id}': {} }
    }
    properties: {
      managedEnvironmentId: environment.id
      configuration: {
        activeRevisionsMode: 'Single'
        // The worker takes no traffic; the rest are Front Door origins (WebSockets pass through on http ingress).
        ingress: a.port == 0
          ? null
          : {
              external: true
              targetPort: a.port
              transport: 'auto'
              allowInsecure: false
            }
        registries: [{ server: containerRegistryServer, identity: identity.id }]
        secrets: secrets
      }
      template: {
        containers: [
          {
            name: a.name
            image: a.image
            env: concat(sharedEnv, a.env)
            resources: { cpu: json('0.5'), memory: '1Gi' }
          }
        ]
        // Never zero: Front Door's probes and the worker's sweeps must always find a replica.
        scale: { minReplicas: 1, maxReplicas: 3 }
      }
    }
    dependsOn: [secretsRole, cosmosRole, queueSecret]
  }
]

output adminPortalFqdn string = app[0].properties.configuration.ingress.fqdn
output userPortalFqdn string = app[1].properties.configuration.ingress.fqdn
output gatewayFqdn string = app[2].properties.configuration.ingress.fqdn
