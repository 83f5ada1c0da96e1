import { describe, expect, it } from 'vitest';
import {
  canOpen,
  isInProgress,
  type MyCloudPc,
  provisioningProgress,
  troubleshootOutcome,
} from './cloud-pc-state.ts';
import { CLOUD_PC } from './test-cloud-pc.ts';

const action = (
  actionName: string,
  actionState: 'pending' | 'done' | 'failed',
  code = 'healthy',
): MyCloudPc => ({
  ...CLOUD_PC,
  lastRemoteActionResult: {
    actionName,
    actionState,
    startDateTime: CLOUD_PC.lastModifiedDateTime,
    lastUpdatedDateTime: CLOUD_PC.lastModifiedDateTime,
    statusDetail: actionState === 'pending' ? null : { code, message: 'All 4 health checks passed.' },
  },
});

describe('Cloud PC state for people', () => {
  it('reads provisioning step progress from statusDetail', () => {
    expect(
      provisioningProgress({
        ...CLOUD_PC,
        status: 'provisioning',
        statusDetail: { code: 'provisioning', message: 'Step 2 of 5: Joining the domain' },
      }),
    ).toEqual({ step: 2, count: 5, name: 'Joining the domain' });
    expect(provisioningProgress(CLOUD_PC)).toBeUndefined();
  });

  it('polls only while something moves, and opens only when running and idle', () => {
    expect(isInProgress(CLOUD_PC)).toBe(false);
    expect(isInProgress(action('reboot', 'pending'))).toBe(true);
    expect(isInProgress({ ...CLOUD_PC, status: 'restoring' })).toBe(true);
    expect(canOpen(CLOUD_PC)).toBe(true);
    expect(canOpen(action('reboot', 'pending'))).toBe(false);
    expect(canOpen({ ...CLOUD_PC, powerState: 'poweredOff' })).toBe(false);
    expect(canOpen({ ...CLOUD_PC, status: 'failed' })).toBe(false);
  });

  it('tells troubleshoot outcomes apart', () => {
    expect(troubleshootOutcome(action('troubleshoot', 'pending'))).toEqual({ kind: 'running' });
    expect(troubleshootOutcome(action('troubleshoot', 'done'))?.kind).toBe('noIssues');
    expect(troubleshootOutcome(action('troubleshoot', 'done', 'unhealthy'))?.kind).toBe('issues');
    expect(troubleshootOutcome(action('troubleshoot', 'failed'))?.kind).toBe('failed');
    expect(troubleshootOutcome(action('reboot', 'done'))).toBeUndefined();
  });
});
