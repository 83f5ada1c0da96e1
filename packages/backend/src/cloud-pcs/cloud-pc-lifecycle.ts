import type { CloudPc, CloudPcStatus, RemoteActionName } from '@cloudpc/api-client';
import { AppError } from '../errors/app-error.ts';

/**
 * The Cloud PC lifecycle as an explicit state machine. Every status change the
 * engine makes goes through `applyCloudPcEvent`, which looks the event up in the
 * transition table and refuses (throws) anything the table does not allow; the
 * switch below is exhaustive, so a new event cannot be added without deciding what
 * it does to the document.
 */
export type StatusDetail = NonNullable<CloudPc['statusDetail']>;

export type CloudPcEvent =
  | { type: 'provisioningRequested'; detail: StatusDetail }
  | { type: 'reprovisionStarted'; detail: StatusDetail }
  | { type: 'provisioningSucceeded'; warning?: StatusDetail }
  | { type: 'provisioningFailed'; detail: StatusDetail }
  | { type: 'gracePeriodStarted'; endsAt: string }
  | { type: 'gracePeriodCancelled' }
  | { type: 'deprovisioningStarted' }
  | { type: 'deprovisioned' }
  | { type: 'deprovisioningFailed'; detail: StatusDetail }
  | { type: 'resizeStarted' }
  | { type: 'resizeFinished'; servicePlan?: { id: string; name: string } }
  | { type: 'restoreStarted' }
  | { type: 'restoreFinished' };

export type CloudPcEventType = CloudPcEvent['type'];

const READY = ['provisioned', 'provisionedWithWarnings'] as const satisfies readonly CloudPcStatus[];

/** Where each event may happen and where it leads (`previous`: the status before the grace period). */
export const CLOUD_PC_TRANSITIONS: Record<
  CloudPcEventType,
  { from: readonly CloudPcStatus[]; to: CloudPcStatus | 'previous' | 'provisionedOrWarnings' }
> = {
  provisioningRequested: { from: ['notProvisioned'], to: 'provisioning' },
  reprovisionStarted: { from: [...READY, 'failed'], to: 'provisioning' },
  provisioningSucceeded: { from: ['provisioning'], to: 'provisionedOrWarnings' },
  provisioningFailed: { from: ['provisioning'], to: 'failed' },
  gracePeriodStarted: { from: [...READY, 'failed'], to: 'inGracePeriod' },
  gracePeriodCancelled: { from: ['inGracePeriod'], to: 'previous' },
  deprovisioningStarted: { from: ['inGracePeriod'], to: 'deprovisioning' },
  deprovisioned: { from: ['deprovisioning'], to: 'notProvisioned' },
  deprovisioningFailed: { from: ['deprovisioning'], to: 'failed' },
  resizeStarted: { from: READY, to: 'resizing' },
  resizeFinished: { from: ['resizing'], to: 'provisioned' },
  restoreStarted: { from: READY, to: 'restoring' },
  restoreFinished: { from: ['restoring'], to: 'provisioned' },
};

/** Which remote actions a Cloud PC accepts in which status (409 otherwise). */
export const REMOTE_ACTION_ALLOWED_FROM: Record<RemoteActionName, readonly CloudPcStatus[]> = {
  reboot: READY,
  rename: [...READY, 'failed'],
  reprovision: [...READY, 'failed'],
  resize: READY,
  restore: READY,
  troubleshoot: [...READY, 'failed'],
  endGracePeriod: ['inGracePeriod'],
  powerOn: READY,
  powerOff: READY,
};

/** The fields the lifecycle owns; the rest of the document passes through untouched. */
export interface LifecycleFields {
  status: CloudPcStatus;
  statusDetail: StatusDetail | null;
  gracePeriodEndDateTime: string | null;
  powerState: CloudPc['powerState'];
  servicePlanId: string;
  servicePlanName: string;
  lastModifiedDateTime: string;
  /** Restored when a grace period is cancelled. */
  statusBeforeGracePeriod?: CloudPcStatus | null;
}

