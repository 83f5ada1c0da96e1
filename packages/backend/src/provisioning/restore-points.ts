import { randomUUID } from 'node:crypto';
import {
  type EngineCloudPcDocument,
  listReadyCloudPcs,
  replaceEngineCloudPc,
} from '../cloud-pcs/cloud-pc-state-repository.ts';
import {
  insertSnapshot,
  listSnapshotsOfCloudPc,
  removeSnapshot,
  type SnapshotDocument,
} from '../cloud-pcs/snapshot-repository.ts';
import { readDirectoryState } from '../directory/directory-state-repository.ts';
import { effectiveUserSetting, groupsByUser, loadTargets } from '../directory/directory-targets.ts';
import { AppError } from '../errors/app-error.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { machineSpecOf } from './provision-handler.ts';
import type { ProvisioningContext } from './provisioning-context.ts';

/** Windows 365's default when no user setting applies, and how many restore points it keeps. */
export const DEFAULT_RESTORE_POINT_HOURS = 12;
export const KEPT_RESTORE_POINTS = 10;

export interface UserRestoreSettings {
  frequencyInHours: number;
  userRestoreEnabled: boolean;
}

/** The user setting that applies to a user: the first one assigned to a group they are in. */
export async function resolveRestoreSettings(
  store: CosmosStore,
  tenantId: string,
  userIds: readonly string[],
): Promise<Map<string, UserRestoreSettings>> {
  const [targets, state] = await Promise.all([
    loadTargets(store, tenantId),
    readDirectoryState(store, tenantId),
  ]);
  const index = groupsByUser(state?.value ?? { groups: {} });
  const settings = new Map<string, UserRestoreSettings>();
  for (const userId of userIds) {
    const setting = effectiveUserSetting(targets, state?.value ?? { assignedSince: {} }, index.get(userId));
    settings.set(userId, {
      frequencyInHours: setting?.restorePointSetting.frequencyInHours ?? DEFAULT_RESTORE_POINT_HOURS,
      userRestoreEnabled: setting?.restorePointSetting.userRestoreEnabled ?? false,
    });
  }
  return settings;
}

function isDue(cloudPc: EngineCloudPcDocument, frequencyInHours: number, now: Date): boolean {
  const last = cloudPc.lastRestorePointDateTime ?? cloudPc.createdDateTime;
  return new Date(last).getTime() + frequencyInHours * 3_600_000 <= now.getTime();
}

/**
 * Takes the restore points that are due, at each user's restore-point frequency,
 * and keeps the newest ten. Skips Cloud PCs a job is working on; they are taken on
 * a later pass. The Cloud PC's `lastRestorePointDateTime` is written with its ETag,
 * so two regions sweeping at once do not both count the same restore point as due
 * twice in a row (the loser's extra restore point is harmless and pruned).
 */
export async function takeDueRestorePoints(context: ProvisioningContext): Promise<number> {
  let taken = 0;
  const now = context.now();
  for (const tenantId of context.tenantIds) {
    const ready = (await listReadyCloudPcs(context.store, tenantId)).filter(
      (cloudPc) => !cloudPc.value.activeJobId,
    );
    if (ready.length === 0) continue;
    const settings = await resolveRestoreSettings(
      context.store,
      tenantId,
      ready.map((cloudPc) => cloudPc.value.userId),
    );
    for (const cloudPc of ready) {
      const frequency = settings.get(cloudPc.value.userId)?.frequencyInHours ?? DEFAULT_RESTORE_POINT_HOURS;
      if (!isDue(cloudPc.value, frequency, now)) continue;
      try {
        await replaceEngineCloudPc(
          context.store,
          { ...cloudPc.value, lastRestorePointDateTime: now.toISOString() },
          cloudPc.etag,
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'PreconditionFailed') continue;
        throw error;
      }
      const { providerSnapshotId } = await context.compute.snapshot(machineSpecOf(cloudPc.value));
      const snapshot: SnapshotDocument = {
        id: `CPC_${cloudPc.value.id}_${randomUUID()}`,
        tenantId,
        docType: 'cloudPcSnapshot',
        cloudPcId: cloudPc.value.id,
        userId: cloudPc.value.userId,
        providerSnapshotId,
        status: 'ready',
        snapshotType: 'automatic',
        healthCheckStatus: 'healthy',
        createdDateTime: now.toISOString(),
        lastRestoredDateTime: null,
        expirationDateTime: null,
      };
      await insertSnapshot(context.store, snapshot);
      const all = await listSnapshotsOfCloudPc(context.store, tenantId, cloudPc.value.id);
      for (const old of all.slice(KEPT_RESTORE_POINTS)) await removeSnapshot(context.store, old);
      taken += 1;
    }
  }
  return taken;
}
