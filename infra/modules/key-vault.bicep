// The secrets the apps cannot avoid, read by the regional managed identities through
// Container Apps Key Vault references (Azure RBAC only, no access policies).
param name string
param location string

@secure()
@description('Client secret of the worker\'s Entra app registration (Graph, client credentials).')
param workerClientSecret string

@secure()
@description('32+ random bytes, the same in every region (launch tickets).')
param launchTicketSecret string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
    softDeleteRetentionInDays: 90
  }
}

resource workerSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'worker-client-secret'
  properties: { value: workerClientSecret }
}

resource ticketSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'launch-ticket-secret'
  properties: { value: launchTicketSecret }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
