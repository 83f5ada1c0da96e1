import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { ZPage } from '../odata.ts';

export const ZServicePlan = z.object({
  id: z.string(),
  displayName: z.string(),
  type: z.enum(['enterprise', 'business']),
  vCpuCount: z.number().int(),
  ramInGB: z.number().int(),
  storageInGB: z.number().int(),
  userProfileInGB: z.number().int(),
  provisioningType: z.enum(['dedicated', 'shared']),
});
export type ServicePlan = z.infer<typeof ZServicePlan>;

export const ZGalleryImage = z.object({
  id: z.string(),
  displayName: z.string(),
  publisherName: z.string(),
  offerName: z.string(),
  skuName: z.string(),
  osVersionNumber: z.string(),
  sizeInGB: z.number().int(),
  status: z.enum(['supported', 'supportedWithWarning', 'notSupported']),
  startDate: z.string(),
  endDate: z.string(),
  expirationDate: z.string(),
});
export type GalleryImage = z.infer<typeof ZGalleryImage>;

export const ZSupportedRegion = z.object({
  id: z.string(),
  displayName: z.string(),
  regionStatus: z.enum(['available', 'restricted', 'unavailable']),
  supportedSolution: z.enum(['windows365', 'devBox']),
  regionGroup: z.string(),
  geographicLocationType: z.string(),
});
export type SupportedRegion = z.infer<typeof ZSupportedRegion>;

const base = '/api/v1.0/deviceManagement/virtualEndpoint';

export const listServicePlans = defineEndpoint({
  method: 'GET',
  path: `${base}/servicePlans`,
  response: ZPage(ZServicePlan),
});
export const listGalleryImages = defineEndpoint({
  method: 'GET',
  path: `${base}/galleryImages`,
  response: ZPage(ZGalleryImage),
});
export const listSupportedRegions = defineEndpoint({
  method: 'GET',
  path: `${base}/supportedRegions`,
  response: ZPage(ZSupportedRegion),
});
