import { logger } from '../observability/logger.ts';
import { getQueue, PROVISIONING_QUEUE } from '../runtime.ts';
import { type Doorbell, queueDoorbell } from './doorbell.ts';

let doorbell: Doorbell | undefined;

/**
 * The doorbell of this process's region (its provisioning queue), for the portals'
 * route handlers. Workers build their own from their configuration.
 */
export function regionDoorbell(): Doorbell {
  doorbell ??= queueDoorbell(getQueue(PROVISIONING_QUEUE), (error) =>
    logger.warn({ err: error }, 'could not ring the provisioning queue; the reconciler will re-send'),
  );
  return doorbell;
}
