// Azure Front Door Standard (profile and endpoints: front-door-endpoints.bicep): one origin
// group and route per entry point (admin portal, user portal, gateway), each region an
// origin. Priority follows the order of the origins (1 = primary); health probes and load
// balancing are Front Door's defaults, which the local front door's `afd` preset reproduces
// (docs/adr/0009-front-door-model.md).
param profileName string
param probeIntervalSeconds int = 100

@description('Per origin group (admin, user, gateway): [{ name, hostName }] in priority order.')
param originsByGroup object

// Same order as front-door-endpoints.bicep.
var groups = ['admin', 'user', 'gateway']

resource profile 'Microsoft.Cdn/profiles@2024-02-01' existing = {
  name: profileName
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-02-01' existing = [
  for group in groups: {
    parent: profile
    name: '${profileName}-${group}'
  }
]

resource originGroup 'Microsoft.Cdn/profiles/originGroups@2024-02-01' = [
  for group in groups: {
    parent: profile
    name: group
    properties: {
      loadBalancingSettings: {
        sampleSize: 4
        successfulSamplesRequired: 3
        additionalLatencyInMilliseconds: 50
      }
      healthProbeSettings: {
        probePath: '/api/health'
        probeRequestType: 'HEAD'
        probeProtocol: 'Https'
        probeIntervalInSeconds: probeIntervalSeconds
      }
      sessionAffinityState: 'Disabled'
    }
  }
]

// Two regions per group: flattened as group × region so each origin is one resource.
var origins = flatten(map(groups, group => map(range(0, length(originsByGroup[group])), i => {
  group: group
  name: originsByGroup[group][i].name
  hostName: originsByGroup[group][i].hostName
  priority: i + 1
})))

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = [
  for o in origins: {
    name: '${profile.name}/${o.group}/${o.name}'
    properties: {
      hostName: o.hostName
      originHostHeader: o.hostName
      httpPort: 80
      httpsPort: 443
      priority: o.priority
      weight: 1000
      enabledState: 'Enabled'
      enforceCertificateNameCheck: true
    }
    dependsOn: [originGroup]
  }
]

resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = [
  for (group, i) in groups: {
    parent: endpoint[i]
    name: group
    properties: {
      originGroup: { id: originGroup[i].id }
      supportedProtocols: ['Http', 'Https']
      patternsToMatch: ['/*']
      forwardingProtocol: 'HttpsOnly'
      httpsRedirect: 'Enabled'
      linkToDefaultDomain: 'Enabled'
      enabledState: 'Enabled'
    }
    // A route may only reference an origin group that has origins.
    dependsOn: [origin]
  }
]

