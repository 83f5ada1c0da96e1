/**
 * The front door's decisions, free of I/O, following Azure Front Door (Standard/Premium):
 * how probe samples turn into origin health ("N successful samples out of the last M"),
 * and which origin serves a request (enabled → healthy → best priority → within the
 * latency sensitivity of the fastest → weighted; every enabled origin when none is healthy).
 */

export type ProbeMethod = 'HEAD' | 'GET';

/**
 * One origin group's health probe and load-balancing settings: AFD's
 * `healthProbeSettings` plus `loadBalancingSettings`, in milliseconds.
 */
export interface ProbeSettings {
  /** probePath */
  path: string;
  /** probeRequestType */
  method: ProbeMethod;
  /** probeIntervalInSeconds × 1000 */
  intervalMs: number;
  /** A probe slower than this counts as failed (not a setting Front Door exposes). */
  timeoutMs: number;
  /** sampleSize (M): how many recent samples are considered. */
  sampleSize: number;
  /** successfulSamplesRequired (N): how many of those must have succeeded. */
  successfulSamplesRequired: number;
  /** additionalLatencyInMilliseconds: origins this much slower than the fastest still share traffic. */
  additionalLatencyMs: number;
}

/**
 * The values a new Front Door Standard/Premium origin group gets in the Azure portal:
 * HEAD, every 100 s, 3 successes out of 4, 50 ms latency sensitivity. (The ARM
 * reference names 240 s as the API's default and the health-probe article 30 s; the
 * drill uses the portal's.) Detection of a dead origin takes 2 failed probes, 100-200 s.
 */
export const AFD_PROBE: ProbeSettings = {
  path: '/api/health',
  method: 'HEAD',
  intervalMs: 100_000,
  timeoutMs: 30_000,
  sampleSize: 4,
  successfulSamplesRequired: 3,
  additionalLatencyMs: 50,
};

/** Local default (`npm start`): the same rules with sub-second probes, so a stopped region is noticed in about a second. */
export const FAST_PROBE: ProbeSettings = {
  ...AFD_PROBE,
  method: 'GET',
  intervalMs: 500,
  timeoutMs: 1000,
};

export const FRONT_DOOR_PRESETS = { afd: AFD_PROBE, fast: FAST_PROBE } as const;
export type FrontDoorPreset = keyof typeof FRONT_DOOR_PRESETS;

export function isFrontDoorPreset(value: unknown): value is FrontDoorPreset {
  return value === 'afd' || value === 'fast';
}

export function validateProbeSettings(settings: ProbeSettings): ProbeSettings {
  const { sampleSize, successfulSamplesRequired, intervalMs, timeoutMs, additionalLatencyMs } = settings;
  if (!Number.isInteger(sampleSize) || sampleSize < 1)
    throw new Error('probe.sampleSize must be a positive integer');
  if (
    !Number.isInteger(successfulSamplesRequired) ||
    successfulSamplesRequired < 1 ||
    successfulSamplesRequired > sampleSize
  ) {
    throw new Error('probe.successfulSamplesRequired must be between 1 and probe.sampleSize');
  }
  if (!(intervalMs > 0) || !(timeoutMs > 0))
    throw new Error('probe.intervalMs and probe.timeoutMs must be positive');
  if (!(additionalLatencyMs >= 0)) throw new Error('probe.additionalLatencyMs must not be negative');
  if (settings.method !== 'HEAD' && settings.method !== 'GET')
    throw new Error('probe.method must be HEAD or GET');
  if (!settings.path.startsWith('/')) throw new Error('probe.path must start with /');
  return settings;
}

/** Failed probes in a row after which a healthy origin is out: M - N + 1. */
export function failuresToDetect(settings: ProbeSettings): number {
  return settings.sampleSize - settings.successfulSamplesRequired + 1;
}

export interface OriginHealth {
  /** Most recent last; at most sampleSize entries. */
  samples: readonly boolean[];
  healthy: boolean;
  /** Mean latency of the successful probes in the window; undefined before the first measured one. */
  latencyMs: number | undefined;
  /** Latencies of successful samples in the window (failed samples hold none). */
  latencies: readonly (number | undefined)[];
}

