/**
 * Per-caller token buckets: each caller may burst `burst` requests and then
 * `perSecond` sustained. Like Graph's throttling, a refused request gets 429 with the
 * seconds until a token is back (Retry-After), so well-behaved scripts slow down instead
 * of failing. Buckets live in this process (one portal server); a region's limit is the
 * sum over its servers, which is what a per-instance limit behind a front door gives.
 */
export interface RateLimitSettings {
  perSecond: number;
  burst: number;
}

export interface RateLimiter {
  /** Takes one token for `key`: allowed, or the whole seconds to wait. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

interface Bucket {
  tokens: number;
  at: number;
}

// Bounded memory: when this many callers are tracked, buckets that have refilled
// completely (idle callers, indistinguishable from new ones) are dropped first.
const MAX_TRACKED = 20_000;

export function createRateLimiter(
  settings: RateLimitSettings,
  now: () => number = () => performance.now(),
): RateLimiter {
  if (!(settings.perSecond > 0) || !(settings.burst >= 1)) {
    throw new Error('rate limit: perSecond must be > 0 and burst >= 1');
  }
  const buckets = new Map<string, Bucket>();

  function refill(bucket: Bucket, at: number): void {
    bucket.tokens = Math.min(settings.burst, bucket.tokens + ((at - bucket.at) / 1000) * settings.perSecond);
    bucket.at = at;
  }

  function prune(at: number): void {
    for (const [key, bucket] of buckets) {
      refill(bucket, at);
      if (bucket.tokens >= settings.burst) buckets.delete(key);
    }
    // Everyone is busy: forget the oldest entries rather than grow without bound.
    for (const key of buckets.keys()) {
      if (buckets.size < MAX_TRACKED) break;
      buckets.delete(key);
    }
  }

  return {
    take(key) {
      const at = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= MAX_TRACKED) prune(at);
        bucket = { tokens: settings.burst, at };
        buckets.set(key, bucket);
      } else {
        refill(bucket, at);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / settings.perSecond)),
      };
    },
  };
}
