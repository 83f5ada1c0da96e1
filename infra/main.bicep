// Cloud PC service on Azure: two paired regions behind Azure Front Door, sharing only
// one multi-region Cosmos DB account. Deploy at resource-group scope (docs/deployment.md).
targetScope = 'resourceGroup'

@description('Short prefix for every resource name (lowercase letters and digits).')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Primary region: Front Door priority 1, Cosmos DB write region.')
param primaryRegion string = 'eastus'

@description('Secondary (paired) region: Front Door priority 2, Cosmos DB failover region.')
param secondaryRegion string = 'westus'

@description('Container images, e.g. myregistry.azurecr.io/cloudpc-admin-portal:0.1.0')
param adminPortalImage string
param userPortalImage string
param workerImage string
param gatewayImage string

@description('Registry the images come from; pulled with the regional managed identity (AcrPull granted outside this template).')
param containerRegistryServer string

@description('Release reported by health checks (CLOUDPC_VERSION).')
param version string

@description('Entra ID settings, as in docs/entra-setup.md.')
param entraAuthorityHost string = 'https://login.microsoftonline.com'
param entraApiClientId string
param entraAdminPortalClientId string
param entraUserPortalClientId string
@description('Comma-separated tenant ids whose tokens the API accepts.')
param entraKnownTenants string
param entraWorkerClientId string
param graphBaseUrl string = 'https://graph.microsoft.com/v1.0'

@secure()
@description('The worker app registration\'s client secret; stored in Key Vault, never in app settings.')
param workerClientSecret string

@secure()
@description('Launch-ticket signing key (32+ random bytes), shared by both regions; stored in Key Vault.')
param launchTicketSecret string

@description('Front Door preset, as the local front door: afd keeps Azure\'s defaults.')
param probeIntervalSeconds int = 100

var regions = [primaryRegion, secondaryRegion]
var unique = uniqueString(resourceGroup().id)

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { name: '${namePrefix}-logs-${unique}', location: primaryRegion }
}

module vault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    name: take('${namePrefix}kv${unique}', 24)
    location: primaryRegion
    workerClientSecret: workerClientSecret
    launchTicketSecret: launchTicketSecret
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    name: '${namePrefix}-cosmos-${unique}'
    primaryRegion: primaryRegion
    secondaryRegion: secondaryRegion
  }
}

module frontDoorEndpoints 'modules/front-door-endpoints.bicep' = {
  name: 'front-door-endpoints'
  params: { name: '${namePrefix}-fd-${unique}' }
}

module region 'modules/region.bicep' = [
  for location in regions: {
    name: 'region-${location}'
    params: {
      namePrefix: namePrefix
      location: location
      unique: unique
      logAnalyticsWorkspaceName: monitoring.outputs.name
      keyVaultName: vault.outputs.name
      keyVaultUri: vault.outputs.uri
      cosmosAccountName: cosmos.outputs.name
      cosmosEndpoint: cosmos.outputs.endpoint
      cosmosDatabase: cosmos.outputs.databaseName
      adminPortalImage: adminPortalImage
      userPortalImage: userPortalImage
      workerImage: workerImage
      gatewayImage: gatewayImage
      containerRegistryServer: containerRegistryServer
      version: version
      entraAuthorityHost: entraAuthorityHost
      entraApiClientId: entraApiClientId
      entraAdminPortalClientId: entraAdminPortalClientId
      entraUserPortalClientId: entraUserPortalClientId
      entraKnownTenants: entraKnownTenants
      entraWorkerClientId: entraWorkerClientId
      graphBaseUrl: graphBaseUrl
      // The session page opens desktops through Front Door's gateway endpoint.
      gatewayUrl: 'wss://${frontDoorEndpoints.outputs.hostNames[2]}'
    }
  }
]

module frontDoor 'modules/front-door.bicep' = {
  name: 'front-door'
  params: {
    profileName: frontDoorEndpoints.outputs.profileName
    probeIntervalSeconds: probeIntervalSeconds
    // Priority follows the order of `regions`: index 0 is priority 1.
    originsByGroup: {
      admin: [for (location, index) in regions: { name: location, hostName: region[index].outputs.adminPortalFqdn }]
      user: [for (location, index) in regions: { name: location, hostName: region[index].outputs.userPortalFqdn }]
      gateway: [for (location, index) in regions: { name: location, hostName: region[index].outputs.gatewayFqdn }]
    }
  }
}

output adminUrl string = 'https://${frontDoorEndpoints.outputs.hostNames[0]}'
output userUrl string = 'https://${frontDoorEndpoints.outputs.hostNames[1]}'
output gatewayUrl string = 'wss://${frontDoorEndpoints.outputs.hostNames[2]}'
output keyVaultName string = vault.outputs.name
output cosmosEndpoint string = cosmos.outputs.endpoint
