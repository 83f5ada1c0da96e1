// The Front Door profile and its three endpoints, created before the regions: the portals
// need the gateway endpoint's host name (CLOUDPC_GATEWAY_URL) and it is only known once
// the endpoint exists. Origin groups, origins and routes follow in front-door.bicep.
param name string

// Fixed order: outputs are indexed the same way.
var groups = ['admin', 'user', 'gateway']

resource profile 'Microsoft.Cdn/profiles@2024-02-01' = {
  name: name
  location: 'global'
  sku: { name: 'Standard_AzureFrontDoor' }
  properties: {
    // Front Door's origin response timeout (the local front door's originTimeoutMs).
    originResponseTimeoutSeconds: 60
  }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-02-01' = [
  for group in groups: {
    parent: profile
    name: '${name}-${group}'
    location: 'global'
    properties: { enabledState: 'Enabled' }
  }
]

output profileName string = profile.name
@description('Endpoint host names in the order of `groups`: admin, user, gateway.')
output hostNames array = [for (group, i) in groups: endpoint[i].properties.hostName]
