import type { GalleryImage, ServicePlan, SupportedRegion } from '@cloudpc/api-client';

/**
 * What the policy editor offers. Windows 365 serves these from a global catalogue;
 * they change with releases, not at run time, so they live in code.
 */
function plan(id: string, vCpuCount: number, ramInGB: number, storageInGB: number): ServicePlan {
  return {
    id,
    displayName: `Cloud PC Enterprise ${vCpuCount}vCPU/${ramInGB}GB/${storageInGB}GB`,
    type: 'enterprise',
    vCpuCount,
    ramInGB,
    storageInGB,
    userProfileInGB: 0,
    provisioningType: 'dedicated',
  };
}

export const SERVICE_PLANS: readonly ServicePlan[] = [
  plan('0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c01', 2, 4, 64),
  plan('0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c02', 2, 4, 128),
  plan('0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c03', 2, 4, 256),
  plan('0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c04', 2, 8, 128),
  plan('0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c05', 2, 8, 256),
  plan('0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c06', 4, 16, 128),
  plan('0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c07', 4, 16, 256),
  plan('0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c08', 4, 16, 512),
  plan('0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c09', 8, 32, 128),
  plan('0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c10', 8, 32, 256),
  plan('0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c11', 8, 32, 512),
];

/** The plan a new Cloud PC gets when its policy names none: the common 2vCPU/8GB/128GB. */
export const DEFAULT_SERVICE_PLAN_ID = '0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c04';

function image(
  offer: string,
  sku: string,
  displayName: string,
  osVersionNumber: string,
  status: GalleryImage['status'] = 'supported',
): GalleryImage {
  return {
    // Graph's gallery image ids are publisher_offer_sku.
    id: `microsoftwindowsdesktop_${offer}_${sku}`,
    displayName,
    publisherName: 'MicrosoftWindowsDesktop',
    offerName: offer,
    skuName: sku,
    osVersionNumber,
    sizeInGB: 64,
    status,
    startDate: '2025-10-01',
    endDate: '2028-10-10',
    expirationDate: '2029-04-10',
  };
}

export const GALLERY_IMAGES: readonly GalleryImage[] = [
  image(
    'windows-ent-cpc',
    'win11-25h2-ent-cpc-m365',
    'Windows 11 Enterprise + Microsoft 365 Apps 25H2',
    '10.0.26200',
  ),
  image('windows-ent-cpc', 'win11-25h2-ent-cpc', 'Windows 11 Enterprise 25H2', '10.0.26200'),
  image(
    'windows-ent-cpc',
    'win11-24h2-ent-cpc-m365',
    'Windows 11 Enterprise + Microsoft 365 Apps 24H2',
    '10.0.26100',
  ),
  image('windows-ent-cpc', 'win11-24h2-ent-cpc', 'Windows 11 Enterprise 24H2', '10.0.26100'),
  image(
    'windows-ent-cpc',
    'win10-22h2-ent-cpc-m365',
    'Windows 10 Enterprise + Microsoft 365 Apps 22H2',
    '10.0.19045',
    'supportedWithWarning',
  ),
];

export const SUPPORTED_REGIONS: readonly SupportedRegion[] = [
  {
    id: 'eastus',
    displayName: 'East US',
    regionStatus: 'available',
    supportedSolution: 'windows365',
    regionGroup: 'usEast',
    geographicLocationType: 'northAmerica',
  },
  {
    id: 'westus',
    displayName: 'West US',
    regionStatus: 'available',
    supportedSolution: 'windows365',
    regionGroup: 'usWest',
    geographicLocationType: 'northAmerica',
  },
];

export function findGalleryImage(id: string): GalleryImage | undefined {
  return GALLERY_IMAGES.find((candidate) => candidate.id === id);
}

export function findSupportedRegion(name: string): SupportedRegion | undefined {
  return SUPPORTED_REGIONS.find((candidate) => candidate.id === name);
}

export function findServicePlan(id: string): ServicePlan | undefined {
  return SERVICE_PLANS.find((candidate) => candidate.id === id);
}
