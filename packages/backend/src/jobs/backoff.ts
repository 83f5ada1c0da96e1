export interface BackoffSettings {
  /** Delay after the first failed attempt. */
  baseMs: number;
  /** Upper bound for any delay. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 2_000, maxMs: 60_000 };

/**
 * Exponential backoff with "equal jitter": after attempt n the delay is drawn from
 * [d/2, d) where d = base * 2^(n-1), capped at max. The jitter keeps 500 Cloud PCs
 * that failed together from retrying together; the floor keeps retries from
 * hammering a dependency that just failed. `random` returns a number in [0, 1).
 */
export function backoffDelayMs(
  attempt: number,
  settings: BackoffSettings = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.min(exponent, 30));
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}
