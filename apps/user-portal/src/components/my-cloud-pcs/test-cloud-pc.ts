import type { MyCloudPc } from './cloud-pc-state.ts';

/** A provisioned, running Cloud PC for view tests. */
export const CLOUD_PC: MyCloudPc = {
  id: 'a1',
  displayName: 'CPC-adele-7KQ2M',
  managedDeviceName: 'CPC-ADELE-7KQ2M',
  userPrincipalName: 'adele@contoso.test',
  provisioningPolicyId: 'p1',
  provisioningPolicyName: 'Sales',
  status: 'provisioned',
  statusDetail: null,
  gracePeriodEndDateTime: null,
  powerState: 'running',
  imageDisplayName: 'Windows 11 Enterprise 24H2',
  servicePlanId: 's1',
  servicePlanName: 'Cloud PC Enterprise 2vCPU/8GB/128GB',
  regionName: 'eastus',
  lastModifiedDateTime: '2026-11-24T09:30:00.000Z',
  lastRemoteActionResult: null,
  provisioningType: 'dedicated',
};
