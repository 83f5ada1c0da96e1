import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { checkNamingTemplate, DEFAULT_NAMING_TEMPLATE } from '../naming-template.ts';
import { ZListQuery, ZPage } from '../odata.ts';

const base = '/api/v1.0/deviceManagement/virtualEndpoint/provisioningPolicies';

/** Windows 365 refuses these characters in a policy name. */
const FORBIDDEN_NAME_CHARACTERS = /[<>&|"^]/;

export const ZDisplayName = z
  .string({ error: 'displayName is required' })
  .trim()
  .min(1, 'Enter a name.')
  .max(120, 'Use at most 120 characters.')
  .refine((value) => !FORBIDDEN_NAME_CHARACTERS.test(value), {
    message: 'The name cannot contain < > & | " or ^.',
  });

export const ZNamingTemplate = z.string().superRefine((value, context) => {
  const check = checkNamingTemplate(value);
  if (!check.ok) context.addIssue({ code: 'custom', message: check.message });
});

export const ZDomainJoinConfiguration = z
  .object({
    '@odata.type': z.string().optional(),
    domainJoinType: z.enum(['azureADJoin', 'hybridAzureADJoin']),
    regionName: z.string().min(1, 'Choose a region.').max(64),
    regionGroup: z.string().max(64).optional(),
    onPremisesConnectionId: z.string().max(64).nullable().optional(),
  })
  .strict();

export const ZWindowsSetting = z
  .object({
    locale: z
      .string()
      .regex(/^[a-z]{2,3}-[A-Z]{2}$/, 'Use a language and region such as en-US.')
      .default('en-US'),
  })
  .strict();

export const ZPolicyAssignment = z.object({
  id: z.string(),
  target: z.object({
    '@odata.type': z.literal('#microsoft.graph.cloudPcManagementGroupAssignmentTarget'),
    groupId: z.string(),
  }),
});

export const ZProvisioningPolicy = z.object({
  '@odata.type': z.literal('#microsoft.graph.cloudPcProvisioningPolicy'),
  '@odata.etag': z.string(),
  id: z.string(),
  displayName: z.string(),
  description: z.string(),
  provisioningType: z.enum(['dedicated', 'shared']),
  imageId: z.string(),
  imageDisplayName: z.string(),
  imageType: z.enum(['gallery', 'custom']),
  domainJoinConfigurations: z.array(ZDomainJoinConfiguration),
  windowsSetting: z.object({ locale: z.string() }),
  cloudPcNamingTemplate: z.string(),
  enableSingleSignOn: z.boolean(),
  localAdminEnabled: z.boolean(),
  gracePeriodInHours: z.number().int(),
  managedBy: z.literal('windows365'),
  createdDateTime: z.string(),
  lastModifiedDateTime: z.string(),
  assignments: z.array(ZPolicyAssignment).optional(),
});
export type ProvisioningPolicy = z.infer<typeof ZProvisioningPolicy>;

const READ_ONLY = {
  // Graph scripts often send back what they read: accept read-only fields only
  // when they carry the value the service would have set anyway.
  '@odata.type': z.literal('#microsoft.graph.cloudPcProvisioningPolicy').optional(),
  gracePeriodInHours: z.literal(168, 'gracePeriodInHours is read-only (168).').optional(),
  imageDisplayName: z.string().max(200).optional(),
  managedBy: z.literal('windows365').optional(),
};

const mutable = {
  displayName: ZDisplayName,
  description: z.string().max(512, 'Use at most 512 characters.').default(''),
  imageId: z.string({ error: 'Choose an image.' }).min(1, 'Choose an image.').max(200),
  imageType: z.enum(['gallery', 'custom']).default('gallery'),
  domainJoinConfigurations: z
    .array(ZDomainJoinConfiguration, { error: 'Choose a join type and region.' })
    .min(1, 'Choose a join type and region.')
    .max(1, 'One join configuration per policy.'),
  windowsSetting: ZWindowsSetting.default({ locale: 'en-US' }),
  cloudPcNamingTemplate: ZNamingTemplate.default(DEFAULT_NAMING_TEMPLATE),
  enableSingleSignOn: z.boolean().default(false),
  localAdminEnabled: z.boolean().default(false),
};

export const ZCreateProvisioningPolicy = z
  .object({
    ...READ_ONLY,
    ...mutable,
    provisioningType: z.enum(['dedicated', 'shared']).default('dedicated'),
  })
  .strict();
export type CreateProvisioningPolicy = z.infer<typeof ZCreateProvisioningPolicy>;

/** PATCH: any mutable field; provisioningType may be sent only unchanged (checked by the domain). */
export const ZUpdateProvisioningPolicy = z
  .object({
    ...READ_ONLY,
    displayName: mutable.displayName.optional(),
    description: z.string().max(512, 'Use at most 512 characters.').optional(),
    imageId: mutable.imageId.optional(),
    imageType: z.enum(['gallery', 'custom']).optional(),
    domainJoinConfigurations: mutable.domainJoinConfigurations.optional(),
    windowsSetting: ZWindowsSetting.optional(),
    cloudPcNamingTemplate: ZNamingTemplate.optional(),
    enableSingleSignOn: z.boolean().optional(),
    localAdminEnabled: z.boolean().optional(),
    provisioningType: z.enum(['dedicated', 'shared']).optional(),
  })
  .strict();
export type UpdateProvisioningPolicy = z.infer<typeof ZUpdateProvisioningPolicy>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ZGuid = z.string().regex(GUID, 'Must be a GUID.');

export const ZAssignPolicy = z
  .object({
    assignments: z
      .array(
        z
          .object({
            id: z.string().max(100).optional(),
            target: z
              .object({
                '@odata.type': z.string().max(200).optional(),
                groupId: ZGuid,
              })
              .strict(),
          })
          .strict(),
      )
      .max(100, 'At most 100 groups per policy.'),
  })
  .strict();
export type AssignPolicy = z.infer<typeof ZAssignPolicy>;

export const ZPolicyListQuery = ZListQuery;

export const listProvisioningPolicies = defineEndpoint({
  method: 'GET',
  path: base,
  query: ZPolicyListQuery,
  response: ZPage(ZProvisioningPolicy),
});
export const createProvisioningPolicy = defineEndpoint({
  method: 'POST',
  path: base,
  body: ZCreateProvisioningPolicy,
  response: ZProvisioningPolicy,
});
export const getProvisioningPolicy = defineEndpoint({
  method: 'GET',
  path: `${base}/{id}`,
  query: ZListQuery.pick({ $expand: true, $select: true }).strict(),
  response: ZProvisioningPolicy,
});
export const updateProvisioningPolicy = defineEndpoint({
  method: 'PATCH',
  path: `${base}/{id}`,
  body: ZUpdateProvisioningPolicy,
  // Graph answers 204; the new ETag travels in the ETag header.
  response: z.void(),
});
export const deleteProvisioningPolicy = defineEndpoint({
  method: 'DELETE',
  path: `${base}/{id}`,
  response: z.void(),
});
export const assignProvisioningPolicy = defineEndpoint({
  method: 'POST',
  path: `${base}/{id}/assign`,
  body: ZAssignPolicy,
  response: z.void(),
});
