/**
 * Fixed-bucket latency histograms. Counter documents store only bucket counts, so any
 * number of hourly documents merge by adding arrays, and percentiles are read from
 * the merged counts: bounded storage whatever the event volume, at the price of an
 * answer accurate to the bucket (linear interpolation inside it).
 */

/**
 * Upper bounds in milliseconds, about ×1.5 apart so an interpolated percentile is within
 * roughly a quarter of the true value from 25 ms (a round trip) to 1 h (a provisioning); a
 * last, open bucket holds everything above 1 h.
 */
export const LATENCY_BOUNDS_MS = [
  25, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000,
  30_000, 45_000, 60_000, 90_000, 120_000, 180_000, 240_000, 300_000, 450_000, 600_000, 900_000, 1_200_000,
  1_800_000, 2_400_000, 3_600_000,
] as const;

export const BUCKET_COUNT = LATENCY_BOUNDS_MS.length + 1;

export type Histogram = number[];

export function emptyHistogram(): Histogram {
  return new Array<number>(BUCKET_COUNT).fill(0);
}

export function bucketOf(valueMs: number): number {
  const value = Math.max(0, valueMs);
  const index = LATENCY_BOUNDS_MS.findIndex((bound) => value <= bound);
  return index === -1 ? LATENCY_BOUNDS_MS.length : index;
}

export function addSample(histogram: Histogram, valueMs: number): Histogram {
  const next = normalise(histogram);
  const index = bucketOf(valueMs);
  next[index] = (next[index] ?? 0) + 1;
  return next;
}

/** A stored histogram may be shorter (older bounds) or missing: pad it. */
export function normalise(histogram: readonly number[] | undefined): Histogram {
  const next = emptyHistogram();
  (histogram ?? []).forEach((count, index) => {
    const at = Math.min(index, BUCKET_COUNT - 1);
    next[at] = (next[at] ?? 0) + (Number.isFinite(count) ? count : 0);
  });
  return next;
}

export function mergeHistograms(histograms: readonly (readonly number[] | undefined)[]): Histogram {
  const merged = emptyHistogram();
  for (const histogram of histograms) {
    normalise(histogram).forEach((count, index) => {
      merged[index] = (merged[index] ?? 0) + count;
    });
  }
  return merged;
}

export function totalOf(histogram: readonly number[]): number {
  return histogram.reduce((sum, count) => sum + count, 0);
}

/**
 * The q-quantile (0 < q ≤ 1) of a histogram, interpolated inside its bucket; null when
 * empty. The open last bucket answers its lower bound (we cannot know more).
 */
export function percentile(histogram: readonly number[], q: number): number | null {
  const counts = normalise(histogram);
  const total = totalOf(counts);
  if (total === 0) return null;
  const rank = Math.min(1, Math.max(0, q)) * total;
  let seen = 0;
  for (let index = 0; index < counts.length; index += 1) {
    const count = counts[index] ?? 0;
    if (count === 0) continue;
    if (seen + count >= rank) {
      const lower = index === 0 ? 0 : (LATENCY_BOUNDS_MS[index - 1] ?? 0);
      const upper = LATENCY_BOUNDS_MS[index];
      if (upper === undefined) return lower;
      const within = Math.max(0, rank - seen) / count;
      return Math.round(lower + (upper - lower) * within);
    }
    seen += count;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1] ?? null;
}

/** Windows 365's round-trip time buckets: good under 100 ms, average 100-200 ms, high over 200 ms. */
export interface RoundTripBuckets {
  good: number;
  average: number;
  high: number;
}

export function roundTripBucket(rttMs: number): keyof RoundTripBuckets {
  if (rttMs < 100) return 'good';
  if (rttMs <= 200) return 'average';
  return 'high';
}

export function addRoundTrips(buckets: RoundTripBuckets, samplesMs: readonly number[]): RoundTripBuckets {
  const next = { ...buckets };
  for (const sample of samplesMs) next[roundTripBucket(sample)] += 1;
  return next;
}

export function mergeRoundTrips(all: readonly (RoundTripBuckets | undefined)[]): RoundTripBuckets {
  return all.reduce<RoundTripBuckets>(
    (sum, buckets) => ({
      good: sum.good + (buckets?.good ?? 0),
      average: sum.average + (buckets?.average ?? 0),
      high: sum.high + (buckets?.high ?? 0),
    }),
    { good: 0, average: 0, high: 0 },
  );
}

/** Successes over attempts, or null when there was nothing to measure (not 0 %, not 100 %). */
export function successRate(succeeded: number, attempts: number): number | null {
  if (attempts <= 0) return null;
  return Math.round((succeeded / attempts) * 10_000) / 10_000;
}
