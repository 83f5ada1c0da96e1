import type { MySelfServiceSettings } from '@cloudpc/api-client';
import { resolveRestoreSettings } from '../provisioning/restore-points.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';

/**
 * The self-service the portal offers the caller: Restore appears only when a user
 * setting assigned to them allows it (the restore route checks again).
 */
export async function mySelfServiceSettings(options: {
  store: CosmosStore;
  tenantId: string;
  userId: string;
}): Promise<MySelfServiceSettings> {
  const settings = await resolveRestoreSettings(options.store, options.tenantId, [options.userId]);
  return { userRestoreEnabled: settings.get(options.userId)?.userRestoreEnabled ?? false };
}
