import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FAST_PROBE,
  initialHealth,
  isReplayable,
  type ProbeSettings,
  type RoutableOrigin,
  recordSample,
  routingOrder,
  validateProbeSettings,
} from './probe-state.ts';

const settings: ProbeSettings = { ...FAST_PROBE, sampleSize: 4, successfulSamplesRequired: 3 };

function feed(samples: boolean[], s: ProbeSettings = settings) {
  return samples.reduce((state, ok) => recordSample(state, ok, s), initialHealth(s));
}

describe('origin health from probe samples', () => {
  it('starts healthy and turns unhealthy after M-N+1 failures', () => {
    expect(initialHealth(settings).healthy).toBe(true);
    expect(feed([false]).healthy).toBe(true);
    expect(feed([false, false]).healthy).toBe(false);
  });

  it('needs N successes among the last M to recover', () => {
    const down = feed([false, false, false, false]);
    expect(down.healthy).toBe(false);
    const one = recordSample(down, true, settings);
    const two = recordSample(one, true, settings);
    const three = recordSample(two, true, settings);
    expect([one.healthy, two.healthy, three.healthy]).toEqual([false, false, true]);
  });

  it('keeps only the last M samples', () => {
    expect(feed([false, false, false, true, true, true, true]).samples).toEqual([true, true, true, true]);
  });

  it('is healthy exactly when successes in the window reach N (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 8 })
          .chain((m) =>
            fc.tuple(
              fc.constant(m),
              fc.integer({ min: 1, max: m }),
              fc.array(fc.boolean(), { maxLength: 30 }),
            ),
          ),
        ([m, n, samples]) => {
          const s = { ...settings, sampleSize: m, successfulSamplesRequired: n };
          const state = feed(samples, s);
          const window = [...Array.from({ length: m }, () => true), ...samples].slice(-m);
          expect(state.samples).toEqual(window);
          expect(state.healthy).toBe(window.filter(Boolean).length >= n);
        },
      ),
    );
  });

  it('rejects settings that can never be healthy or never probe', () => {
    expect(() => validateProbeSettings({ ...settings, successfulSamplesRequired: 5 })).toThrow();
    expect(() => validateProbeSettings({ ...settings, sampleSize: 0 })).toThrow();
    expect(() => validateProbeSettings({ ...settings, intervalMs: 0 })).toThrow();
    expect(() => validateProbeSettings({ ...settings, path: 'api/health' })).toThrow();
    expect(validateProbeSettings(FAST_PROBE)).toBe(FAST_PROBE);
  });
});

const east: RoutableOrigin = { name: 'eastus', priority: 1, weight: 1000, healthy: true };
const west: RoutableOrigin = { name: 'westus', priority: 2, weight: 1000, healthy: true };

describe('routing order', () => {
  it('sends traffic to the highest-priority healthy origin, the next as fallback', () => {
    expect(routingOrder([west, east], 0.99).map((o) => o.name)).toEqual(['eastus', 'westus']);
  });

  it('fails over to the lower priority when the preferred origin is unhealthy', () => {
    const order = routingOrder([{ ...east, healthy: false }, west], 0);
    expect(order.map((o) => o.name)).toEqual(['westus', 'eastus']);
  });

  it('spreads over every origin by weight when none is healthy', () => {
    const sick = [
      { ...east, healthy: false, weight: 1 },
      { ...west, healthy: false, weight: 3 },
    ];
    expect(routingOrder(sick, 0.1)[0]?.name).toBe('eastus');
    expect(routingOrder(sick, 0.5)[0]?.name).toBe('westus');
  });

  it('splits one priority group by weight and never picks a lower priority while it is healthy', () => {
    const a = { ...east, name: 'a', weight: 1 };
    const b = { ...east, name: 'b', weight: 3 };
    expect(routingOrder([a, b, west], 0.2)[0]?.name).toBe('a');
    expect(routingOrder([a, b, west], 0.3)[0]?.name).toBe('b');
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (r) => {
        const order = routingOrder([west, a, b], r);
        expect(order[0]?.priority).toBe(1);
        expect(order).toHaveLength(3);
        expect(new Set(order).size).toBe(3);
      }),
    );
  });

  it('puts healthy fallbacks before unhealthy ones', () => {
    const third = { ...west, name: 'centralus', priority: 3 };
    const order = routingOrder([east, { ...west, healthy: false }, third], 0);
    expect(order.map((o) => o.name)).toEqual(['eastus', 'centralus', 'westus']);
  });

  it('handles an empty origin group', () => {
    expect(routingOrder([], 0.5)).toEqual([]);
  });
});

describe('replay rule', () => {
  it('replays only methods without side effects', () => {
    expect(['GET', 'HEAD', 'OPTIONS'].every(isReplayable)).toBe(true);
    expect(['POST', 'PUT', 'PATCH', 'DELETE', undefined].some(isReplayable)).toBe(false);
  });
});
