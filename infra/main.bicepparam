using 'main.bicep'

// Example values: replace every placeholder before deploying (docs/deployment.md).
param namePrefix = 'cloudpc'
param primaryRegion = 'eastus'
param secondaryRegion = 'westus'
param containerRegistryServer = 'myregistry.azurecr.io'
param adminPortalImage = 'myregistry.azurecr.io/cloudpc-admin-portal:0.1.0'
param userPortalImage = 'myregistry.azurecr.io/cloudpc-user-portal:0.1.0'
param workerImage = 'myregistry.azurecr.io/cloudpc-worker:0.1.0'
param gatewayImage = 'myregistry.azurecr.io/cloudpc-gateway:0.1.0'
param version = '0.1.0'
param entraApiClientId = '00000000-0000-0000-0000-000000000000'
param entraAdminPortalClientId = '00000000-0000-0000-0000-000000000000'
param entraUserPortalClientId = '00000000-0000-0000-0000-000000000000'
param entraKnownTenants = '00000000-0000-0000-0000-000000000000'
param entraWorkerClientId = '00000000-0000-0000-0000-000000000000'
param workerClientSecret = readEnvironmentVariable('CLOUDPC_WORKER_CLIENT_SECRET')
param launchTicketSecret = readEnvironmentVariable('CLOUDPC_LAUNCH_TICKET_SECRET')
