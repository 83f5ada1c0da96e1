import { CLOUD_PC_STATUSES, type CloudPcStatus, REMOTE_ACTIONS } from '@cloudpc/api-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import {
  applyCloudPcEvent,
  CLOUD_PC_TRANSITIONS,
  type CloudPcEvent,
  type CloudPcEventType,
  canApply,
  type LifecycleFields,
  REMOTE_ACTION_ALLOWED_FROM,
} from './cloud-pc-lifecycle.ts';

const now = new Date('2026-03-01T10:00:00.000Z');
const detail = { code: 'allocationFailed', message: 'No capacity.', recommendedAction: 'Retry later.' };

function cloudPc(
  status: CloudPcStatus,
  extra: Partial<LifecycleFields> = {},
): LifecycleFields & { id: string } {
  return {
    id: 'pc-1',
    status,
    statusDetail: null,
    gracePeriodEndDateTime: null,
    powerState: 'running',
    servicePlanId: 'plan-a',
    servicePlanName: 'Plan A',
    lastModifiedDateTime: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

const EVENTS: Record<CloudPcEventType, CloudPcEvent> = {
  provisioningRequested: { type: 'provisioningRequested', detail },
  reprovisionStarted: { type: 'reprovisionStarted', detail },
  provisioningSucceeded: { type: 'provisioningSucceeded' },
  provisioningFailed: { type: 'provisioningFailed', detail },
  gracePeriodStarted: { type: 'gracePeriodStarted', endsAt: '2026-03-08T10:00:00.000Z' },
  gracePeriodCancelled: { type: 'gracePeriodCancelled' },
  deprovisioningStarted: { type: 'deprovisioningStarted' },
  deprovisioned: { type: 'deprovisioned' },
  deprovisioningFailed: { type: 'deprovisioningFailed', detail },
  resizeStarted: { type: 'resizeStarted' },
  resizeFinished: { type: 'resizeFinished', servicePlan: { id: 'plan-b', name: 'Plan B' } },
  restoreStarted: { type: 'restoreStarted' },
  restoreFinished: { type: 'restoreFinished' },
};

describe('Cloud PC lifecycle', () => {
  it('walks the happy path: requested, provisioned, grace period, deprovisioned', () => {
    let pc = applyCloudPcEvent(cloudPc('notProvisioned'), EVENTS.provisioningRequested, now);
    expect(pc.status).toBe('provisioning');
    pc = applyCloudPcEvent(pc, EVENTS.provisioningSucceeded, now);
    expect(pc).toMatchObject({ status: 'provisioned', statusDetail: null, powerState: 'running' });
    pc = applyCloudPcEvent(pc, EVENTS.gracePeriodStarted, now);
    expect(pc).toMatchObject({ status: 'inGracePeriod', gracePeriodEndDateTime: '2026-03-08T10:00:00.000Z' });
    pc = applyCloudPcEvent(pc, EVENTS.deprovisioningStarted, now);
    pc = applyCloudPcEvent(pc, EVENTS.deprovisioned, now);
    expect(pc.status).toBe('notProvisioned');
    expect(pc.lastModifiedDateTime).toBe(now.toISOString());
  });

  it('puts the failure code and recommended action on a failed Cloud PC', () => {
    const pc = applyCloudPcEvent(cloudPc('provisioning'), EVENTS.provisioningFailed, now);
    expect(pc.status).toBe('failed');
    expect(pc.statusDetail).toEqual(detail);
  });

  it('returns to the status before the grace period when the user is re-added', () => {
    const warned = cloudPc('provisionedWithWarnings');
    const inGrace = applyCloudPcEvent(warned, EVENTS.gracePeriodStarted, now);
    const back = applyCloudPcEvent(inGrace, EVENTS.gracePeriodCancelled, now);
    expect(back).toMatchObject({ status: 'provisionedWithWarnings', gracePeriodEndDateTime: null });
  });

  it('moves to the new size only when a resize finishes with one', () => {
    const resizing = applyCloudPcEvent(cloudPc('provisioned'), EVENTS.resizeStarted, now);
    expect(applyCloudPcEvent(resizing, EVENTS.resizeFinished, now).servicePlanId).toBe('plan-b');
    expect(applyCloudPcEvent(resizing, { type: 'resizeFinished' }, now).servicePlanId).toBe('plan-a');
  });

  it('throws a Conflict for every transition the table does not list, and never for one it does', () => {
    for (const status of CLOUD_PC_STATUSES) {
      for (const [type, event] of Object.entries(EVENTS) as [CloudPcEventType, CloudPcEvent][]) {
        const allowed = CLOUD_PC_TRANSITIONS[type].from.includes(status);
        expect(canApply(status, type)).toBe(allowed);
        if (allowed) {
          expect(() => applyCloudPcEvent(cloudPc(status), event, now)).not.toThrow();
        } else {
          expect(() => applyCloudPcEvent(cloudPc(status), event, now)).toThrow(AppError);
        }
      }
    }
  });

  it('never leaves the document in a status the table does not name as a target', () => {
    const targets = new Set<string>(CLOUD_PC_STATUSES);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...(Object.keys(EVENTS) as CloudPcEventType[])), { maxLength: 40 }),
        (types) => {
          let pc = cloudPc('notProvisioned');
          for (const type of types) {
            if (!canApply(pc.status, type)) continue;
            pc = applyCloudPcEvent(pc, EVENTS[type], now);
            expect(targets.has(pc.status)).toBe(true);
          }
        },
      ),
    );
  });

  it('allows endGracePeriod only in a grace period and every other action only on a working Cloud PC', () => {
    expect(REMOTE_ACTION_ALLOWED_FROM.endGracePeriod).toEqual(['inGracePeriod']);
    for (const action of REMOTE_ACTIONS) {
      expect(REMOTE_ACTION_ALLOWED_FROM[action]).not.toContain('provisioning');
      expect(REMOTE_ACTION_ALLOWED_FROM[action]).not.toContain('deprovisioning');
    }
  });
});
