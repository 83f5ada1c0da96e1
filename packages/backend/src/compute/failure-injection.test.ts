import { describe, expect, it } from 'vitest';
import { COMPUTE_ERRORS, ComputeError } from './compute-errors.ts';
import type { MachineRef } from './compute-provider.ts';
import { injectedFailure, NO_FAILURES, parseFailureInjection } from './failure-injection.ts';
import { createSimulatedCompute } from './simulated-compute.ts';

const machine: MachineRef = {
  machineId: 'pc-1',
  tenantId: 't',
  regionName: 'eastus',
  userPrincipalName: 'User013@Contoso.test',
  imageId: 'microsoftwindowsdesktop_windows-ent-cpc_win11-24h2-ent-cpc',
};

describe('failure injection', () => {
  it('parses the JSON configuration and lower-cases user names', () => {
    const injection = parseFailureInjection(
      '{"rate":0.25,"users":{"USER013@contoso.test":"allocationFailed"},"images":{"img":"imageNotFound"}}',
    );
    expect(injection.rate).toBe(0.25);
    expect(injection.users).toEqual({ 'user013@contoso.test': 'allocationFailed' });
    expect(injection.images).toEqual({ img: 'imageNotFound' });
    expect(parseFailureInjection(undefined)).toEqual(NO_FAILURES);
    expect(parseFailureInjection('  ')).toEqual(NO_FAILURES);
  });

  it('refuses unknown codes, rates out of range and stray fields', () => {
    expect(() => parseFailureInjection('{"users":{"a@b":"diskOnFire"}}')).toThrow(
      /Invalid failure injection/,
    );
    expect(() => parseFailureInjection('{"rate":1.5}')).toThrow(/rate/);
    expect(() => parseFailureInjection('{"rat":0.5}')).toThrow(/Invalid failure injection/);
    expect(() => parseFailureInjection('not json')).toThrow(/must be JSON/);
  });

  it('fails a specific user or image on create only', () => {
    const byUser = parseFailureInjection('{"users":{"user013@contoso.test":"domainJoinFailed"}}');
    expect(injectedFailure(byUser, 'create', machine, () => 0.99)).toBe('domainJoinFailed');
    expect(injectedFailure(byUser, 'restart', machine, () => 0)).toBeUndefined();
    expect(
      injectedFailure(byUser, 'create', { ...machine, userPrincipalName: 'other@contoso.test' }, () => 0),
    ).toBe(undefined);
    const byImage = parseFailureInjection(`{"images":{"${machine.imageId}":"imageNotFound"}}`);
    expect(injectedFailure(byImage, 'create', machine, () => 0.99)).toBe('imageNotFound');
  });

  it('fails at the configured rate with the configured code', () => {
    const injection = parseFailureInjection('{"rate":0.3,"rateCode":"intuneEnrollFailed"}');
    const draws = Array.from({ length: 1000 }, (_, index) => index / 1000);
    const failures = draws.filter((draw) => injectedFailure(injection, 'create', machine, () => draw));
    expect(failures).toHaveLength(300);
    expect(injectedFailure(injection, 'create', machine, () => 0.1)).toBe('intuneEnrollFailed');
    expect(injectedFailure(injection, 'delete', machine, () => 0)).toBeUndefined();
  });
});

describe('simulated compute', () => {
  it('reports every step and throws a ComputeError with the Windows 365 code at the failing step', async () => {
    const compute = createSimulatedCompute({
      stepMs: 0,
      failures: parseFailureInjection('{"users":{"user013@contoso.test":"domainJoinFailed"}}'),
    });
    const steps: string[] = [];
    const error = await compute
      .create(
        { ...machine, deviceName: 'CPC-1', servicePlanId: 'p' },
        { onStep: (step) => void steps.push(step.name) },
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeError);
    expect(error).toMatchObject({ code: 'domainJoinFailed', retryable: true });
    expect((error as ComputeError).recommendedAction).toBe(COMPUTE_ERRORS.domainJoinFailed.recommendedAction);
    expect(steps).toEqual([
      'Allocating resources',
      'Creating the virtual machine from the image',
      'Joining Microsoft Entra ID',
    ]);
  });

  it('marks a missing image as not worth retrying', async () => {
    const compute = createSimulatedCompute({
      stepMs: 0,
      failures: parseFailureInjection(`{"images":{"${machine.imageId}":"imageNotFound"}}`),
    });
    await expect(
      compute.create({ ...machine, deviceName: 'CPC-1', servicePlanId: 'p' }),
    ).rejects.toMatchObject({
      code: 'imageNotFound',
      retryable: false,
    });
  });

  it('waits stepMs per step and stops when the signal aborts', async () => {
    const waits: number[] = [];
    const controller = new AbortController();
    const compute = createSimulatedCompute({
      stepMs: 3000,
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 2) controller.abort(new Error('lease lost'));
      },
    });
    await expect(
      compute.create({ ...machine, deviceName: 'CPC-1', servicePlanId: 'p' }, { signal: controller.signal }),
    ).rejects.toThrow('lease lost');
    expect(waits).toEqual([3000, 3000]);
    expect(compute.calls).toEqual([{ operation: 'create', machineId: 'pc-1' }]);
  });
});
