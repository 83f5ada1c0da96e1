import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { ZListQuery, ZPage } from '../odata.ts';

export const ZAuditActor = z.object({
  type: z.enum(['user', 'application']),
  userId: z.string().nullable(),
  userPrincipalName: z.string().nullable(),
  applicationId: z.string().nullable(),
  applicationDisplayName: z.string().nullable(),
});

export const ZModifiedProperty = z.object({
  displayName: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
});

export const ZAuditResource = z.object({
  resourceId: z.string(),
  displayName: z.string(),
  resourceType: z.string(),
  modifiedProperties: z.array(ZModifiedProperty),
});

/** Graph's cloudPcAuditEvent plus the region that served the request. */
export const ZAuditEvent = z.object({
  '@odata.type': z.literal('#microsoft.graph.cloudPcAuditEvent'),
  id: z.string(),
  displayName: z.string(),
  componentName: z.string(),
  activity: z.string(),
  activityDateTime: z.string(),
  activityType: z.string(),
  activityOperationType: z.enum(['create', 'delete', 'patch', 'other']),
  activityResult: z.enum(['success', 'clientError', 'failure', 'timeout', 'other']),
  correlationId: z.string(),
  category: z.literal('cloudPC'),
  actor: ZAuditActor,
  resources: z.array(ZAuditResource),
  regionName: z.string(),
  jobId: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof ZAuditEvent>;

export const listAuditEvents = defineEndpoint({
  method: 'GET',
  path: '/api/v1.0/deviceManagement/virtualEndpoint/auditEvents',
  query: ZListQuery,
  response: ZPage(ZAuditEvent),
});
