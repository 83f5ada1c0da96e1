import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addRoundTrips,
  addSample,
  bucketOf,
  emptyHistogram,
  LATENCY_BOUNDS_MS,
  mergeHistograms,
  percentile,
  roundTripBucket,
  successRate,
  totalOf,
} from './histogram.ts';

function exactPercentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

/** The bucket a value falls in, as [lower, upper]. */
function bucketRange(value: number): [number, number] {
  const index = bucketOf(value);
  const lower = index === 0 ? 0 : (LATENCY_BOUNDS_MS[index - 1] ?? 0);
  return [lower, LATENCY_BOUNDS_MS[index] ?? Number.POSITIVE_INFINITY];
}

describe('latency histograms', () => {
  it('answers p50 and p95 within the bucket of the exact value, on generated samples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4_000_000 }), { minLength: 1, maxLength: 400 }),
        fc.constantFrom(0.5, 0.95),
        (values, q) => {
          const histogram = values.reduce(addSample, emptyHistogram());
          const estimate = percentile(histogram, q);
          const [lower, upper] = bucketRange(exactPercentile(values, q));
          expect(estimate).not.toBeNull();
          expect(estimate as number).toBeGreaterThanOrEqual(lower);
          expect(estimate as number).toBeLessThanOrEqual(Math.min(upper, LATENCY_BOUNDS_MS.at(-1) ?? upper));
        },
      ),
    );
  });

  it('merges hourly histograms into the same counts as one histogram of all samples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 50 }), { maxLength: 24 }),
        (hours) => {
          const merged = mergeHistograms(hours.map((values) => values.reduce(addSample, emptyHistogram())));
          const all = hours.flat().reduce(addSample, emptyHistogram());
          expect(merged).toEqual(all);
          expect(totalOf(merged)).toBe(hours.flat().length);
        },
      ),
    );
  });

  it('is null when empty and tolerates short stored arrays', () => {
    expect(percentile(emptyHistogram(), 0.5)).toBeNull();
    expect(percentile([0, 0, 4], 0.5)).toBeGreaterThan(50);
    expect(percentile([0, 0, 4], 0.5)).toBeLessThanOrEqual(100);
  });

  it('puts a uniform 0-1000 ms load at a p50 near 500 and a p95 near 950', () => {
    const histogram = Array.from({ length: 1000 }, (_, index) => index + 1).reduce(
      addSample,
      emptyHistogram(),
    );
    expect(percentile(histogram, 0.5)).toBeGreaterThanOrEqual(400);
    expect(percentile(histogram, 0.5)).toBeLessThanOrEqual(600);
    expect(percentile(histogram, 0.95)).toBeGreaterThanOrEqual(900);
    expect(percentile(histogram, 0.95)).toBeLessThanOrEqual(1000);
  });
});

describe('Windows 365 round-trip buckets', () => {
  it('classifies good under 100 ms, average 100-200 ms, high over 200 ms', () => {
    expect(roundTripBucket(0)).toBe('good');
    expect(roundTripBucket(99.9)).toBe('good');
    expect(roundTripBucket(100)).toBe('average');
    expect(roundTripBucket(200)).toBe('average');
    expect(roundTripBucket(200.1)).toBe('high');
    expect(addRoundTrips({ good: 1, average: 0, high: 0 }, [20, 150, 250, 900])).toEqual({
      good: 2,
      average: 1,
      high: 2,
    });
  });
});

describe('success rate', () => {
  it('is null without attempts and a ratio otherwise', () => {
    expect(successRate(0, 0)).toBeNull();
    expect(successRate(3, 4)).toBe(0.75);
    expect(successRate(2, 3)).toBe(0.6667);
  });
});
