import { randomUUID } from 'node:crypto';
import type { CloudPcDocument } from '../src/cloud-pcs/cloud-pc-repository.ts';

/** A provisioned Cloud PC document as the provisioning engine would store it. */
export function makeCloudPc(
  overrides: Partial<CloudPcDocument> & Pick<CloudPcDocument, 'tenantId' | 'userId' | 'userPrincipalName'>,
): CloudPcDocument {
  const id = randomUUID();
  const name = `CPC-${overrides.userPrincipalName.slice(0, 4).toUpperCase()}-${id.slice(0, 5).toUpperCase()}`;
  const now = new Date().toISOString();
  return {
    id,
    docType: 'cloudPc',
    displayName: name,
    managedDeviceName: name,
    provisioningPolicyId: '6f6f6f6f-0000-4000-8000-000000000001',
    provisioningPolicyName: 'Seeded policy',
    imageDisplayName: 'Windows 11 Enterprise 25H2',
    servicePlanId: '0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c04',
    servicePlanName: 'Cloud PC Enterprise 2vCPU/8GB/128GB',
    status: 'provisioned',
    statusDetail: null,
    gracePeriodEndDateTime: null,
    powerState: 'running',
    regionName: 'eastus',
    lastModifiedDateTime: now,
    lastRemoteActionResult: null,
    provisioningType: 'dedicated',
    createdDateTime: now,
    ...overrides,
  };
}
