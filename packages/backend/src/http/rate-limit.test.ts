import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createRateLimiter', () => {
  it('allows a burst, then refuses with the seconds until a token is back', () => {
    const time = clock();
    const limiter = createRateLimiter({ perSecond: 2, burst: 3 }, time.now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(500);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('keeps callers apart', () => {
    const time = clock();
    const limiter = createRateLimiter({ perSecond: 1, burst: 1 }, time.now);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('never refills past the burst, and rounds Retry-After up to whole seconds', () => {
    const time = clock();
    const limiter = createRateLimiter({ perSecond: 0.25, burst: 2 }, time.now);
    time.advance(3_600_000);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });

  it('sustains exactly perSecond over time', () => {
    const time = clock();
    const limiter = createRateLimiter({ perSecond: 10, burst: 10 }, time.now);
    let allowed = 0;
    for (let ms = 0; ms < 10_000; ms += 10) {
      time.advance(10);
      if (limiter.take('a').allowed) allowed += 1;
    }
    // The initial burst plus 10 per second for 10 seconds, give or take one.
    expect(allowed).toBeGreaterThanOrEqual(109);
    expect(allowed).toBeLessThanOrEqual(110);
  });

  it('refuses nonsense settings', () => {
    expect(() => createRateLimiter({ perSecond: 0, burst: 1 })).toThrow();
    expect(() => createRateLimiter({ perSecond: 1, burst: 0 })).toThrow();
  });
});