export function illegalTransition(from: CloudPcStatus, event: string): AppError {
  return new AppError('Conflict', `A Cloud PC that is ${from} cannot take "${event}".`);
}

export function canApply(from: CloudPcStatus, event: CloudPcEventType): boolean {
  return CLOUD_PC_TRANSITIONS[event].from.includes(from);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled Cloud PC event ${JSON.stringify(value)}`);
}

/** Returns the document after `event`, or throws when the table forbids it. */
export function applyCloudPcEvent<T extends LifecycleFields>(document: T, event: CloudPcEvent, now: Date): T {
  if (!canApply(document.status, event.type)) throw illegalTransition(document.status, event.type);
  const base = { ...document, lastModifiedDateTime: now.toISOString() };
  switch (event.type) {
    case 'provisioningRequested':
      return { ...base, status: 'provisioning', statusDetail: event.detail, powerState: 'unknown' };
    case 'reprovisionStarted':
      return { ...base, status: 'provisioning', statusDetail: event.detail, powerState: 'unknown' };
    case 'provisioningSucceeded':
      return {
        ...base,
        status: event.warning ? 'provisionedWithWarnings' : 'provisioned',
        statusDetail: event.warning ?? null,
        powerState: 'running',
      };
    case 'provisioningFailed':
      return { ...base, status: 'failed', statusDetail: event.detail, powerState: 'unknown' };
    case 'gracePeriodStarted':
      return {
        ...base,
        status: 'inGracePeriod',
        statusBeforeGracePeriod: document.status,
        gracePeriodEndDateTime: event.endsAt,
      };
    case 'gracePeriodCancelled': {
      const previous = document.statusBeforeGracePeriod;
      const status =
        previous && CLOUD_PC_TRANSITIONS.gracePeriodStarted.from.includes(previous)
          ? previous
          : 'provisioned';
      return { ...base, status, statusBeforeGracePeriod: null, gracePeriodEndDateTime: null };
    }
    case 'deprovisioningStarted':
      return { ...base, status: 'deprovisioning', statusDetail: null };
    case 'deprovisioned':
      return { ...base, status: 'notProvisioned', powerState: 'unknown', gracePeriodEndDateTime: null };
    case 'deprovisioningFailed':
      return { ...base, status: 'failed', statusDetail: event.detail };
    case 'resizeStarted':
      return { ...base, status: 'resizing' };
    case 'resizeFinished':
      return {
        ...base,
        status: 'provisioned',
        powerState: 'running',
        ...(event.servicePlan
          ? { servicePlanId: event.servicePlan.id, servicePlanName: event.servicePlan.name }
          : {}),
      };
    case 'restoreStarted':
      return { ...base, status: 'restoring' };
    case 'restoreFinished':
      return { ...base, status: 'provisioned', powerState: 'running' };
    default:
      return assertNever(event);
  }
}

/** The activity name audit events use for a status change. */
export function auditActivityFor(event: CloudPcEventType): string {
  switch (event) {
    case 'provisioningRequested':
      return 'Provision cloudPC';
    case 'reprovisionStarted':
      return 'Reprovision cloudPC';
    case 'provisioningSucceeded':
      return 'Provisioned cloudPC';
    case 'provisioningFailed':
      return 'Provisioning failed cloudPC';
    case 'gracePeriodStarted':
      return 'Start grace period cloudPC';
    case 'gracePeriodCancelled':
      return 'End grace period (user re-assigned) cloudPC';
    case 'deprovisioningStarted':
      return 'Deprovision cloudPC';
    case 'deprovisioned':
      return 'Deprovisioned cloudPC';
    case 'deprovisioningFailed':
      return 'Deprovisioning failed cloudPC';
    case 'resizeStarted':
      return 'Resize cloudPC';
    case 'resizeFinished':
      return 'Resized cloudPC';
    case 'restoreStarted':
      return 'Restore cloudPC';
    case 'restoreFinished':
      return 'Restored cloudPC';
    default:
      return assertNever(event);
  }
}
