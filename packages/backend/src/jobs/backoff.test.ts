import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.ts';

const settings = { baseMs: 1_000, maxMs: 30_000 };

describe('backoffDelayMs', () => {
  it('doubles per attempt within [d/2, d]', () => {
    expect(backoffDelayMs(1, settings, () => 0)).toBe(500);
    expect(backoffDelayMs(1, settings, () => 0.999999)).toBe(1_000);
    expect(backoffDelayMs(2, settings, () => 0)).toBe(1_000);
    expect(backoffDelayMs(3, settings, () => 0)).toBe(2_000);
    expect(backoffDelayMs(4, settings, () => 0.5)).toBe(6_000);
  });

  it('never exceeds the cap, even for absurd attempt counts', () => {
    expect(backoffDelayMs(1_000, settings, () => 0.999999)).toBe(30_000);
    expect(backoffDelayMs(1_000, settings, () => 0)).toBe(15_000);
  });

  it('treats attempt 0 or less like the first attempt', () => {
    expect(backoffDelayMs(0, settings, () => 0)).toBe(500);
    expect(backoffDelayMs(-3, settings, () => 0)).toBe(500);
  });

  it('is monotonic in the attempt for the same draw and stays in range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (n, r) => {
          const delay = backoffDelayMs(n, settings, () => r);
          const next = backoffDelayMs(n + 1, settings, () => r);
          expect(delay).toBeGreaterThanOrEqual(settings.baseMs / 2);
          expect(delay).toBeLessThanOrEqual(settings.maxMs);
          expect(next).toBeGreaterThanOrEqual(delay);
        },
      ),
    );
  });
});
