import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AFD_PROBE,
  eligibleOrigins,
  FAST_PROBE,
  FRONT_DOOR_PRESETS,
  failuresToDetect,
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
    expect(() => validateProbeSettings({ ...settings, additionalLatencyMs: -1 })).toThrow();
    expect(() => validateProbeSettings({ ...settings, method: 'POST' as 'GET' })).toThrow();
    expect(validateProbeSettings(FAST_PROBE)).toBe(FAST_PROBE);
  });

  it('detects a dead origin after M-N+1 failed probes, whatever the window (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 10 })
          .chain((m) => fc.tuple(fc.constant(m), fc.integer({ min: 1, max: m }))),
        ([m, n]) => {
          const s = { ...settings, sampleSize: m, successfulSamplesRequired: n };
          const k = failuresToDetect(s);
          expect(
            feed(
              Array.from({ length: k - 1 }, () => false),
              s,
            ).healthy,
          ).toBe(true);
          expect(
            feed(
              Array.from({ length: k }, () => false),
              s,
            ).healthy,
          ).toBe(false);
        },
      ),
    );
  });

  it('keeps the mean latency of the successful probes in the window, and the last one known after failures', () => {
    const s = settings;
    let state = initialHealth(s);
    expect(state.latencyMs).toBeUndefined();
    state = recordSample(state, true, s, 10);
    state = recordSample(state, true, s, 30);
    expect(state.latencyMs).toBe(20);
    state = [false, false].reduce((acc, ok) => recordSample(acc, ok, s, 999), state);
    expect(state.latencyMs).toBe(20);
    state = recordSample(state, false, s, 999);
    expect(state.latencyMs).toBe(30);
    state = recordSample(state, false, s, 999);
    expect(state.samples).toEqual([false, false, false, false]);
    expect(state.latencyMs).toBe(30);
    state = recordSample(state, true, s, 5);
    expect(state.latencyMs).toBe(5);
  });
});

describe('presets', () => {
  it('afd carries the Azure portal defaults for a new origin group', () => {
    expect(AFD_PROBE).toMatchObject({
      method: 'HEAD',
      intervalMs: 100_000,
      sampleSize: 4,
      successfulSamplesRequired: 3,
      additionalLatencyMs: 50,
    });
    expect(FRONT_DOOR_PRESETS.afd).toBe(AFD_PROBE);
  });

  it('fast keeps the same decision rules with sub-second probes', () => {
    const { intervalMs, timeoutMs, method, ...rules } = FAST_PROBE;
    const { intervalMs: _i, timeoutMs: _t, method: _m, ...afdRules } = AFD_PROBE;
    expect(rules).toEqual(afdRules);
    expect(intervalMs).toBeLessThan(1000);
    expect(failuresToDetect(FAST_PROBE) * intervalMs + timeoutMs).toBeLessThanOrEqual(2000);
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

  it('never routes to a disabled origin, not even when every enabled one is unhealthy', () => {
    const off = { ...east, enabled: false };
    expect(routingOrder([off, west], 0).map((o) => o.name)).toEqual(['westus']);
    const sick = { ...west, healthy: false };
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (r) => {
        expect(routingOrder([off, sick], r).map((o) => o.name)).toEqual(['westus']);
      }),
    );
  });
});

describe('latency sensitivity', () => {
  const a = { ...east, name: 'a', latencyMs: 10 };
  const b = { ...east, name: 'b', latencyMs: 55 };
  const c = { ...east, name: 'c', latencyMs: 70 };

  it('keeps the origins of the best priority within fastest + additional latency', () => {
    expect(eligibleOrigins([a, b, c], 50).map((o) => o.name)).toEqual(['a', 'b']);
    expect(eligibleOrigins([a, b, c], 0).map((o) => o.name)).toEqual(['a']);
    expect(eligibleOrigins([a, b, c], 60).map((o) => o.name)).toEqual(['a', 'b', 'c']);
  });

  it('applies priority before latency: a faster lower-priority origin stays a fallback', () => {
    const fastWest = { ...west, latencyMs: 1 };
    expect(eligibleOrigins([c, fastWest], 50).map((o) => o.name)).toEqual(['c']);
    expect(routingOrder([c, fastWest], 0.5, 50)[0]?.name).toBe('c');
  });

  it('ignores latency of unhealthy origins and treats unknown latency as fastest', () => {
    const sickFast = { ...a, healthy: false, latencyMs: 1 };
    const unknown = { ...east, name: 'u', latencyMs: undefined };
    expect(eligibleOrigins([sickFast, b, c], 10).map((o) => o.name)).toEqual(['b']);
    expect(eligibleOrigins([unknown, b], 50).map((o) => o.name)).toEqual(['u']);
  });

  it('spreads over every enabled origin, any priority or latency, when none is healthy', () => {
    const sick = [a, b, c, west].map((o) => ({ ...o, healthy: false }));
    expect(eligibleOrigins(sick, 0).map((o) => o.name)).toEqual(['a', 'b', 'c', 'westus']);
  });

  it('picks only eligible origins, weighted, for any draw (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            priority: fc.integer({ min: 1, max: 5 }),
            weight: fc.integer({ min: 1, max: 1000 }),
            healthy: fc.boolean(),
            latencyMs: fc.integer({ min: 0, max: 200 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (specs, extra, r) => {
          const origins = specs.map((spec, i) => ({ ...spec, name: `o${i}` }));
          const order = routingOrder(origins, r, extra);
          expect(order).toHaveLength(origins.length);
          const first = order[0];
          expect(first && eligibleOrigins(origins, extra).includes(first)).toBe(true);
          const healthy = origins.filter((o) => o.healthy);
          if (healthy.length > 0 && first) {
            const top = Math.min(...healthy.map((o) => o.priority));
            const fastest = Math.min(...healthy.filter((o) => o.priority === top).map((o) => o.latencyMs));
            expect(first.healthy).toBe(true);
            expect(first.priority).toBe(top);
            expect(first.latencyMs).toBeLessThanOrEqual(fastest + extra);
          }
        },
      ),
    );
  });
});

describe('replay rule', () => {
  it('replays only methods without side effects', () => {
    expect(['GET', 'HEAD', 'OPTIONS'].every(isReplayable)).toBe(true);
    expect(['POST', 'PUT', 'PATCH', 'DELETE', undefined].some(isReplayable)).toBe(false);
  });
});
