import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { ZListQuery, ZPage } from '../odata.ts';
import { ZAssignPolicy, ZDisplayName } from './provisioning-policies.ts';

const base = '/api/v1.0/deviceManagement/virtualEndpoint/userSettings';

export const RESTORE_POINT_FREQUENCIES = [4, 6, 12, 16, 24] as const;

export const ZRestorePointSetting = z
  .object({
    frequencyInHours: z
      .number()
      .int()
      .refine((value) => (RESTORE_POINT_FREQUENCIES as readonly number[]).includes(value), {
        message: `Choose one of ${RESTORE_POINT_FREQUENCIES.join(', ')} hours.`,
      }),
    userRestoreEnabled: z.boolean(),
  })
  .strict();

export const ZUserSetting = z.object({
  '@odata.type': z.literal('#microsoft.graph.cloudPcUserSetting'),
  '@odata.etag': z.string(),
  id: z.string(),
  displayName: z.string(),
  localAdminEnabled: z.boolean(),
  resetEnabled: z.boolean(),
  restorePointSetting: z.object({ frequencyInHours: z.number().int(), userRestoreEnabled: z.boolean() }),
  createdDateTime: z.string(),
  lastModifiedDateTime: z.string(),
  assignments: z
    .array(
      z.object({
        id: z.string(),
        target: z.object({ '@odata.type': z.string(), groupId: z.string() }),
      }),
    )
    .optional(),
});
export type UserSetting = z.infer<typeof ZUserSetting>;

export const ZCreateUserSetting = z
  .object({
    '@odata.type': z.literal('#microsoft.graph.cloudPcUserSetting').optional(),
    displayName: ZDisplayName,
    localAdminEnabled: z.boolean().default(false),
    resetEnabled: z.boolean().default(false),
    restorePointSetting: ZRestorePointSetting.default({ frequencyInHours: 12, userRestoreEnabled: false }),
  })
  .strict();
export type CreateUserSetting = z.infer<typeof ZCreateUserSetting>;

export const ZUpdateUserSetting = z
  .object({
    '@odata.type': z.literal('#microsoft.graph.cloudPcUserSetting').optional(),
    displayName: ZDisplayName.optional(),
    localAdminEnabled: z.boolean().optional(),
    resetEnabled: z.boolean().optional(),
    restorePointSetting: ZRestorePointSetting.optional(),
  })
  .strict();
export type UpdateUserSetting = z.infer<typeof ZUpdateUserSetting>;

export const listUserSettings = defineEndpoint({
  method: 'GET',
  path: base,
  query: ZListQuery,
  response: ZPage(ZUserSetting),
});
export const createUserSetting = defineEndpoint({
  method: 'POST',
  path: base,
  body: ZCreateUserSetting,
  response: ZUserSetting,
});
export const getUserSetting = defineEndpoint({
  method: 'GET',
  path: `${base}/{id}`,
  query: ZListQuery.pick({ $expand: true, $select: true }).strict(),
  response: ZUserSetting,
});
export const updateUserSetting = defineEndpoint({
  method: 'PATCH',
  path: `${base}/{id}`,
  body: ZUpdateUserSetting,
  response: z.void(),
});
export const deleteUserSetting = defineEndpoint({
  method: 'DELETE',
  path: `${base}/{id}`,
  response: z.void(),
});
export const assignUserSetting = defineEndpoint({
  method: 'POST',
  path: `${base}/{id}/assign`,
  body: ZAssignPolicy,
  response: z.void(),
});
