import type { JobHandlers } from '../jobs/job-engine.ts';
import { deprovisionHandler, gracePeriodHandler } from './deprovision-handler.ts';
import { provisionHandler } from './provision-handler.ts';
import type { ProvisioningContext } from './provisioning-context.ts';
import { remoteActionHandler } from './remote-action-handler.ts';
import { syncDirectoryHandler } from './sync-directory-handler.ts';

/** One handler per job kind; the Record type makes a new kind without a handler a compile error. */
export function provisioningHandlers(context: ProvisioningContext): JobHandlers {
  return {
    syncDirectory: syncDirectoryHandler(context),
    provision: provisionHandler(context),
    deprovision: deprovisionHandler(context),
    startGracePeriod: gracePeriodHandler(context, 'start'),
    cancelGracePeriod: gracePeriodHandler(context, 'cancel'),
    remoteAction: remoteActionHandler(context),
  };
}