/**
 * A new origin starts healthy (its window is full of successes), as a newly added
 * Front Door origin does: traffic is not held back waiting for probes, and a dead
 * origin is detected after `sampleSize - successfulSamplesRequired + 1` failures.
 */
export function initialHealth(settings: ProbeSettings): OriginHealth {
  return {
    samples: Array.from({ length: settings.sampleSize }, () => true),
    healthy: true,
    latencyMs: undefined,
    latencies: Array.from({ length: settings.sampleSize }, () => undefined),
  };
}

export function recordSample(
  state: OriginHealth,
  ok: boolean,
  settings: ProbeSettings,
  latencyMs?: number,
): OriginHealth {
  const samples = [...state.samples, ok].slice(-settings.sampleSize);
  const latencies = [...state.latencies, ok ? latencyMs : undefined].slice(-settings.sampleSize);
  const measured = latencies.filter((l): l is number => l !== undefined);
  const successes = samples.filter(Boolean).length;
  return {
    samples,
    latencies,
    healthy: successes >= settings.successfulSamplesRequired,
    // Without a fresh measurement the last known latency stands: an origin that failed
    // a probe is not made to look fast or slow by it.
    latencyMs: measured.length ? measured.reduce((sum, l) => sum + l, 0) / measured.length : state.latencyMs,
  };
}

export interface RoutableOrigin {
  name: string;
  /** Lower is preferred (1 before 2), as in Front Door (1-5). */
  priority: number;
  /** Share of traffic among the eligible origins (Front Door: 1-1000). */
  weight: number;
  healthy: boolean;
  /** enabledState: a disabled origin never receives traffic. Default true. */
  enabled?: boolean;
  /** Probe latency; unknown latency counts as the fastest (no evidence against it). */
  latencyMs?: number | undefined;
}

function byPriority<T extends RoutableOrigin>(a: T, b: T): number {
  return a.priority - b.priority;
}

/** Weighted choice; `random` in [0, 1). Zero weights only win when all weights are zero. */
function weightedPick<T extends RoutableOrigin>(group: readonly T[], random: number): T | undefined {
  const total = group.reduce((sum, o) => sum + Math.max(0, o.weight), 0);
  if (total <= 0) return group[Math.min(group.length - 1, Math.floor(random * group.length))];
  let point = random * total;
  for (const origin of group) {
    point -= Math.max(0, origin.weight);
    if (point < 0) return origin;
  }
  return group[group.length - 1];
}

/**
 * The origins that may take a request, per Front Door: enabled ones; of those the
 * healthy ones (all of them when none is healthy); of those the best priority; of
 * those the ones within `additionalLatencyMs` of the fastest.
 */
export function eligibleOrigins<T extends RoutableOrigin>(
  origins: readonly T[],
  additionalLatencyMs: number,
): T[] {
  const enabled = origins.filter((o) => o.enabled !== false);
  const healthy = enabled.filter((o) => o.healthy);
  if (healthy.length === 0) return enabled;
  const top = Math.min(...healthy.map((o) => o.priority));
  const best = healthy.filter((o) => o.priority === top);
  const fastest = Math.min(...best.map((o) => o.latencyMs ?? 0));
  return best.filter((o) => (o.latencyMs ?? 0) <= fastest + additionalLatencyMs);
}

/**
 * Every enabled origin, in the order a request should try them. The first is a
 * weighted choice among the eligible origins; the rest follow by health, then
 * priority: the passive-failover candidates.
 */
export function routingOrder<T extends RoutableOrigin>(
  origins: readonly T[],
  random: number,
  additionalLatencyMs = Number.POSITIVE_INFINITY,
): T[] {
  const first = weightedPick(eligibleOrigins(origins, additionalLatencyMs), random);
  const rest = origins
    .filter((o) => o !== first && o.enabled !== false)
    .sort((a, b) => Number(b.healthy) - Number(a.healthy) || byPriority(a, b));
  return first ? [first, ...rest] : rest;
}

/** Methods Front Door may replay on another origin: they carry no body and change nothing. */
export function isReplayable(method: string | undefined): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}
