import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { ZPage } from '../odata.ts';

/**
 * Remote actions on a Cloud PC (Graph's cloudPC actions) and its restore points.
 * Every action answers 204 at once; the work runs as a job and its progress shows in
 * the Cloud PC's `lastRemoteActionResult` (pending, active, done, failed). An action
 * that conflicts with work in progress answers 409.
 */
const adminBase = '/api/v1.0/deviceManagement/virtualEndpoint/cloudPCs/{id}';
const meBase = '/api/v1.0/me/cloudPCs/{id}';

export const ZRenameCloudPc = z
  .object({
    displayName: z
      .string({ error: 'displayName is required' })
      .trim()
      .min(1, 'Enter a name.')
      .max(64, 'Use at most 64 characters.')
      .refine((value) => !/[\p{Cc}<>&|"^]/u.test(value), {
        message: 'The name cannot contain control characters or < > & | " ^.',
      }),
  })
  .strict();
export type RenameCloudPc = z.infer<typeof ZRenameCloudPc>;

export const ZResizeCloudPc = z
  .object({ targetServicePlanId: z.string({ error: 'targetServicePlanId is required' }).min(1).max(64) })
  .strict();
export type ResizeCloudPc = z.infer<typeof ZResizeCloudPc>;

export const ZRestoreCloudPc = z
  .object({ cloudPcSnapshotId: z.string({ error: 'cloudPcSnapshotId is required' }).min(1).max(200) })
  .strict();
export type RestoreCloudPc = z.infer<typeof ZRestoreCloudPc>;

/** Graph's cloudPcSnapshot: a restore point. */
export const ZCloudPcSnapshot = z.object({
  '@odata.type': z.literal('#microsoft.graph.cloudPcSnapshot'),
  id: z.string(),
  cloudPcId: z.string(),
  status: z.enum(['ready', 'unknownFutureValue']),
  snapshotType: z.enum(['automatic', 'manual', 'unknownFutureValue']),
  healthCheckStatus: z.enum(['unknown', 'healthy', 'unhealthy', 'unknownFutureValue']),
  createdDateTime: z.string(),
  lastRestoredDateTime: z.string().nullable(),
  expirationDateTime: z.string().nullable(),
});
export type CloudPcSnapshot = z.infer<typeof ZCloudPcSnapshot>;

const action = (base: string, name: string) =>
  defineEndpoint({ method: 'POST', path: `${base}/${name}`, response: z.void() });
const actionWithBody = <T extends z.ZodType>(base: string, name: string, body: T) =>
  defineEndpoint({ method: 'POST', path: `${base}/${name}`, body, response: z.void() });

export const rebootCloudPc = action(adminBase, 'reboot');
export const renameCloudPc = actionWithBody(adminBase, 'rename', ZRenameCloudPc);
export const reprovisionCloudPc = action(adminBase, 'reprovision');
export const resizeCloudPc = actionWithBody(adminBase, 'resize', ZResizeCloudPc);
export const restoreCloudPc = actionWithBody(adminBase, 'restore', ZRestoreCloudPc);
export const troubleshootCloudPc = action(adminBase, 'troubleshoot');
export const endGracePeriodCloudPc = action(adminBase, 'endGracePeriod');
export const powerOnCloudPc = action(adminBase, 'powerOn');
export const powerOffCloudPc = action(adminBase, 'powerOff');
export const retrieveCloudPcSnapshots = defineEndpoint({
  method: 'GET',
  path: `${adminBase}/retrieveSnapshots`,
  response: ZPage(ZCloudPcSnapshot),
});

export const rebootMyCloudPc = action(meBase, 'reboot');
export const renameMyCloudPc = actionWithBody(meBase, 'rename', ZRenameCloudPc);
export const restoreMyCloudPc = actionWithBody(meBase, 'restore', ZRestoreCloudPc);
export const troubleshootMyCloudPc = action(meBase, 'troubleshoot');
export const retrieveMyCloudPcSnapshots = defineEndpoint({
  method: 'GET',
  path: `${meBase}/retrieveSnapshots`,
  response: ZPage(ZCloudPcSnapshot),
});
